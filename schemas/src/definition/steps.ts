import { isJsonObject, objectProperties, referencedTopLevelFields } from './fields.js';
import type { EServiceDefinition, FormStep, JsonSchemaObject } from './format.js';

type Form = EServiceDefinition['form'];

/** Index of the step that shows a field (a nested field is on its top-level field's step), or -1. */
export const stepOfField = (form: Pick<Form, 'steps'>, path: string): number =>
  form.steps.findIndex((step) => step.fields.includes(path.split('.')[0] ?? ''));

const withinStep = (fields: Set<string>) => (part: unknown): boolean =>
  isJsonObject(part) && [...referencedTopLevelFields(part)].every((name) => fields.has(name));

/** The top-level fields on the steps before a step: answered by the time it shows. */
const fieldsBefore = (form: Form, step: FormStep): Set<string> =>
  new Set(form.steps.slice(0, Math.max(0, form.steps.findIndex((s) => s.id === step.id))).flatMap((s) => s.fields));

/**
 * Whether a part of the form schema (a condition) belongs to a step: it concerns the step's
 * fields and otherwise looks only at answers from earlier steps.
 */
const belongsToStep = (fields: Set<string>, before: Set<string>) => (part: unknown): boolean => {
  if (!isJsonObject(part)) return false;
  const referenced = [...referencedTopLevelFields(part)];
  return referenced.every((name) => fields.has(name) || before.has(name)) && (referenced.length === 0 || referenced.some((name) => fields.has(name)));
};

/**
 * The earlier steps' fields a step's conditions look at ("show when <an earlier answer> …"):
 * the step schema declares them and the portal passes their answers along without showing them
 * (stepUiSchema hides them), so rjsf judges the condition as the server does.
 */
export function earlierFieldsOfStep(form: Form, step: FormStep): string[] {
  const fields = new Set(step.fields);
  const before = fieldsBefore(form, step);
  const parts = (Array.isArray(form.schema.allOf) ? form.schema.allOf : []).filter(belongsToStep(fields, before));
  const looked = new Set(parts.flatMap((part) => [...referencedTopLevelFields(part as JsonSchemaObject)]));
  return [...before].filter((name) => looked.has(name));
}

/**
 * The part of the form schema one step shows: its properties, the required ones among them and
 * the conditions that concern them (looking at them or at earlier steps' answers, which it
 * declares too: earlierFieldsOfStep). The server validates the whole schema; each condition
 * lies within one step or looks back (validateDefinition enforces it), so the steps together
 * ask for the same.
 */
export function stepSchema(form: Form, step: FormStep): JsonSchemaObject {
  const fields = new Set(step.fields);
  const { properties, required, allOf, dependencies, ...rest } = form.schema as JsonSchemaObject & {
    properties: Record<string, unknown>;
  };
  const declarations = objectProperties(form.schema);
  const earlier = earlierFieldsOfStep(form, step).map((name) => [name, declarations.get(name) ?? {}] as const);
  const result: JsonSchemaObject = {
    ...rest,
    properties: { ...Object.fromEntries(Object.entries(properties).filter(([name]) => fields.has(name))), ...Object.fromEntries(earlier) },
  };
  if (Array.isArray(required)) result.required = required.filter((name) => fields.has(String(name)));
  if (Array.isArray(allOf)) {
    const parts = allOf.filter(belongsToStep(fields, fieldsBefore(form, step)));
    if (parts.length > 0) result.allOf = parts;
  }
  if (isJsonObject(dependencies)) {
    const kept = Object.entries(dependencies).filter(
      ([name, dependency]) => fields.has(name) && (Array.isArray(dependency) || withinStep(fields)(dependency)),
    );
    if (kept.length > 0) result.dependencies = Object.fromEntries(kept);
  }
  return result;
}

/**
 * The uiSchema entries of one step's fields, with the step's field order; the earlier answers
 * its conditions look at (earlierFieldsOfStep) are carried along hidden.
 */
export function stepUiSchema(uiSchema: JsonSchemaObject, step: FormStep, earlier: string[] = []): JsonSchemaObject {
  const fields = new Set(step.fields);
  const entries = Object.entries(uiSchema).filter(([key]) => key.startsWith('ui:') || fields.has(key));
  const hidden = earlier.map((name) => [name, { 'ui:widget': 'hidden', 'ui:field': 'earlierAnswer' }] as const);
  return { ...Object.fromEntries(entries), ...Object.fromEntries(hidden), 'ui:order': [...step.fields, '*'] };
}
