import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { textIn } from '@etjanst/schemas';
import { ProblemMessage } from '../shared/ProblemMessage';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { fetchOwnCase, isCaseStatus, markCaseMessagesRead, replyToCase, type CaseMessage, type OwnCase, type StatusChange } from './caseApi';
import { fetchOwnSubmissions, type OwnSubmission } from './myPagesApi';

/**
 * Mina sidor: per delivered case its status history and the messages with the municipality,
 * and a form to answer. Submissions still waiting for signatures are not cases yet.
 */
export function CaseFollowUpSection() {
  const { t } = useTranslation();
  const [cases, setCases] = useState<OwnSubmission[] | Problem | undefined>();
  useEffect(() => {
    const controller = new AbortController();
    fetchOwnSubmissions(controller.signal).then(
      (items) => setCases(items.filter((item) => isCaseStatus(item.status))),
      (error: unknown) => !controller.signal.aborted && setCases(problemOf(error)),
    );
    return () => controller.abort();
  }, []);
  if (Array.isArray(cases) && cases.length === 0) return null;
  return (
    <section aria-labelledby="case-follow-up-heading" data-testid="case-follow-up">
      <h2 id="case-follow-up-heading">{t('cases.follow.title')}</h2>
      <p>{t('cases.follow.intro')}</p>
      {cases === undefined && <p role="status">{t('cases.follow.loading')}</p>}
      {cases && !Array.isArray(cases) && <ProblemMessage problem={cases} />}
      {Array.isArray(cases) && cases.map((submission) => <CaseThread key={submission.id} submission={submission} />)}
    </section>
  );
}

function CaseThread({ submission }: { submission: OwnSubmission }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [state, setState] = useState<OwnCase | Problem | undefined>();
  const load = (signal?: AbortSignal) =>
    fetchOwnCase(submission.id, signal).then(
      (value) => !signal?.aborted && setState(value),
      (error: unknown) => !signal?.aborted && setState(problemOf(error)),
    );
  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [submission.id]);

  const eservice = textIn(submission.eserviceTitle, language) ?? submission.eserviceId;
  const found = state && 'history' in state ? state : undefined;
  const unread = found?.messages.some((m) => m.direction === 'to-citizen' && m.readAt === null) ?? false;
  const opened = (open: boolean) => {
    if (open && unread) void markCaseMessagesRead(submission.id).then(() => load(), () => undefined);
  };
  return (
    <article className="case-thread" data-testid="case-thread" data-receipt-number={submission.receiptNumber}>
      <h3>{t('cases.follow.caseHeading', { eservice, receiptNumber: submission.receiptNumber })}</h3>
      {state === undefined && <p role="status">{t('cases.follow.loading')}</p>}
      {state && !found && <ProblemMessage problem={state as Problem} />}
      {found && (
        <>
          <p data-testid="case-status">
            <strong>{t('cases.follow.currentStatus', { status: t(`cases.statuses.${found.status}`) })}</strong>
            {unread && <span className="badge"> {t('cases.follow.newMessages')}</span>}
          </p>
          <details onToggle={(event) => opened(event.currentTarget.open)}>
            <summary>
              {t('cases.follow.history')}, {t('cases.follow.messages').toLowerCase()}
            </summary>
            <StatusHistory history={found.history} />
            <Messages messages={found.messages} />
            {found.status === 'closed' ? <p>{t('cases.follow.closed')}</p> : <ReplyForm submissionId={submission.id} onSent={() => load()} />}
          </details>
        </>
      )}
    </article>
  );
}

function StatusHistory({ history }: { history: StatusChange[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <>
      <h4>{t('cases.follow.history')}</h4>
      <ol className="case-history" data-testid="case-history">
        {history.map((change) => (
          <li key={`${change.changedAt}-${change.status}`}>
            <time dateTime={change.changedAt}>{formatDateTime(change.changedAt, language)}</time>: {t(`cases.statuses.${change.status}`)} ({t(`cases.actors.${change.actorKind}`)})
            {change.note && <p className="case-note">{change.note}</p>}
          </li>
        ))}
      </ol>
    </>
  );
}

function Messages({ messages }: { messages: CaseMessage[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <>
      <h4>{t('cases.follow.messages')}</h4>
      {messages.length === 0 ? (
        <p>{t('cases.follow.noMessages')}</p>
      ) : (
        <ol className="case-messages" data-testid="case-messages">
          {messages.map((message) => (
            <li key={message.id} className={`case-message case-message-${message.direction}`}>
              <p className="case-message-meta">
                {message.direction === 'to-citizen' ? `${t('cases.follow.fromMunicipality')} (${message.authorName})` : t('cases.follow.fromYou')},{' '}
                <time dateTime={message.createdAt}>{formatDateTime(message.createdAt, language)}</time>
              </p>
              <p className="case-message-body">{message.body}</p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function ReplyForm({ submissionId, onSent }: { submissionId: string; onSent: () => void }) {
  const { t } = useTranslation();
  const fieldId = useId();
  const [body, setBody] = useState('');
  const [phase, setPhase] = useState<'idle' | 'sending' | 'sent' | Problem>('idle');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPhase('sending');
    replyToCase(submissionId, body).then(
      () => {
        setBody('');
        setPhase('sent');
        onSent();
      },
      (error: unknown) => setPhase(problemOf(error)),
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <div className="form-group">
        <label htmlFor={fieldId}>{t('cases.follow.replyLabel')}</label>
        <textarea id={fieldId} value={body} maxLength={5000} rows={4} required onChange={(event) => setBody(event.target.value)} />
      </div>
      {typeof phase === 'object' && <ProblemMessage problem={phase} />}
      {phase === 'sent' && (
        <p role="status" className="notice">
          {t('cases.follow.sent')}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={phase === 'sending' || body.trim() === ''}>
        {phase === 'sending' ? t('cases.follow.sending') : t('cases.follow.send')}
      </button>
    </form>
  );
}
