import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { ContactDetailsOutcome } from './ContactDetailsOutcome';
import { amountText } from './PaymentStep';
import type { Receipt } from './portalApi';

interface ReceiptViewProps {
  /** The submit response; `receiptUrl` is a download link that works for one hour */
  receipt: Receipt & { receiptUrl?: string };
  /** The e-service's own receipt text, in the form's language */
  message: string | undefined;
  municipality: string;
  /** Whether the contact details the citizen chose to save were saved (undefined: not chosen) */
  contactDetails?: 'saved' | 'failed';
}

/** Confirms a submission with its receipt number and time. */
export function ReceiptView({ receipt, message, municipality, contactDetails }: ReceiptViewProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const awaitingCoSigners = receipt.state === 'awaiting-co-signatures';
  return (
    <section className="receipt" aria-labelledby="receipt-heading">
      <h2 id="receipt-heading" ref={headingRef} tabIndex={-1}>
        {awaitingCoSigners ? t('receipt.signedTitle') : t('receipt.title')}
      </h2>
      {awaitingCoSigners && (
        <div className="notice" data-testid="co-signing-notice">
          <p className="note-title">{t('receipt.coSignTitle')}</p>
          <p>
            {receipt.coSignDeadline
              ? t('receipt.coSign', { date: formatDate(receipt.coSignDeadline, language) })
              : t('receipt.coSignNoDate')}
          </p>
          <p>
            <Link to="/mina-sidor">{t('receipt.coSignFollow')}</Link>
          </p>
        </div>
      )}
      <dl className="answers">
        <div>
          <dt>{t('receipt.number')}</dt>
          <dd data-testid="receipt-number">{receipt.receiptNumber}</dd>
        </div>
        <div>
          <dt>{awaitingCoSigners ? t('receipt.timeSaved') : t('receipt.time')}</dt>
          <dd>
            <time dateTime={receipt.submittedAt}>{formatDateTime(receipt.submittedAt, language)}</time>
          </dd>
        </div>
        {receipt.paidAmount && (
          <div>
            <dt>{t('payment.paidReceipt')}</dt>
            <dd data-testid="receipt-paid">{amountText(receipt.paidAmount, language)}</dd>
          </div>
        )}
      </dl>
      {receipt.receiptUrl && (
        <p>
          <a href={receipt.receiptUrl} download={`${language === 'sv' ? 'kvitto' : 'receipt'}-${receipt.receiptNumber}.pdf`} type="application/pdf">
            {language === 'sv' ? 'Ladda ner kvittot (PDF)' : 'Download the receipt (PDF)'}
          </a>
          <br />
          <span className="note">
            {language === 'sv' ? 'Länken fungerar i en timme.' : 'The link works for one hour.'}
          </span>
        </p>
      )}
      {message && <p>{message}</p>}
      {contactDetails && <ContactDetailsOutcome outcome={contactDetails} failedText="saveContact.failed" />}
      <p>{t('receipt.keep')}</p>
      <p>
        <Link to={`/${municipality}`}>{t('eservice.backToCatalogue')}</Link>
      </p>
    </section>
  );
}
