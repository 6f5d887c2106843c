import { answerRuleErrors, applyCalculations, autocompleteTokens, earlierFieldsOfStep, stepSchema, stepUiSchema, swedishToday, valuesAt, withAutocomplete, type EServiceDefinition, type FormStep, type JsonSchemaObject, type Language } from '@etjanst/schemas';
import type { CustomValidator, FormValidation, RJSFSchema, UiSchema } from '@rjsf/utils';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { plainErrorMessages, rjsfStrings, type StepValidators } from './formValidation';
import { answersOf } from './answers';
import type { Answers } from './portalApi';
import { prefilledStep, withPrefilled, withReadonly, type Prefill } from './prefill';
import { PortalForm, type PortalFormContext } from './theme';
import { withBookingFields, type BookingContext } from './booking/bookingFields';
import { skipsMinItemsFiller, withAttachmentWidgets, type UploadedFile } from './theme/attachments';
import { revealFirstErrors } from './theme/rowPages';

interface StepFormProps {
  /** The definition's form, localized */
  form: EServiceDefinition['form'];
  step: FormStep;
  language: Language;
  /** Validators for the step's schema: precompiled for citizens, compiled in the browser in the designer */
  validators: StepValidators;
  answers: Answers;
  /** The citizen's prefilled answers once they have come (null before, or when there are none) */
  prefill?: Prefill | null;
  /** Absent on the first step */
  onBack?: (stepAnswers: Answers) => void;
  onNext: (stepAnswers: Answers) => void;
  /** Where attachment fields upload, and the files uploaded so far */
  attachments?: { path: string; files: Map<string, UploadedFile> } | undefined;
  /** Where booking fields hold slots, and the slots held (absent in the designer's preview) */
  bookings?: BookingContext | undefined;
  /** Each change once the citizen has typed, chosen or clicked in the step (for the draft's autosave) */
  onChange?: (stepAnswers: Answers) => void;
  /** The definition's prefill mappings: a field the population register fills in holds the citizen's own name or address */
  prefillMappings?: EServiceDefinition['prefill'];
}

/**
 * A yes/no question starts unanswered (rjsf 6 would otherwise pre-select "Nej" for a required
 * boolean), a consent (`const: true`) starts unticked (rjsf 6 would otherwise tick it, and tick it
 * again when unticked, so it always passed), and a multi-file field with minItems starts with no
 * files, not an empty one.
 */
export const DEFAULT_FORM_STATE = { requiredBooleanDefault: 'skip', constAsDefaults: 'never', arrayMinItems: { computeSkipPopulate: skipsMinItemsFiller } } as const;

/**
 * The uiSchema as the portal draws it: attachment fields with the upload widget, booking fields
 * with the slot picker, and the fields at `readonly` (prefilled and locked, calculated) read-only.
 * The wizard's steps and the designer's canvas draw fields with it.
 */
export const drawnUiSchema = (uiSchema: UiSchema<Answers>, schema: JsonSchemaObject, readonly: string[], fields: EServiceDefinition['form']['fields']): UiSchema<Answers> =>
  withBookingFields(withAttachmentWidgets(withReadonly(uiSchema, readonly), schema), fields);

