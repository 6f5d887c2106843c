import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { textIn, type LocalizedText } from '@etjanst/schemas';
import { ProblemMessage } from '../shared/ProblemMessage';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { registerPaperCase, type PaperCaseInput } from './inboxApi';

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

/** Registers a case that came on paper, so the digital share in the statistics is true. */
export function PaperCaseForm({ base, eservices, onRegistered }: { base: string; eservices: { id: string; title: LocalizedText }[]; onRegistered: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const empty: PaperCaseInput = { eserviceId: eservices[0]?.id ?? '', receivedOn: today(), applicantName: '', applicantPersonalIdentityNumber: '', summary: '' };
  const [input, setInput] = useState<PaperCaseInput>(empty);
  const [phase, setPhase] = useState<'idle' | 'saving' | { receiptNumber: string } | Problem>('idle');
  const field = (name: keyof PaperCaseInput) => ({
    id: `paper-${name}`,
    value: input[name],
    onChange: (event: { target: { value: string } }) => setInput({ ...input, [name]: event.target.value }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPhase('saving');
    registerPaperCase(base, { ...input, eserviceId: input.eserviceId || (eservices[0]?.id ?? '') }).then(
      (created) => {
        setInput(empty);
        setPhase({ receiptNumber: created.receiptNumber });
        onRegistered();
      },
      (error: unknown) => setPhase(problemOf(error)),
    );
  };
  return (
    <details className="paper-case">
      <summary>{t('cases.inbox.paperTitle')}</summary>
      <p>{t('cases.inbox.paperIntro')}</p>
      <form onSubmit={submit} noValidate>
        <div className="form-group">
          <label htmlFor="paper-eserviceId">{t('cases.inbox.eservice')}</label>
          <select {...field('eserviceId')}>
            {eservices.map((e) => (
              <option key={e.id} value={e.id}>
                {textIn(e.title, language) ?? e.id}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <label htmlFor="paper-receivedOn">{t('cases.inbox.receivedOn')}</label>
          <input type="date" max={today()} required {...field('receivedOn')} />
        </div>
        <div className="form-group">
          <label htmlFor="paper-applicantName">{t('cases.inbox.applicantName')}</label>
          <input type="text" autoComplete="off" maxLength={5000} {...field('applicantName')} />
        </div>
        <div className="form-group">
          <label htmlFor="paper-applicantPersonalIdentityNumber">{t('cases.inbox.applicantPnr')}</label>
          <input type="text" inputMode="numeric" autoComplete="off" maxLength={13} {...field('applicantPersonalIdentityNumber')} />
        </div>
        <div className="form-group">
          <label htmlFor="paper-summary">{t('cases.inbox.summary')}</label>
          <textarea rows={4} maxLength={5000} required {...field('summary')} />
        </div>
        {typeof phase === 'object' && 'messages' in phase && <ProblemMessage problem={phase} />}
        {typeof phase === 'object' && 'receiptNumber' in phase && (
          <p role="status" className="notice">
            {t('cases.inbox.registered', { receiptNumber: phase.receiptNumber })}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={phase === 'saving'}>
          {phase === 'saving' ? t('cases.inbox.saving') : t('cases.inbox.register')}
        </button>
      </form>
    </details>
  );
}
