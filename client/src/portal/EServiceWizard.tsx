import { feeOf, formatAmount, localizedForm, shownSteps, textIn, withoutHiddenAnswers } from '@etjanst/schemas';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { loginPath } from '../identity/loginLinks';
import { useMunicipalitySession } from '../identity/SessionProvider';
import { saveContactDetails } from '../my-pages/myPagesApi';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { ProblemMessage } from '../shared/ProblemMessage';
import { AnswerSummary } from './AnswerSummary';
import { stepOfField, withStepAnswers } from './answers';
import { formValidatorsPath, submitAnswers, type Answers, type PublishedEService, type Receipt, type SubmissionContent } from './portalApi';
import { submitAttemptFor, type SubmitAttempt } from './submitAttempt';
import { NO_ORGANISATION, OrganisationChoice, organisationNumberOf, type OrganisationApplicant } from './OrganisationChoice';
import { SigningStep } from './SigningStep';
import { amountText, PaymentStep } from './PaymentStep';
import { StepForm } from './StepForm';
import { releaseHold } from './booking/bookingApi';
import type { BookingContext } from './booking/bookingFields';
import { WithStepValidators } from './StepValidators';
import type { UploadedFile } from './theme/attachments';
import { formLanguage } from './formLanguage';
import { contactDetailsIn, fetchPrefill, wantsPrefill, withPrefilled, type Prefill } from './prefill';
import { DraftBar } from './drafts/DraftBar';
import { DRAFT_PARAM, type Draft } from './drafts/draftsApi';
import { useDraftSaving } from './drafts/useDraftSaving';
import { sendStepEvent } from './feedback/feedbackApi';
import { HardStepLink } from './feedback/HardStepLink';

/** How saving the contact details after the submission went (undefined: not asked for). */
export type ContactDetailsOutcome = 'saved' | 'failed' | undefined;

interface EServiceWizardProps {
  municipality: string;
  published: PublishedEService;
  /** A saved draft to continue (its answers and step) */
  initialDraft?: Draft | undefined;
  onSubmitted: (receipt: Receipt, contactDetails?: ContactDetailsOutcome) => void;
}

