import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { textIn } from '@etjanst/schemas';
import { CASE_STATUSES, type CaseStatus } from '../my-pages/caseApi';
import { ProblemMessage } from '../shared/ProblemMessage';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { useLoad } from '../shared/useLoad';
import { usePageTitle } from '../shared/usePageTitle';
import { CasePayment } from './CasePayment';
import { StaffLoginNeeded, useHandlerLogin } from './handlerLogin';
import { assignCase, fetchCase, fetchColleagues, inboxPath, markRepliesRead, messageApplicant, setCaseStatus, type AnswerRow, type CaseDetail } from './inboxApi';

/** One case in the inbox (/handlaggning/:municipality/:department/:receiptNumber), on a staff login: answers, attachments, status, messages, assignment. */
export function CasePage() {
  const { t } = useTranslation();
  const { municipality = '', department = '', receiptNumber = '' } = useParams();
  usePageTitle(t('cases.inbox.caseTitle', { receiptNumber }));
  const login = useHandlerLogin();
  const base = login.state === 'ready' && login.value ? inboxPath(municipality, department) : null;
  const [found, reload] = useLoad(base && `${base}/${receiptNumber}`, (signal) => fetchCase(base!, receiptNumber, signal));
  const loading = login.state === 'loading' || (base !== null && found.state === 'loading');
  return (
    <>
      <p>
        <Link to={`/handlaggning?${new URLSearchParams({ kommun: municipality, forvaltning: department }).toString()}`}>{t('cases.inbox.backToList')}</Link>
      </p>
      <h1>{t('cases.inbox.caseTitle', { receiptNumber })}</h1>
      {login.state === 'failed' && <ProblemMessage problem={login.problem} />}
      {login.state === 'ready' && !login.value && <StaffLoginNeeded />}
      {loading && <p role="status">{t('cases.inbox.loading')}</p>}
      {found.state === 'failed' && <ProblemMessage problem={found.problem} />}
      {found.state === 'ready' && base && <CaseView base={base} found={found.value} reload={reload} />}
    </>
  );
}

