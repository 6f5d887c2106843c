import { localizedForm, textIn, type EServiceDefinition, type FormStep, type Language } from '@etjanst/schemas';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoaderData, useParams, useSearchParams } from 'react-router';
import { formLanguage } from '../portal/formLanguage';
import type { StepValidators } from '../portal/formValidation';
import type { Answers } from '../portal/portalApi';
import { StepForm } from '../portal/StepForm';
import { WithStepValidators } from '../portal/StepValidators';
import { useLanguage } from '../shared/i18n';
import { usePageTitle } from '../shared/usePageTitle';
import { previewValidatorsPath, type previewLoader } from './requirementsApi';
import { useEServiceTheme } from './useEServiceTheme';

/**
 * One step of a not-yet-published e-service, rendered with the portal's own form components,
 * for the must-requirements' browser scan (?steg=N; the scan moves between steps without
 * reloading the page). Next validates the step as in the portal.
 */
export function PreviewPage() {
  const { t } = useTranslation();
  const { definition } = useLoaderData<typeof previewLoader>();
  const [params] = useSearchParams();
  const { token = '' } = useParams();
  const language = formLanguage(definition, useLanguage());
  const form = useMemo(() => localizedForm(definition, language), [definition, language]);
  const requested = Number(params.get('steg') ?? 0);
  const index = Number.isInteger(requested) && requested >= 0 && requested < form.steps.length ? requested : 0;
  const step = form.steps[index]!;
  // the scan also opens a step with answers that show its conditional fields and group rows (?svar=JSON)
  const given = params.get('svar') ?? '';
  const answers = useMemo(() => answersGiven(given), [given]);
  const title = textIn(definition.catalogue.title, language) ?? definition.id;
  usePageTitle(title);
  useEServiceTheme(definition.theme);
  return (
    <>
      <p className="note">{t('mustRequirements.preview.notice')}</p>
      <h1>{title}</h1>
      <WithStepValidators url={previewValidatorsPath(token, language)}>
        {(validators) => <PreviewStep key={`${step.id} ${given}`} form={form} step={step} language={language} validators={validators} answers={answers} given={given} />}
      </WithStepValidators>
    </>
  );
}

function answersGiven(text: string): Answers {
  try {
    const parsed: unknown = JSON.parse(text || '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Answers) : {};
  } catch {
    return {};
  }
}

interface PreviewStepProps {
  form: EServiceDefinition['form'];
  step: FormStep;
  language: Language;
  validators: StepValidators;
  answers: Answers;
  /** The answers as given in the address: the scan waits for the step drawn with them */
  given: string;
}

function PreviewStep({ form, step, language, validators, answers, given }: PreviewStepProps) {
  const { t } = useTranslation();
  const [valid, setValid] = useState(false);
  return (
    <section className="wizard" aria-labelledby="step-heading">
      <h2 id="step-heading" tabIndex={-1} data-testid="step-heading" data-step={step.id} data-answers={given}>
        {textIn(step.title, language)}
      </h2>
      <p className="required-note">{t('wizard.requiredNote')}</p>
      <StepForm form={form} step={step} language={language} validators={validators} answers={answers} onNext={() => setValid(true)} />
      <div aria-live="polite">
        {valid && (
          <p className="note" data-testid="preview-step-valid">
            {t('mustRequirements.preview.stepValid')}
          </p>
        )}
      </div>
    </section>
  );
}
