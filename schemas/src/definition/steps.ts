import { isJsonObject, referencedTopLevelFields } from './fields.js';
import type { EServiceDefinition, FormStep, JsonSchemaObject } from './format.js';

type Form = EServiceDefinition['form'];

/** Index of the step that shows a field (a nested field is on its top-level field's step), or -1. */
export const stepOfField = (form: Pick<Form, 'steps'>, path: string): number =>
  form.steps.findIndex((step) => step.fields.includes(path.split('.')[0] ?? ''));

const withinStep = (fields: Set<string>) => (part: unknown): boolean =>
  isJsonObject(part) && [...referencedTopLevelFields(part)].every((name) => fields.has(name));

/**
 * The part of the form schema one step shows: its properties, the required ones among them and
 * the conditions that concern only them. The server validates the whole schema; each condition
 * lies within one step (validateDefinition enforces it), so the steps together ask for the same.
 */
export function stepSchema(form: Form, step: FormStep): JsonSchemaObject {
  const fields = new Set(step.fields);
  const { properties, required, allOf, dependencies, ...rest } = form.schema as JsonSchemaObject & {
    properties: Record<string, unknown>;
  };
  const result: JsonSchemaObject = {
    ...rest,
    properties: Object.fromEntries(Object.entries(properties).filter(([name]) => fields.has(name))),
  };
  if (Array.isArray(required)) result.required = required.filter((name) => fields.has(String(name)));
  if (Array.isArray(allOf)) {
    const parts = allOf.filter(withinStep(fields));
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

/** The uiSchema entries of one step's fields, with the step's field order. */
export function stepUiSchema(uiSchema: JsonSchemaObject, step: FormStep): JsonSchemaObject {
  const fields = new Set(step.fields);
  const entries = Object.entries(uiSchema).filter(([key]) => key.startsWith('ui:') || fields.has(key));
  return { ...Object.fromEntries(entries), 'ui:order': [...step.fields, '*'] };
}
