import { localizeForm, textIn } from '@etjanst/schemas';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { loginPath } from '../identity/loginLinks';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { ProblemMessage } from '../shared/ProblemMessage';
import { AnswerSummary } from './AnswerSummary';
import { stepOfField, withStepAnswers } from './answers';
import { submitAnswers, type Answers, type PublishedEService, type Receipt } from './portalApi';
import { NO_ORGANISATION, OrganisationChoice, organisationNumberOf, type OrganisationApplicant } from './OrganisationChoice';
import { StepForm } from './StepForm';
import { formLanguage } from './formLanguage';

interface EServiceWizardProps {
  municipality: string;
  published: PublishedEService;
  onSubmitted: (receipt: Receipt) => void;
}

/** The e-service form step by step, then a summary of the answers, then submission. */
export function EServiceWizard({ municipality, published, onSubmitted }: EServiceWizardProps) {
  const { t } = useTranslation();
  const { definition } = published;
  const language = formLanguage(definition, useLanguage());
  const form = useMemo(
    () => ({ ...definition.form, ...localizeForm(definition.form, language) }),
    [definition, language],
  );
  const [stepIndex, setStepIndex] = useState(0);
  const [answers, setAnswers] = useState<Answers>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [applicant, setApplicant] = useState<OrganisationApplicant>(NO_ORGANISATION);
  const organisationRef = useRef<HTMLInputElement>(null);
  const { access } = definition;
  const companyRepresentative = access.login === 'eid' && access.companyRepresentative;
  const headingRef = useFocusWhenChanged<HTMLHeadingElement>(stepIndex);
  const step = form.steps[stepIndex]; // undefined on the summary step

  const leaveStep = (stepAnswers: Answers, to: number): void => {
    if (step) setAnswers((previous) => withStepAnswers(previous, step, stepAnswers));
    setStepIndex(to);
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
    try {
      onSubmitted(await submitAnswers(municipality, published, answers, language, organisationNumber));
    } catch (error) {
      const found = problemOf(error);
      setProblem(found);
      if (found.code === 'organisation-number-invalid') organisationRef.current?.focus();
      const errorStep = stepOfField(form.steps, found.errors?.[0]?.field);
      if (errorStep >= 0) setStepIndex(errorStep);
    } finally {
      setSubmitting(false);
    }
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
        <WizardProgress titles={form.steps.map((s) => textIn(s.title, language) ?? s.id)} current={stepIndex} />
        {problem && <ProblemMessage problem={problem} />}
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
            <StepForm
              key={step.id}
              form={form}
              step={step}
              language={language}
              answers={answers}
              onBack={stepIndex > 0 ? (stepAnswers) => leaveStep(stepAnswers, stepIndex - 1) : undefined}
              onNext={(stepAnswers) => {
                setProblem(null);
                leaveStep(stepAnswers, stepIndex + 1);
              }}
            />
          </>
        ) : (
          <>
            <AnswerSummary form={form} language={language} answers={answers} onChangeStep={setStepIndex} />
            <div className="wizard-buttons">
              <button
                type="button"
                className="btn btn-secondary"
                data-testid="back-button"
                onClick={() => setStepIndex(stepIndex - 1)}
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
      </section>
    </>
  );
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
