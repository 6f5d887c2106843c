import { compileAnswerValidator, isStepShown, localizeForm, shownSteps, textIn, withoutHiddenAnswers, type Language } from '@etjanst/schemas';
import { useEffect, useMemo, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { AnswerSummary } from '../portal/AnswerSummary';
import { withStepAnswers } from '../portal/answers';
import type { Answers } from '../portal/portalApi';
import { StepForm } from '../portal/StepForm';
import { compilingStepValidators } from './compilingValidator';
import { fixedLanguageI18n } from '../shared/i18n';
import type { Definition } from './model';
import { PreviewFrame } from './PreviewFrame';
import { useSettled } from './useSettled';

const PREVIEW_DELAY_MS = 250;

type Verdict = { valid: true } | { valid: false; errors: { field: string; message: string }[] };

/**
 * The citizen's view of the draft, with the portal's own form components, in Swedish or English
 * and at desktop or mobile width (in a frame of its own, so the portal's media queries apply). Filling it in is the test fill: each step validates as in the
 * portal; after the last step comes the portal's review-and-send summary, and sending it puts the
 * answers through the validator the server uses.
 */
interface PreviewProps {
  definition: Definition;
  stepId: string;
  /** Mobile width (375 px) or desktop width; the designer lays out its columns by it */
  mobile: boolean;
  onMobileChange: (mobile: boolean) => void;
}

export function Preview({ definition: current, stepId, mobile, onMobileChange }: PreviewProps) {
  // the preview follows once typing pauses: a large form (1 000 rows) takes longer to draw than a keystroke may
  const definition = useSettled(current, PREVIEW_DELAY_MS);
  const { t } = useTranslation();
  const [language, setLanguage] = useState<Language>('sv');
  const [stepIndex, setStepIndex] = useState(0);
  const [answers, setAnswers] = useState<Answers>({});
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const shownLanguage: Language = definition.languages.includes(language) ? language : 'sv';
  const form = useMemo(() => ({ ...definition.form, ...localizeForm(definition.form, shownLanguage) }), [definition, shownLanguage]);
  // the preview follows the step being edited
  useEffect(() => {
    const chosen = definition.form.steps.findIndex((s) => s.id === stepId);
    if (chosen >= 0) setStepIndex(chosen);
  }, [stepId, definition.form.steps]);
  // past the last step: the summary, as the portal shows it before sending
  const index = Math.min(stepIndex, form.steps.length);
  const step = form.steps[index];
  const previous = form.steps.findLastIndex((s, i) => i < index && isStepShown(s, answers));

  function next(stepAnswers: Answers): void {
    if (!step) return;
    const all = withStepAnswers(answers, step, stepAnswers);
    setAnswers(all);
    // as in the portal: steps whose condition the answers do not meet are skipped and sent without
    const following = form.steps.findIndex((s, i) => i > index && isStepShown(s, all));
    setStepIndex(following >= 0 ? following : form.steps.length);
  }
  function send(): void {
    const result = compileAnswerValidator(definition)(withoutHiddenAnswers(form, answers));
    setVerdict(result.valid ? { valid: true } : { valid: false, errors: result.errors.map((e) => ({ field: e.field, message: e.message[shownLanguage] })) });
  }
  const restart = () => {
    setAnswers({});
    setStepIndex(0);
    setVerdict(null);
  };

  // the same element while only the designer's state changed, so React skips re-rendering the form
  const stepForm = useMemo(
    () =>
      step ? (
        <StepForm
          key={`${step.id}-${shownLanguage}`}
          form={form}
          step={step}
          language={shownLanguage}
          validators={compilingStepValidators}
          answers={answers}
          onBack={
            previous >= 0
              ? (stepAnswers) => {
                  setAnswers(withStepAnswers(answers, step, stepAnswers));
                  setStepIndex(previous);
                }
              : undefined
          }
          onNext={next}
        />
      ) : (
        <PreviewSummary
          form={form}
          language={shownLanguage}
          answers={answers}
          onChangeStep={(id) => setStepIndex(form.steps.findIndex((s) => s.id === id))}
          onBack={() => setStepIndex(Math.max(previous, 0))}
          onSend={send}
        />
      ),
    // `next` and `send` read only these (and the definition, which `form` follows)
    [form, step, index, previous, answers, shownLanguage],
  );
  return (
    <section className="designer-preview" aria-labelledby="designer-preview-heading">
      <h2 id="designer-preview-heading">{t('designer.preview.title')}</h2>
      <div className="designer-preview-controls">
        <fieldset>
          <legend>{t('designer.preview.language')}</legend>
          {(['sv', 'en'] as const).map((lang) => (
            <span className="form-check" key={lang}>
              <input id={`preview-lang-${lang}`} type="radio" name="preview-language" checked={language === lang} onChange={() => setLanguage(lang)} />
              <label htmlFor={`preview-lang-${lang}`}>{t(`designer.preview.languages.${lang}`)}</label>
            </span>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('designer.preview.width')}</legend>
          {([false, true] as const).map((isMobile) => (
            <span className="form-check" key={String(isMobile)}>
              <input id={`preview-width-${isMobile ? 'mobile' : 'desktop'}`} type="radio" name="preview-width" checked={mobile === isMobile} onChange={() => onMobileChange(isMobile)} />
              <label htmlFor={`preview-width-${isMobile ? 'mobile' : 'desktop'}`}>{t(isMobile ? 'designer.preview.mobile' : 'designer.preview.desktop')}</label>
            </span>
          ))}
        </fieldset>
        <button type="button" className="btn btn-secondary" onClick={restart} data-testid="preview-restart">
          {t('designer.preview.restart')}
        </button>
      </div>
      <PreviewFrame title={t('designer.preview.frame')} language={shownLanguage} mobile={mobile}>
        <p className="designer-preview-step">
          {t('designer.preview.step', { n: index + 1, count: form.steps.length + 1 })}:{' '}
          <strong>{step ? textIn(step.title, shownLanguage) : fixedLanguageI18n(shownLanguage).t('wizard.summaryTitle')}</strong>
        </p>
        {/* the form's own texts (buttons, error summary, validation messages) in the preview's language, as the portal shows them */}
        <I18nextProvider i18n={fixedLanguageI18n(shownLanguage)}>{stepForm}</I18nextProvider>
      </PreviewFrame>
      {verdict && (
        <div className={verdict.valid ? 'notice notice-success' : 'problem'} role="status" data-testid="test-fill-result" data-valid={verdict.valid}>
          {verdict.valid ? (
            <p>{t('designer.preview.accepted')}</p>
          ) : (
            <>
              <p>{t('designer.preview.refused')}</p>
              <ul>
                {verdict.errors.map((e) => (
                  <li key={e.field + e.message} data-field={e.field}>
                    {e.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}

interface PreviewSummaryProps {
  form: Definition['form'];
  language: Language;
  answers: Answers;
  /** Back to a step to change its answers (by step id) */
  onChangeStep: (stepId: string) => void;
  onBack: () => void;
  onSend: () => void;
}

/** The portal's review-and-send step: the answers of the steps shown, each with a way back, then send. */
function PreviewSummary({ form, language, answers, onChangeStep, onBack, onSend }: PreviewSummaryProps) {
  const { t } = useTranslation();
  const shownForm = { ...form, steps: shownSteps(form, answers) };
  return (
    <>
      <AnswerSummary form={shownForm} language={language} answers={withoutHiddenAnswers(form, answers)} onChangeStep={(i) => onChangeStep(shownForm.steps[i]!.id)} />
      <div className="wizard-buttons">
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={onBack}>
          {t('wizard.back')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="submit-button" onClick={onSend}>
          {t('wizard.submit')}
        </button>
      </div>
    </>
  );
}
