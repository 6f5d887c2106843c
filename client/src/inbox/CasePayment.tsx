import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { amountText } from '../portal/PaymentStep';
import { ProblemMessage } from '../shared/ProblemMessage';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { checkRefund, refundFee, type CasePaymentView } from './inboxApi';

const OPEN = new Set(['CREATED', 'DEBITED']);

/**
 * A case's fee for its handler: paid or not, and the refund (sent to the payment provider that
 * took the fee; it settles later, so an open refund can be asked about again).
 */
export function CasePayment({ base, receiptNumber, payment, onChanged }: { base: string; receiptNumber: string; payment: CasePaymentView; onChanged: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [note, setNote] = useState('');
  const [phase, setPhase] = useState<'idle' | 'busy' | Problem>('idle');
  const refund = payment.refund;
  const open = refund !== null && OPEN.has(refund.status);
  const refundable = payment.paidAt !== null && payment.refundedAt === null && !open;

  const act = (work: () => Promise<unknown>) => {
    setPhase('busy');
    work().then(
      () => {
        setPhase('idle');
        setNote('');
        onChanged();
      },
      (error: unknown) => setPhase(problemOf(error)),
    );
  };

  const state = payment.refundedAt
    ? t('cases.inbox.payment.refunded', { at: formatDateTime(payment.refundedAt, language) })
    : open
      ? t('cases.inbox.payment.refunding')
      : payment.paidAt
        ? t('cases.inbox.payment.paid', { at: formatDateTime(payment.paidAt, language) })
        : t('cases.inbox.payment.unpaid');
  return (
    <section aria-labelledby="case-payment-heading">
      <h2 id="case-payment-heading">{t('cases.inbox.payment.title')}</h2>
      <dl className="case-facts">
        <dt>{t('cases.inbox.payment.fee')}</dt>
        <dd>{amountText(payment.amount, language)}</dd>
        <dt>{t('cases.inbox.payment.state')}</dt>
        <dd data-testid="case-payment-state">{state}</dd>
      </dl>
      {refund?.status === 'ERROR' && !payment.refundedAt && (
        <p className="problem" role="status">
          {t('cases.inbox.payment.refundFailed', { code: refund.errorCode ?? '' })}
        </p>
      )}
      {typeof phase === 'object' && <ProblemMessage problem={phase} />}
      {open && (
        <button type="button" className="btn btn-secondary" disabled={phase === 'busy'} onClick={() => act(() => checkRefund(base, receiptNumber))}>
          {t('cases.inbox.payment.checkRefund')}
        </button>
      )}
      {refundable && (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            act(() => refundFee(base, receiptNumber, note));
          }}
        >
          <div className="form-group">
            <label htmlFor="case-refund-note">{t('cases.inbox.payment.note')}</label>
            <textarea id="case-refund-note" rows={2} maxLength={1000} value={note} onChange={(event) => setNote(event.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary" disabled={phase === 'busy'}>
            {t('cases.inbox.payment.refund', { amount: amountText(payment.amount, language) })}
          </button>
        </form>
      )}
    </section>
  );
}