/** The e-service form step by step, then a summary of the answers, then submission. */
export function EServiceWizard({ municipality, published, initialDraft, onSubmitted }: EServiceWizardProps) {
  const { t } = useTranslation();
  const { definition } = published;
  const language = formLanguage(definition, useLanguage());
  const form = useMemo(() => localizedForm(definition, language), [definition, language]);
  const [answers, setAnswers] = useState<Answers>(() => initialDraft?.answers ?? {});
  // a step whose showWhen the answers do not meet is skipped; a step depends only on earlier ones
  const shownForm = useMemo(() => ({ ...form, steps: shownSteps(form, answers) }), [form, answers]);
  const [stepIndex, setStepIndex] = useState(() => Math.max(0, shownSteps(form, answers).findIndex((s) => s.id === initialDraft?.stepId)));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  /** The last submit's content and Idempotency-Key: sending the same content again is a retry */
  const submitAttempt = useRef<SubmitAttempt | null>(null);
  const [applicant, setApplicant] = useState<OrganisationApplicant>(NO_ORGANISATION);
  const organisationRef = useRef<HTMLInputElement>(null);
  const { access } = definition;
  const companyRepresentative = access.login === 'eid' && access.companyRepresentative;
  const headingRef = useFocusWhenChanged<HTMLHeadingElement>(stepIndex);
  const step = shownForm.steps[stepIndex]; // undefined on the summary step
  /** A step's place in the definition (the statistics count the definition's steps, shown or not) */
  const definitionIndex = (id: string | undefined) => form.steps.findIndex((s) => s.id === id);
  useStepReached(municipality, published, definitionIndex(step?.id));
  const session = useMunicipalitySession(municipality);
  const { prefill, loading: prefillLoading } = usePrefill(municipality, published, session !== null, setAnswers);
  const [saveContact, setSaveContact] = useState(false);
  const attachments = useMemo(
    () => ({
      path: `/api/municipalities/${encodeURIComponent(municipality)}/eservices/${encodeURIComponent(published.eserviceId)}/versions/${published.version}/attachments`,
      files: new Map<string, UploadedFile>(),
    }),
    [municipality, published],
  );
  const bookings = useBookingHolds(municipality, published);
  /** Submitted and stored, awaiting the applicant's signature (with how saving the contact details went) */
  const [toSign, setToSign] = useState<{ receipt: Receipt; saved: ContactDetailsOutcome } | null>(null);
  /** Stored (and signed where required), awaiting the fee's payment */
  const [toPay, setToPay] = useState<{ receipt: Receipt; saved: ContactDetailsOutcome } | null>(null);
  const onPaid = useCallback((paid: Receipt) => onSubmitted(paid, toPay?.saved), [onSubmitted, toPay]);
  const contactDetails = session ? contactDetailsIn(definition, answers) : undefined;
  // the portal's answers carry the calculations' live results: the fee shown is the one the server will compute
  const fee = feeOf(definition, answers);
  // drafts are kept for a logged-in person, in e-services with e-ID login only
  const drafts = useDraftSaving(published, initialDraft, session !== null && access.login === 'eid');
  useDraftInAddress('saved' in drafts.saving ? drafts.saving.saved?.id : undefined);
  /** The open step's answers as typed, before the step is left */
  const stepAnswers = useRef<Answers | null>(null);
  /** The summary is saved as its last step, where a resumed draft opens */
  const stepIdAt = (index: number) => (shownForm.steps[index] ?? shownForm.steps.at(-1))?.id ?? null;
  const currentAnswers = () => (step && stepAnswers.current ? withStepAnswers(answers, step, stepAnswers.current) : answers);

  const leaveStep = (typed: Answers, to: number): void => {
    const next = step ? withStepAnswers(answers, step, typed) : answers;
    stepAnswers.current = null;
    setAnswers(next);
    setStepIndex(to);
    void drafts.saveNow({ answers: next, stepId: stepIdAt(to) });
  };

  async function submit(): Promise<void> {
    let organisationNumber: string | undefined;
    if (companyRepresentative && applicant.forOrganisation) {
      organisationNumber = organisationNumberOf(applicant.number);
      if (!organisationNumber) {
        setApplicant({ ...applicant, showError: true });
        organisationRef.current?.focus();
        return;
      }
    }
    setSubmitting(true);
    setProblem(null);
    await drafts.pause();
    const content: SubmissionContent = { answers: withoutHiddenAnswers(form, answers), language, ...(organisationNumber ? { organisationNumber } : {}) };
    submitAttempt.current = submitAttemptFor(submitAttempt.current, JSON.stringify(content));
    let receipt: Receipt;
    try {
      receipt = await submitAnswers(municipality, published, content, submitAttempt.current.key);
    } catch (error) {
      drafts.resume();
      const found = problemOf(error);
      setProblem(found);
      if (found.code === 'organisation-number-invalid') organisationRef.current?.focus();
      const errorStep = stepOfField(shownForm.steps, found.errors?.[0]?.field);
      if (errorStep >= 0) setStepIndex(errorStep);
      setSubmitting(false);
      return;
    }
    sendStepEvent(municipality, published, definitionIndex(shownForm.steps.at(-1)?.id), 'completed');
    // the draft is gone with the submission: a reload shows the e-service, not a missing draft
    setDraftInAddress(undefined);
    // the case is sent; saving the contact details is a separate wish that may fail on its own
    let saved: ContactDetailsOutcome;
    if (saveContact && contactDetails) {
      saved = await saveContactDetails(contactDetails).then(
        () => 'saved' as const,
        () => 'failed' as const,
      );
    }
    setSubmitting(false);
    if (receipt.state === 'awaiting-signature') setToSign({ receipt, saved });
    else if (receipt.state === 'awaiting-payment') setToPay({ receipt, saved });
    else onSubmitted(receipt, saved);
  }

  if (toPay) return <PaymentStep receipt={toPay.receipt} language={language} onPaid={onPaid} />;

  if (toSign) {
    return (
      <SigningStep
        form={shownForm}
        language={language}
        answers={answers}
        files={attachments.files}
        receipt={toSign.receipt}
        contactDetails={toSign.saved}
        onSigned={(signed) => (signed.state === 'awaiting-payment' ? setToPay({ receipt: signed, saved: toSign.saved }) : onSubmitted(signed, toSign.saved))}
      />
    );
  }

  return (
    <>
      {companyRepresentative && (
        <OrganisationChoice
          ref={organisationRef}
          value={applicant}
          serverError={problem?.code === 'organisation-number-invalid'}
          onChange={(next) => {
            setApplicant(next);
            if (problem?.code === 'organisation-number-invalid') setProblem(null);
          }}
        />
      )}
      <section className="wizard" aria-labelledby="step-heading">
        <WizardProgress titles={shownForm.steps.map((s) => textIn(s.title, language) ?? s.id)} current={stepIndex} />
        {problem && <ProblemMessage problem={problem} />}
        <PrefillStatus prefill={prefill} loading={prefillLoading} />
        {problem && LOGIN_PROBLEMS.has(problem.code) && (
          <LoginAgainLink
            municipality={municipality}
            loa={access.login === 'eid' ? access.levelOfAssurance : undefined}
            stronger={problem.code === 'loa-too-low'}
          />
        )}
        <h2 id="step-heading" ref={headingRef} tabIndex={-1} data-testid="step-heading">
          {step ? textIn(step.title, language) : t('wizard.summaryTitle')}
        </h2>
        {step ? (
          <>
            <p className="required-note">{t('wizard.requiredNote')}</p>
            <WithStepValidators url={formValidatorsPath(municipality, published, language)}>
              {(validators) => (
                <StepForm
                  key={step.id}
                  form={form}
                  step={step}
                  language={language}
                  validators={validators}
                  answers={answers}
                  prefill={prefill}
                  prefillMappings={definition.prefill}
                  attachments={attachments}
                  bookings={bookings}
                  onBack={stepIndex > 0 ? (typed) => leaveStep(typed, stepIndex - 1) : undefined}
                  onNext={(typed) => {
                    setProblem(null);
                    leaveStep(typed, stepIndex + 1);
                  }}
                  onChange={(typed) => {
                    stepAnswers.current = typed;
                    drafts.changed({ answers: withStepAnswers(answers, step, typed), stepId: step.id });
                  }}
                />
              )}
            </WithStepValidators>
            <HardStepLink
              municipality={municipality}
              eserviceId={published.eserviceId}
              eserviceTitle={textIn(definition.catalogue.title, language) ?? published.eserviceId}
              feedbackEmail={definition.accessibility?.feedback.email}
              stepTitle={textIn(step.title, language) ?? step.id}
              stepNumber={stepIndex + 1}
            />
          </>
        ) : (
          <>
            <AnswerSummary form={shownForm} language={language} answers={withoutHiddenAnswers(form, answers)} files={attachments.files} onChangeStep={setStepIndex} />
            {fee.kind === 'due' && (
              <div className="notice" data-testid="summary-fee">
                <p className="note-title">
                  {t('payment.fee')}: {textIn(definition.payment?.description, language)}, {amountText(formatAmount(fee.amount), language)}
                </p>
                <p>{t('payment.feeOnSummary', { amount: amountText(formatAmount(fee.amount), language) })}</p>
              </div>
            )}
            {contactDetails && <SaveContactChoice details={contactDetails} checked={saveContact} onChange={setSaveContact} />}
            <div className="wizard-buttons">
              <button
                type="button"
                className="btn btn-secondary"
                data-testid="back-button"
                onClick={() => {
                  setStepIndex(stepIndex - 1);
                  void drafts.saveNow({ answers, stepId: stepIdAt(stepIndex - 1) });
                }}
              >
                {t('wizard.back')}
              </button>
              <button
                type="button"
                className="btn btn-primary"
                data-testid="submit-button"
                disabled={submitting}
                onClick={() => void submit()}
              >
                {submitting ? t('wizard.submitting') : t('wizard.submit')}
              </button>
            </div>
          </>
        )}
        {drafts.enabled && (
          <DraftBar
            municipality={municipality}
            eserviceId={published.eserviceId}
            saving={drafts.saving}
            onSave={() => void drafts.saveNow({ answers: currentAnswers(), stepId: stepIdAt(stepIndex) }, true)}
          />
        )}
      </section>
    </>
  );
}

