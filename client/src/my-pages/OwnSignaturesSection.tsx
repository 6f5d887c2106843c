import { textIn } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { fetchSigningOverview, type SigningOverview } from '../portal/portalApi';
import { formatDate, formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { ProblemMessage } from '../shared/ProblemMessage';
import { fetchOwnSubmissions, type OwnSubmission } from './myPagesApi';
import { useLoad } from '../shared/useLoad';
import './signing-and-drafts.css';

type Signed = { submission: OwnSubmission; signing: SigningOverview };

/** The own submissions that co-signers sign, each with its signing overview. */
async function coSignedSubmissions(signal: AbortSignal): Promise<Signed[]> {
  const submissions = await fetchOwnSubmissions(signal);
  const all = await Promise.all(submissions.map(async (submission) => ({ submission, signing: await fetchSigningOverview(submission.id, signal) })));
  return all.filter(({ signing }) => signing.coSigners.named > 0);
}

/**
 * "Underskrifter": for each own application that others co-sign, who has signed and when, how
 * many co-signers remain, and the deadline while it waits.
 */
export function OwnSignaturesSection({ municipalityId }: { municipalityId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [signed] = useLoad(municipalityId, coSignedSubmissions);
  if (signed.state === 'ready' && signed.value.length === 0) return null;
  return (
    <section aria-labelledby="own-signatures-heading" data-testid="own-signatures">
      <h2 id="own-signatures-heading">{t('citizenJourney.signatures.heading')}</h2>
      {signed.state === 'failed' && <ProblemMessage problem={signed.problem} />}
      {signed.state === 'ready' &&
        signed.value.map(({ submission, signing }) => {
          const title = textIn(submission.eserviceTitle, language) ?? submission.eserviceId;
          const waiting = signing.state === 'awaiting-signature' || signing.state === 'awaiting-co-signatures' || signing.state === 'signature-expired';
          return (
            <article key={submission.id} className="signature-overview" aria-labelledby={`signatures-${submission.id}`} data-testid="own-signature-overview">
              <h3 id={`signatures-${submission.id}`}>
                {title} <span className="receipt-number-inline">({submission.receiptNumber})</span>
              </h3>
              {waiting && <p data-testid="own-signature-state">{t(`citizenJourney.statuses.${signing.state as 'awaiting-signature'}`)}</p>}
              <ul data-testid="own-signature-list">
                {signing.signatures.map((signature) => (
                  <li key={`${signature.role}-${signature.signedAt}`}>
                    {t('citizenJourney.signatures.signedBy', {
                      name: signature.name,
                      role: t(`citizenJourney.signatures.roles.${signature.role as 'applicant'}`),
                      date: formatDateTime(signature.signedAt, language),
                    })}
                  </li>
                ))}
              </ul>
              <p>{t('citizenJourney.signatures.waiting', signing.coSigners)}</p>
              {signing.state === 'awaiting-co-signatures' && signing.deadline && (
                <p>{t('citizenJourney.signatures.deadline', { date: formatDate(signing.deadline, language) })}</p>
              )}
              {signing.notice && <p className="note">{signing.notice[language]}</p>}
            </article>
          );
        })}
    </section>
  );
}
