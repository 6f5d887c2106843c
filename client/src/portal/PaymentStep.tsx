import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '@etjanst/schemas';
import { formatDateTime } from '../shared/formatDate';
import { ProblemMessage } from '../shared/ProblemMessage';
import { problemOf, type Problem } from '../shared/problem';
import { fetchPayment, startPayment, type PaymentView, type Receipt } from './portalApi';

/** "600.00" as people read it: "600,00 kr" / "600.00 kr". */
export const amountText = (amount: string, language: Language) =>
  `${Number(amount).toLocaleString(language === 'sv' ? 'sv-SE' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} kr`;

const POLL_MS = 2000;

/**
 * "Betala med Swish": the submission is stored but not sent until its fee is paid. The citizen
 * starts a payment (optionally to their Swish number), approves it in the app, and this page
 * follows it until paid, declined or failed (a retry is offered).
 */
export function PaymentStep({ receipt, language, onPaid }: { receipt: Receipt; language: Language; onPaid: (receipt: Receipt) => void }) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [view, setView] = useState<PaymentView | null>(null);
  const [phone, setPhone] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const { submissionId } = receipt;
  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    const controller = new AbortController();
    void fetchPayment(submissionId, controller.signal).then(setView, () => undefined);
    return () => controller.abort();
  }, [submissionId]);
  const waiting = view?.state === 'awaiting-payment' && view.request?.status === 'CREATED';
  // while a request is open the server asks the provider too: a lost callback is found this way
  useEffect(() => {
    if (!waiting) return;
    const controller = new AbortController();
    const timer = setInterval(() => void fetchPayment(submissionId, controller.signal).then(setView, () => undefined), POLL_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [waiting, submissionId]);
  useEffect(() => {
    if (view?.state === 'submitted') onPaid({ ...receipt, state: 'submitted', paidAmount: view.amount });
  }, [view, receipt, onPaid]);

  async function pay(): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      setView(await startPayment(submissionId, phone.trim()));
    } catch (error) {
      setProblem(problemOf(error));
    }
    setBusy(false);
  }

  const status = view?.request?.status;
  return (
    <section className="payment" aria-labelledby="payment-heading" data-testid="payment-step">
      <h2 id="payment-heading" ref={headingRef} tabIndex={-1}>
        {t('payment.heading')}
      </h2>
      {view && (
        <>
          <div className="notice">
            <p>{t('payment.notSentYet', { time: view.dueBy ? formatDateTime(view.dueBy, language) : '' })}</p>
          </div>
          <dl className="answers">
            <div>
              <dt>{t('receipt.number')}</dt>
              <dd data-testid="receipt-number">{receipt.receiptNumber}</dd>
            </div>
            <div>
              <dt>{t('payment.fee')}</dt>
              <dd data-testid="payment-amount">{amountText(view.amount, language)}</dd>
            </div>
          </dl>
        </>
      )}
      {problem && <ProblemMessage problem={problem} />}
      <div role="status" aria-live="polite" data-testid="payment-status">
        {view?.state === 'payment-expired' && <p>{t('payment.expired')}</p>}
        {view?.state === 'submitted' && <p>{t('payment.paid')}</p>}
        {waiting && <p>{t('payment.waiting')}</p>}
        {view?.state === 'awaiting-payment' && status === 'DECLINED' && <p>{t('payment.declined')}</p>}
        {view?.state === 'awaiting-payment' && (status === 'ERROR' || status === 'CANCELLED') && <p>{t('payment.failed')}</p>}
      </div>
      {view?.state === 'awaiting-payment' && !waiting && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void pay();
          }}
        >
          <div className="field">
            <label htmlFor="swish-phone">{t('payment.phone')}</label>
            <p className="help" id="swish-phone-help">
              {t('payment.phoneHint')}
            </p>
            <input id="swish-phone" type="tel" autoComplete="tel" inputMode="tel" aria-describedby="swish-phone-help" value={phone} onChange={(e) => setPhone(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="pay-button">
            {t('payment.pay', { amount: amountText(view.amount, language) })}
          </button>
        </form>
      )}
    </section>
  );
}