/** One step of the wizard: its fields, validated with the step's part of the schema before moving on. */
export function StepForm({ form, step, language, validators, answers, prefill = null, attachments, bookings, onBack, onNext, onChange, prefillMappings }: StepFormProps) {
  const { t } = useTranslation();
  // the earlier steps' answers this step's conditions look at ride along in the form data, unseen
  // (stepSchema declares them, stepUiSchema hides them); what the step reports is its own answers
  const earlier = useMemo(() => earlierFieldsOfStep(form, step), [form, step]);
  // calculated fields (form.calculations) follow every change, from all answers so far, and are read-only
  const calculate = useMemo(() => {
    const today = swedishToday();
    const earlierAnswers = Object.fromEntries(earlier.filter((name) => name in answers).map((name) => [name, answers[name]]));
    return (stepAnswers: Answers): Answers => {
      const calculated = form.calculations ? answersOf(step, applyCalculations(form.calculations, { ...answers, ...stepAnswers }, today)) : stepAnswers;
      return earlier.length === 0 ? calculated : { ...calculated, ...earlierAnswers };
    };
  }, [form, step, answers, earlier]);
  const own = (stepAnswers: Answers): Answers => (earlier.length === 0 ? stepAnswers : answersOf(step, stepAnswers));
  const calculated = useMemo(
    () => (form.calculations ?? []).map((c) => c.field).filter((path) => step.fields.includes(path.split('.')[0] ?? '')),
    [form, step],
  );
  // The step's answers as the form last reported them, with calculated values. Kept in a ref and
  // handed to the form whenever the step draws, but a keystroke does not draw the step again:
  // handing the form back the data it just reported makes rjsf redo its work over all of it (for
  // a 1 000-row group, as long as the keystroke itself). The step draws when it changes the
  // answers itself (a calculated value, a prefill coming in, an edited formula in the designer).
  const [opened] = useState(() => calculate(answersOf(step, answers)));
  const draft = useRef(opened);
  const [, redraw] = useReducer((count: number) => count + 1, 0);
  // the designer's preview: an edited formula applies at once to what is already answered
  const formulas = useRef(form.calculations);
  useEffect(() => {
    if (formulas.current === form.calculations) return;
    formulas.current = form.calculations;
    draft.current = calculate(draft.current);
    redraw();
  }, [form.calculations, calculate]);
  // which fields show a prefilled value: decided when the step opens or the prefill comes, so a
  // note does not vanish while the citizen corrects an editable value
  const [prefilled, setPrefilled] = useState(() => prefilledStep(prefill, step.fields, step.id, opened));
  // the form also reports changes nobody made (its defaults, a prefill coming in): those are not the citizen's
  const touched = useRef(false);
  const touch = () => {
    touched.current = true;
  };
  const seenPrefill = useRef(prefill);
  useEffect(() => {
    if (!prefill || seenPrefill.current === prefill) return;
    seenPrefill.current = prefill;
    // the prefill came while the step was open: fill in only what the citizen has not answered
    const merged = withPrefilled(draft.current, answersOf(step, prefill.answers));
    draft.current = merged;
    setPrefilled(prefilledStep(prefill, step.fields, step.id, merged));
    redraw();
  }, [prefill, step]);
  const schema = useMemo(() => stepSchema(form, step) as RJSFSchema, [form, step]);
  const validator = useMemo(() => validators(schema), [validators, schema]);
  // the citizen's own name, address, e-mail and phone say so to the browser, which can fill them in (WCAG 1.3.5)
  const ownDetails = useMemo(() => withAutocomplete(form.uiSchema, autocompleteTokens(form.schema, prefillMappings)), [form, prefillMappings]);
  const uiSchema = useMemo(
    () => drawnUiSchema(stepUiSchema(ownDetails, step, earlier) as UiSchema<Answers>, schema, [...prefilled.locked, ...calculated], form.fields),
    [ownDetails, step, earlier, prefilled, calculated, schema, form.fields],
  );
  const transformErrors = useMemo(() => plainErrorMessages(form.texts, language), [form, language]);
  // the rules between answers (form.answerRules), with all answers so far: shown at this step's fields as the server words them
  const customValidate = useMemo<CustomValidator<Answers>>(
    () => (stepAnswers, errors) => {
      for (const broken of answerRuleErrors({ form }, { ...answers, ...stepAnswers })) {
        if (!step.fields.includes(broken.field.split('.')[0] ?? '')) continue;
        const at = broken.field.split('.').reduce<FormValidation<Answers> | undefined>((node, key) => (node as Record<string, FormValidation<Answers> | undefined> | undefined)?.[key], errors);
        at?.addError?.(broken.message[language]);
      }
      return errors;
    },
    [form, step, answers, language],
  );
  const translateString = useMemo(() => rjsfStrings(t), [t]);
  const errorSummaryId = `${step.id}-error-summary`;
  // the designer's preview draws the form in an iframe: look up in the form's own document
  const container = useRef<HTMLDivElement>(null);
  const formContext = useMemo<PortalFormContext>(
    () => ({ language, errorSummaryId, prefilled: prefilled.fields, attachments, bookings }),
    [language, errorSummaryId, prefilled, attachments, bookings],
  );
  return (
    <div ref={container} onInputCapture={touch} onChangeCapture={touch} onClickCapture={touch}>
      <PortalForm
        className="step-form"
        idPrefix={step.id}
        formContext={formContext}
        schema={schema}
        uiSchema={uiSchema}
        formData={draft.current}
        validator={validator}
        noHtml5Validate
        showErrorList="top"
        // the error summary takes focus (GOV.UK pattern); its links lead on to the fields. A long
        // repeating group shows the page of its first row in error.
        focusOnFirstError={() => {
          if (!container.current) return;
          revealFirstErrors(container.current);
          container.current.ownerDocument.getElementById(errorSummaryId)?.focus();
        }}
        omitExtraData
        experimental_defaultFormStateBehavior={DEFAULT_FORM_STATE}
        transformErrors={transformErrors}
        customValidate={customValidate}
        translateString={translateString}
        onChange={(event) => {
          const reported = event.formData ?? {};
          const next = calculate(reported);
          draft.current = next;
          if (calculated.some((path) => JSON.stringify(valuesAt(next, path)) !== JSON.stringify(valuesAt(reported, path)))) redraw();
          if (touched.current) onChange?.(own(next));
        }}
        onSubmit={(event) => onNext(own(event.formData ?? {}))}
        onError={() => undefined /* the form shows its errors; without a handler rjsf also logs them */}
      >
        <div className="wizard-buttons">
          {onBack && (
            <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={() => onBack(own(draft.current))}>
              {t('wizard.back')}
            </button>
          )}
          <button type="submit" className="btn btn-primary" data-testid="next-button">
            {t('wizard.next')}
          </button>
        </div>
      </PortalForm>
    </div>
  );
}