/** Counts each step of the definition once per form opened, when it is first shown (-1: the summary). */
function useStepReached(municipality: string, published: PublishedEService, step: number): void {
  const counted = useRef(new Set<number>());
  useEffect(() => {
    if (step < 0 || counted.current.has(step)) return;
    counted.current.add(step);
    sendStepEvent(municipality, published, step, 'reached');
  }, [municipality, published, step]);
}

/**
 * The citizen's prefilled answers, asked for once when the form opens (logged in here, and the
 * definition has something to prefill). They are merged into the answers without replacing any.
 */
function usePrefill(
  municipality: string,
  published: PublishedEService,
  loggedIn: boolean,
  setAnswers: (update: (previous: Answers) => Answers) => void,
): { prefill: Prefill | null; loading: boolean } {
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const [loading, setLoading] = useState(false);
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current || !loggedIn || !wantsPrefill(published.definition)) return;
    asked.current = true;
    const controller = new AbortController();
    setLoading(true);
    fetchPrefill(municipality, published, controller.signal)
      .then((result) => {
        if (controller.signal.aborted) return;
        setAnswers((previous) => withPrefilled(previous, result.answers));
        setPrefill(result);
      })
      // without the prefill the citizen fills in the form themselves, as when logged out
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => {
      controller.abort();
      asked.current = false; // a remount in development (StrictMode) asks again
    };
  }, [municipality, published, loggedIn, setAnswers]);
  return { prefill, loading };
}

/**
 * Above the form, in a polite live region: that details are being fetched, then that some were
 * filled in, or the server's warning when a source did not answer. Never blocks the form.
 */
