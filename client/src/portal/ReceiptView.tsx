import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import type { Receipt } from './portalApi';

interface ReceiptViewProps {
  receipt: Receipt;
  /** The e-service's own receipt text, in the form's language */
  message: string | undefined;
  municipality: string;
}

/** Confirms a submission with its receipt number and time. */
export function ReceiptView({ receipt, message, municipality }: ReceiptViewProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="receipt" aria-labelledby="receipt-heading">
      <h2 id="receipt-heading" ref={headingRef} tabIndex={-1}>
        {t('receipt.title')}
      </h2>
      <dl className="answers">
        <div>
          <dt>{t('receipt.number')}</dt>
          <dd data-testid="receipt-number">{receipt.receiptNumber}</dd>
        </div>
        <div>
          <dt>{t('receipt.time')}</dt>
          <dd>
            <time dateTime={receipt.submittedAt}>{formatDateTime(receipt.submittedAt, language)}</time>
          </dd>
        </div>
      </dl>
      {message && <p>{message}</p>}
      <p>{t('receipt.keep')}</p>
      <p>
        <Link to={`/${municipality}`}>{t('eservice.backToCatalogue')}</Link>
      </p>
    </section>
  );
}