function CaseView({ base, found, reload }: { base: string; found: CaseDetail; reload: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const unread = found.messages.some((m) => m.direction === 'from-citizen' && m.readAt === null);
  return (
    <>
      <dl className="case-facts">
        <dt>{t('cases.inbox.eservice')}</dt>
        <dd>{textIn(found.eserviceTitle, language) ?? found.eserviceId}</dd>
        <dt>{t('cases.inbox.received')}</dt>
        <dd>{formatDateTime(found.submittedAt, language)}</dd>
        <dt>{t('cases.inbox.channel')}</dt>
        <dd>{t(`cases.channels.${found.channel}`)}</dd>
        <dt>{t('cases.inbox.status')}</dt>
        <dd data-testid="case-status">{t(`cases.statuses.${found.status}`)}</dd>
        <dt>{t('cases.inbox.applicant')}</dt>
        <dd>{found.applicantName ? `${found.applicantName}${found.applicantPersonalIdentityNumber ? `, ${found.applicantPersonalIdentityNumber}` : ''}` : t('cases.inbox.anonymous')}</dd>
        <dt>{t('cases.inbox.assignee')}</dt>
        <dd>{found.assignee?.name ?? t('cases.inbox.nobody')}</dd>
      </dl>
      {found.paperSummary && (
        <section aria-labelledby="paper-summary-heading">
          <h2 id="paper-summary-heading">{t('cases.inbox.paperSummary')}</h2>
          <p>{found.paperSummary}</p>
        </section>
      )}
      <section aria-labelledby="answers-heading">
        <h2 id="answers-heading">{t('cases.inbox.answers')}</h2>
        {found.sections.map((section) => (
          <div key={section.title}>
            <h3>{section.title}</h3>
            <Rows rows={section.rows} />
          </div>
        ))}
      </section>
      <section aria-labelledby="attachments-heading">
        <h2 id="attachments-heading">{t('cases.inbox.attachments')}</h2>
        {found.attachments.length === 0 ? (
          <p>{t('cases.inbox.noAttachments')}</p>
        ) : (
          <ul>
            {found.attachments.map((a) => (
              <li key={a.id}>
                <a href={a.url} download>
                  {a.name}
                </a>{' '}
                ({Math.ceil(a.size / 1024)} kB)
              </li>
            ))}
          </ul>
        )}
      </section>
      {found.payment && <CasePayment base={base} receiptNumber={found.receiptNumber} payment={found.payment} onChanged={reload} />}
      <StatusForm base={base} found={found} onSaved={reload} />
      <AssignForm base={base} found={found} onSaved={reload} />
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t('cases.inbox.history')}</h2>
        <ol className="case-history">
          {found.history.map((change) => (
            <li key={`${change.changedAt}-${change.status}`}>
              <time dateTime={change.changedAt}>{formatDateTime(change.changedAt, language)}</time>: {t(`cases.statuses.${change.status}`)} ({change.actorName})
              {change.note && <p className="case-note">{change.note}</p>}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading">{t('cases.inbox.messages')}</h2>
        {found.messages.length === 0 ? (
          <p>{t('cases.inbox.noMessages')}</p>
        ) : (
          <ol className="case-messages">
            {found.messages.map((m) => (
              <li key={m.id} className={`case-message case-message-${m.direction}`}>
                <p className="case-message-meta">
                  {m.authorName}, <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, language)}</time>
                </p>
                <p className="case-message-body">{m.body}</p>
              </li>
            ))}
          </ol>
        )}
        {unread && (
          <button type="button" className="btn btn-secondary" onClick={() => void markRepliesRead(base, found.receiptNumber).then(reload, reload)}>
            {t('cases.inbox.markRead')}
          </button>
        )}
        {found.applicantPersonalIdentityNumber ? <MessageForm base={base} found={found} onSent={reload} /> : <p className="note">{t('cases.inbox.noMyPages')}</p>}
      </section>
    </>
  );
}

function Rows({ rows }: { rows: AnswerRow[] }) {
  return (
    <dl className="answers">
      {rows.map((row, index) => (
        <div key={`${row.label}-${index}`}>
          <dt>{row.label}</dt>
          <dd>{row.rows ? <Rows rows={row.rows} /> : row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

type Phase = 'idle' | 'saving' | 'saved' | Problem;

/** A form in the case view: a heading, its fields, the outcome and one button. */
function CaseForm({ title, submitLabel, savedText, phase, onSubmit, children }: { title: string; submitLabel: string; savedText: string; phase: Phase; onSubmit: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <form
        noValidate
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        {children}
        {typeof phase === 'object' && <ProblemMessage problem={phase} />}
        {phase === 'saved' && (
          <p role="status" className="notice">
            {savedText}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={phase === 'saving'}>
          {phase === 'saving' ? t('cases.inbox.saving') : submitLabel}
        </button>
      </form>
    </section>
  );
}

const run = (setPhase: (phase: Phase) => void, work: Promise<unknown>, after: () => void) => {
  setPhase('saving');
  work.then(
    () => {
      setPhase('saved');
      after();
    },
    (error: unknown) => setPhase(problemOf(error)),
  );
};

function StatusForm({ base, found, onSaved }: { base: string; found: CaseDetail; onSaved: () => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<CaseStatus>(found.status);
  const [note, setNote] = useState('');
  const [phase, setPhase] = useState<Phase>('idle');
  return (
    <CaseForm
      title={t('cases.inbox.setStatus')}
      submitLabel={t('cases.inbox.saveStatus')}
      savedText={t('cases.inbox.statusSaved')}
      phase={phase}
      onSubmit={() => run(setPhase, setCaseStatus(base, found.receiptNumber, status, note), () => (setNote(''), onSaved()))}
    >
      <div className="form-group">
        <label htmlFor="case-new-status">{t('cases.inbox.newStatus')}</label>
        <select id="case-new-status" value={status} onChange={(event) => setStatus(event.target.value as CaseStatus)}>
          {CASE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`cases.statuses.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="form-group">
        <label htmlFor="case-note">{t('cases.inbox.note')}</label>
        <textarea id="case-note" rows={2} maxLength={5000} value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
    </CaseForm>
  );
}

function MessageForm({ base, found, onSent }: { base: string; found: CaseDetail; onSent: () => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [phase, setPhase] = useState<Phase>('idle');
  return (
    <CaseForm
      title={t('cases.inbox.writeMessage')}
      submitLabel={t('cases.inbox.send')}
      savedText={t('cases.inbox.messageSent')}
      phase={phase}
      onSubmit={() => run(setPhase, messageApplicant(base, found.receiptNumber, body), () => (setBody(''), onSent()))}
    >
      <div className="form-group">
        <label htmlFor="case-message">{t('cases.inbox.message')}</label>
        <textarea id="case-message" rows={4} maxLength={5000} required value={body} onChange={(event) => setBody(event.target.value)} />
      </div>
    </CaseForm>
  );
}

function AssignForm({ base, found, onSaved }: { base: string; found: CaseDetail; onSaved: () => void }) {
  const { t } = useTranslation();
  const [colleagues] = useLoad(base, (signal) => fetchColleagues(base, signal));
  const [assignee, setAssignee] = useState(found.assignee?.id ?? '');
  const [phase, setPhase] = useState<Phase>('idle');
  return (
    <CaseForm
      title={t('cases.inbox.assign')}
      submitLabel={t('cases.inbox.saveAssignee')}
      savedText={t('cases.inbox.assigned')}
      phase={phase}
      onSubmit={() => run(setPhase, assignCase(base, found.receiptNumber, assignee || null), onSaved)}
    >
      <div className="form-group">
        <label htmlFor="case-assignee">{t('cases.inbox.assignee')}</label>
        <select id="case-assignee" value={assignee} onChange={(event) => setAssignee(event.target.value)}>
          <option value="">{t('cases.inbox.nobody')}</option>
          {colleagues.state === 'ready' &&
            colleagues.value.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
        </select>
      </div>
    </CaseForm>
  );
}
