import type { EServiceDefinition, FormStep, JsonSchemaObject } from '../definition/format.js';
import { conditionSchema, readFieldConditions } from './compile.js';
import { conditionHolds } from './evaluate.js';

type Form = EServiceDefinition['form'];

/** Whether the wizard shows a step for these answers: steps without `showWhen` always show. */
export const isStepShown = (step: FormStep, answers: unknown): boolean =>
  !step.showWhen || conditionHolds(step.showWhen, answers);

/** The steps the citizen goes through, in order, for the answers given so far. */
export const shownSteps = (form: Form, answers: unknown): FormStep[] => form.steps.filter((s) => isStepShown(s, answers));

/** The answers without those to fields on hidden steps: what the portal sends. */
export function withoutHiddenSteps<T extends Record<string, unknown>>(form: Form, answers: T): T {
  const hidden = new Set(form.steps.filter((s) => !isStepShown(s, answers)).flatMap((s) => s.fields));
  return Object.fromEntries(Object.entries(answers).filter(([name]) => !hidden.has(name))) as T;
}

/**
 * The answers without any the form hides: fields on hidden steps and fields whose condition does
 * not hold (also one that looks at an answer hidden in turn). The portal drops them as the citizen
 * goes through the steps; this makes sure of it before the summary and the sending, since a
 * condition may look at an earlier step that was changed afterwards.
 */
export function withoutHiddenAnswers<T extends Record<string, unknown>>(form: Form, answers: T): T {
  const { conditions } = readFieldConditions(form.schema);
  let shown = withoutHiddenSteps(form, answers);
  for (;;) {
    const current = shown;
    const hidden = new Set(conditions.filter((c) => c.target in current && !conditionHolds(c.when, current)).map((c) => c.target));
    if (hidden.size === 0) return shown;
    shown = Object.fromEntries(Object.entries(shown).filter(([name]) => !hidden.has(name))) as T;
  }
}

/**
 * The form schema the server validates against: the form schema plus, per step with `showWhen`,
 * an `allOf` entry whose `then` requires the step's required fields and whose `else` refuses any
 * answer to them. So a hidden step's fields are neither required nor accepted, exactly as the
 * wizard (isStepShown, the same condition) skips the step.
 */
export function schemaWithStepConditions(form: Form): JsonSchemaObject {
  const conditional = form.steps.filter((s) => s.showWhen);
  if (conditional.length === 0) return form.schema;
  const schema = structuredClone(form.schema);
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const onConditionalStep = new Set(conditional.flatMap((s) => s.fields));
  const entries = conditional.map((step) => {
    const stepRequired = required.filter((name) => step.fields.includes(name));
    return {
      if: conditionSchema(step.showWhen as NonNullable<FormStep['showWhen']>, form.schema),
      ...(stepRequired.length > 0 ? { then: { required: stepRequired } } : {}),
      else: { not: { anyOf: step.fields.map((name) => ({ required: [name] })) } },
    };
  });
  const remaining = required.filter((name) => !onConditionalStep.has(name));
  if (remaining.length > 0) schema.required = remaining;
  else delete schema.required;
  schema.allOf = [...(Array.isArray(schema.allOf) ? schema.allOf : []), ...entries];
  return schema;
}
