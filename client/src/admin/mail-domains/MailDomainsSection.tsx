import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, putJson, segment } from '../../shared/api';
import { useLanguage } from '../../shared/i18n';
import { problemOf, type Problem } from '../../shared/problem';
import { useLoad } from '../../shared/useLoad';
import { ErrorSummary, Field, fieldMessage, fieldOf } from '../staff/AdminForm';

const INPUT_ID = 'mail-domains';
const pathOf = (municipality: string) => `/api/municipalities/${segment(municipality)}/mail-domains`;

/**
 * The e-mail domains the municipality calls its own: e-services that collect personal data may
 * e-mail it only there (SK-GDPR-005). Set here by its administrator, so no designer or vendor
 * widens it by choosing an e-service's contact address.
 */
export function MailDomainsSection({ municipality }: { municipality: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [loaded] = useLoad(municipality, (signal) => getJson<{ domains: string[] }>(pathOf(municipality), signal));
  const [text, setText] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const shown = text ?? (loaded.state === 'ready' ? loaded.value.domains.join('\n') : '');

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setNotice('');
    try {
      const saved = await putJson<{ domains: string[] }>(pathOf(municipality), { domains: shown.split('\n').map((line) => line.trim()).filter(Boolean) });
      setText(saved.domains.join('\n'));
      setNotice(t('adminMailDomains.saved'));
    } catch (error) {
      setProblem(problemOf(error));
    }
    setBusy(false);
  };

  // the problem names the line as domains.N; the summary links each of them to the one text box
  const field = fieldOf(problem);
  return (
    <section aria-labelledby="mail-domains-heading">
      <h2 id="mail-domains-heading">{t('adminMailDomains.title')}</h2>
      <p>{t('adminMailDomains.intro')}</p>
      <p role="status" className={notice ? 'notice' : 'visually-hidden'} data-testid="mail-domains-notice">
        {notice}
      </p>
      {problem && <ErrorSummary problem={problem} inputIds={{ domains: INPUT_ID, ...(field ? { [field]: INPUT_ID } : {}) }} />}
      <form noValidate onSubmit={(event) => void save(event)} aria-labelledby="mail-domains-heading">
        <Field id={INPUT_ID} label={t('adminMailDomains.label')} hint={t('adminMailDomains.hint')} error={field ? fieldMessage(problem, field, language) : undefined}>
          {(props) => <textarea {...props} className="form-control" rows={4} spellCheck={false} value={shown} disabled={loaded.state !== 'ready'} onChange={(event) => setText(event.target.value)} />}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={busy || loaded.state !== 'ready'}>
          {t('adminMailDomains.save')}
        </button>
      </form>
    </section>
  );
}