function PrefillStatus({ prefill, loading }: { prefill: Prefill | null; loading: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const filled = prefill !== null && Object.keys(prefill.sources).length > 0;
  return (
    <div className="prefill-status" aria-live="polite">
      {loading && <p className="loading">{t('prefill.loading')}</p>}
      {prefill?.warning && (
        <div className="note prefill-warning" data-testid="prefill-warning">
          <p className="note-title">{t('prefill.warningTitle')}</p>
          <p>{prefill.warning[language] ?? prefill.warning.sv}</p>
        </div>
      )}
      {filled && !prefill.warning && <p className="note">{t('prefill.filled')}</p>}
    </div>
  );
}

interface SaveContactChoiceProps {
  details: { email: string | null; phone: string | null };
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** "Spara min e-post och mitt telefonnummer till nästa gång": unchecked unless the citizen chooses it. */
function SaveContactChoice({ details, checked, onChange }: SaveContactChoiceProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="save-contact" aria-describedby="save-contact-hint">
      <legend>{t('saveContact.legend')}</legend>
      <p id="save-contact-hint" className="save-contact-hint">
        {t('saveContact.hint')}
      </p>
      <dl className="answers save-contact-values" id="save-contact-values">
        {details.email && (
          <div>
            <dt>{t('saveContact.email')}</dt>
            <dd>{details.email}</dd>
          </div>
        )}
        {details.phone && (
          <div>
            <dt>{t('saveContact.phone')}</dt>
            <dd>{details.phone}</dd>
          </div>
        )}
      </dl>
      <label className="checkbox-choice" htmlFor="save-contact-details">
        <input
          type="checkbox"
          id="save-contact-details"
          data-testid="save-contact-details"
          checked={checked}
          aria-describedby="save-contact-values"
          onChange={(event) => onChange(event.target.checked)}
        />
        <span>{t('saveContact.label')}</span>
      </label>
    </fieldset>
  );
}

/**
 * Once the draft is saved, the page's address names it (?utkast=<id>), so a reload or a bookmark
 * continues it. Replaced in place: the router does not remount the form for it.
 */
function useDraftInAddress(draftId: string | undefined): void {
  useEffect(() => {
    if (draftId) setDraftInAddress(draftId);
  }, [draftId]);
}

function setDraftInAddress(draftId: string | undefined): void {
  const url = new URL(window.location.href);
  if ((url.searchParams.get(DRAFT_PARAM) ?? undefined) === draftId) return;
  if (draftId) url.searchParams.set(DRAFT_PARAM, draftId);
  else url.searchParams.delete(DRAFT_PARAM);
  window.history.replaceState(window.history.state, '', url);
}

/** Problems that a (stronger) login solves. */
const LOGIN_PROBLEMS = new Set(['login-required', 'loa-too-low', 'session-expired']);

interface LoginAgainLinkProps {
  municipality: string;
  loa: number | undefined;
  stronger: boolean;
}

function LoginAgainLink({ municipality, loa, stronger }: LoginAgainLinkProps) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <p>
      <Link
        className="btn btn-primary"
        to={loginPath(municipality, location.pathname + location.search, loa)}
        data-testid="login-link"
      >
        {stronger ? t('gate.loginStronger') : t('gate.login')}
      </Link>
    </p>
  );
}

/** "Steg 2 av 4" and the list of steps, the summary being the last. */
function WizardProgress({ titles, current }: { titles: string[]; current: number }) {
  const { t } = useTranslation();
  const all = [...titles, t('wizard.summaryTitle')];
  return (
    <div className="wizard-progress">
      <p className="wizard-progress-text">{t('wizard.progress', { current: current + 1, total: all.length })}</p>
      <ol aria-label={t('wizard.steps')}>
        {all.map((title, index) => (
          <li
            key={index}
            className={index < current ? 'done' : undefined}
            aria-current={index === current ? 'step' : undefined}
          >
            {title}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Moves focus to the element when `value` changes (not on first render), so a new step is announced. */
function useFocusWhenChanged<T extends HTMLElement>(value: unknown) {
  const ref = useRef<T>(null);
  const previous = useRef(value);
  useEffect(() => {
    if (previous.current === value) return;
    previous.current = value;
    ref.current?.focus();
  }, [value]);
  return ref;
}

/**
 * The wizard's booking holds: a slot the citizen holds stays held between steps and is released
 * when they leave the e-service without submitting (a submitted one is booked: nothing to release).
 * A closed tab leaves the hold to run out (booking release job).
 */
function useBookingHolds(municipality: string, published: PublishedEService): BookingContext {
  const bookings = useMemo<BookingContext>(
    () => ({
      path: `/api/municipalities/${encodeURIComponent(municipality)}/eservices/${encodeURIComponent(published.eserviceId)}/versions/${published.version}/bookings`,
      holds: new Map(),
    }),
    [municipality, published],
  );
  useEffect(
    () => () => {
      for (const field of bookings.holds.keys()) void releaseHold(bookings.path, field).catch(() => undefined);
      bookings.holds.clear();
    },
    [bookings],
  );
  return bookings;
}
