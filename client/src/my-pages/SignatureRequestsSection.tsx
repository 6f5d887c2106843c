import { textIn } from '@etjanst/schemas';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BankIdPanel } from '../identity/BankIdPanel';
import { cancelSigning, pollSigning, startSigning } from '../portal/portalApi';
import { formatDate, formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { ProblemMessage } from '../shared/ProblemMessage';
import { fetchSignatureRequests, type AnswerRow, type SignatureRequest } from './signingApi';
import { useLoad } from '../shared/useLoad';
import './signing-and-drafts.css';

/**
 * "Att skriva under": applications that name the citizen as co-signer (the other guardian),
 * each with the applicant, the deadline, the same summary the applicant signed, and BankID.
 */
export function SignatureRequestsSection({ municipalityId }: { municipalityId: string }) {
  const { t } = useTranslation();
  const [requests, reload] = useLoad(municipalityId, fetchSignatureRequests);
  const [signed, setSigned] = useState('');
  const onSigned = useCallback(
    (receiptNumber: string) => {
      setSigned(t('citizenJourney.signatureRequests.signed', { number: receiptNumber }));
      reload();
    },
    [t, reload],
  );
  return (
    <section aria-labelledby="signature-requests-heading" data-testid="signature-requests">
      <h2 id="signature-requests-heading">{t('citizenJourney.signatureRequests.heading')}</h2>
      <p>{t('citizenJourney.signatureRequests.intro')}</p>
      <p role="status" data-testid="signature-requests-status">
        {requests.state === 'loading' ? t('citizenJourney.signatureRequests.loading') : signed}
      </p>
      {requests.state === 'failed' && <ProblemMessage problem={requests.problem} />}
      {requests.state === 'ready' && requests.value.length === 0 && <p>{t('citizenJourney.signatureRequests.empty')}</p>}
      {requests.state === 'ready' &&
        requests.value.map((request) => <RequestItem key={request.submissionId} request={request} onSigned={onSigned} />)}
    </section>
  );
}

function RequestItem({ request, onSigned }: { request: SignatureRequest; onSigned: (receiptNumber: string) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [open, setOpen] = useState(false);
  const { submissionId } = request;
  const title = textIn(request.eserviceTitle, language) ?? request.eserviceId;
  const start = useCallback(() => startSigning(submissionId), [submissionId]);
  const poll = useCallback((orderId: string, signal: AbortSignal) => pollSigning(submissionId, orderId, signal), [submissionId]);
  const cancel = useCallback((orderId: string) => cancelSigning(submissionId, orderId), [submissionId]);
  const onComplete = useCallback(async () => onSigned(request.receiptNumber), [onSigned, request.receiptNumber]);
  const contentId = `sign-${submissionId}`;
  return (
    <article className="signature-request" aria-labelledby={`${contentId}-title`} data-testid="signature-request">
      <h3 id={`${contentId}-title`}>
        {title} <span className="receipt-number-inline">({request.receiptNumber})</span>
      </h3>
      <p>{t('citizenJourney.signatureRequests.from', { name: request.applicantName ?? '', date: formatDateTime(request.submittedAt, language) })}</p>
      {request.deadline && <p>{t('citizenJourney.signatureRequests.deadline', { date: formatDate(request.deadline, language) })}</p>}
      <button type="button" className="btn btn-primary" aria-expanded={open} aria-controls={contentId} data-testid="review-and-sign" onClick={() => setOpen(!open)}>
        {open ? t('citizenJourney.signatureRequests.hide') : t('citizenJourney.signatureRequests.show')}
        <span className="visually-hidden"> {title}</span>
      </button>
      <div id={contentId} hidden={!open}>
        {open && (
          <>
            <section className="signing-content" aria-label={t('citizenJourney.signatureRequests.whatYouSign')} data-testid="co-sign-summary">
              {request.sections.map((section) => (
                <div key={section.title} className="summary-step">
                  <h4>{section.title}</h4>
                  <Rows rows={section.rows} />
                </div>
              ))}
            </section>
            <BankIdPanel
              start={start}
              poll={poll}
              cancel={cancel}
              onComplete={onComplete}
              level={3}
              texts={{
                heading: t('citizenJourney.signatureRequests.panelHeading'),
                complete: t('citizenJourney.signatureRequests.complete'),
                qrAlt: t('citizenJourney.signatureRequests.qrAlt'),
              }}
            />
          </>
        )}
      </div>
    </article>
  );
}

function Rows({ rows }: { rows: AnswerRow[] }) {
  return (
    <dl className="answers">
      {rows.map((row, index) => (
        // rows have no ids; the position is their identity
        <div key={index}>
          <dt>{row.label}</dt>
          <dd>{row.rows ? <Rows rows={row.rows} /> : row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
