import type { EServiceDefinition, Language } from '@etjanst/schemas';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { BankIdPanel } from '../identity/BankIdPanel';
import { AnswerSummary } from './AnswerSummary';
import { ContactDetailsOutcome } from './ContactDetailsOutcome';
import {
  cancelSigning,
  fetchSigningOverview,
  pollSigning,
  startSigning,
  type Answers,
  type Receipt,
  type SignPoll,
} from './portalApi';

interface SigningStepProps {
  /** The definition's form, localized */
  form: EServiceDefinition['form'];
  language: Language;
  answers: Answers;
  /** Uploaded files' names by attachment id */
  files?: ReadonlyMap<string, { name: string }>;
  /** The submission, stored and awaiting the applicant's signature */
  receipt: Receipt;
  /** How saving the contact details went (undefined: not chosen); it was done when the submission was stored */
  contactDetails?: 'saved' | 'failed' | undefined;
  /** Signed: the receipt with the submission's new state */
  onSigned: (receipt: Receipt) => void;
}

/**
 * "Skriv under med BankID": the submission is stored but not sent until the applicant signs. The
 * summary shown is what they sign; the BankID panel starts, polls and cancels the sign order.
 */
export function SigningStep({ form, language, answers, files, receipt, contactDetails, onSigned }: SigningStepProps) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const { submissionId } = receipt;

  const start = useCallback(() => startSigning(submissionId), [submissionId]);
  const poll = useCallback((orderId: string, signal: AbortSignal) => pollSigning(submissionId, orderId, signal), [submissionId]);
  const cancel = useCallback((orderId: string) => cancelSigning(submissionId, orderId), [submissionId]);
  const onComplete = useCallback(
    async (result: SignPoll) => {
      // the overview tells whether co-signers remain and by when; the poll's state is enough without it
      const overview = await fetchSigningOverview(submissionId).catch(() => undefined);
      onSigned({
        ...receipt,
        state: overview?.state ?? result.submissionState ?? 'submitted',
        coSignDeadline: overview?.deadline ?? null,
      });
    },
    [submissionId, receipt, onSigned],
  );

  return (
    <section className="signing" aria-labelledby="signing-heading" data-testid="signing-step">
      <h2 id="signing-heading" ref={headingRef} tabIndex={-1}>
        {t('signing.heading')}
      </h2>
      <div className="notice">
        <p>{t('signing.notSentYet')}</p>
      </div>
      <dl className="answers">
        <div>
          <dt>{t('receipt.number')}</dt>
          <dd data-testid="receipt-number">{receipt.receiptNumber}</dd>
        </div>
      </dl>
      {contactDetails && <ContactDetailsOutcome outcome={contactDetails} failedText="saveContact.failedBeforeSigning" />}
      <p>{t('signing.intro')}</p>
      <section className="signing-content" aria-label={t('signing.whatYouSign')} data-testid="signing-summary">
        <AnswerSummary form={form} language={language} answers={answers} files={files} />
      </section>
      <BankIdPanel
        start={start}
        poll={poll}
        cancel={cancel}
        onComplete={onComplete}
        level={3}
        texts={{ heading: t('signing.panelHeading'), complete: t('signing.complete'), qrAlt: t('signing.qrAlt') }}
      />
    </section>
  );
}
