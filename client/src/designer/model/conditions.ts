import {
  applyFieldConditions,
  readFieldConditions,
  withoutFieldConditions,
  type Condition,
  type JsonSchemaObject,
} from '@etjanst/schemas';
import { refuse } from './edit-error';
import { copy, type Definition } from './form-tree';

/** The condition under which a top-level field is shown, if it has one the designer can read. */
export function fieldCondition(definition: Definition, target: string): Condition | undefined {
  return readFieldConditions(definition.form.schema).conditions.find((c) => c.target === target)?.when;
}

/** The form schema with one field's condition replaced (or with undefined removed), the others kept. */
function withCondition(schema: JsonSchemaObject, target: string, when: Condition | undefined): JsonSchemaObject {
  const others = readFieldConditions(schema).conditions.filter((c) => c.target !== target);
  return applyFieldConditions(withoutFieldConditions(schema), when ? [...others, { target, when }] : others);
}

/**
 * "Show this field when …": compiled into the form schema (if/then/else), so the server refuses
 * and requires exactly what the portal shows. The condition's field must be another field on the
 * same step, since a step is validated on its own.
 */
export function setFieldCondition(definition: Definition, target: string, when: Condition | undefined): Definition {
  if (when) {
    const step = definition.form.steps.find((s) => s.fields.includes(target));
    const source = when.field.split('.')[0]!;
    if (source === target) refuse('condition-on-itself', 'Ett fält kan inte visas beroende på sig självt.', 'A field cannot be shown depending on itself.');
    if (!step?.fields.includes(source)) {
      refuse('condition-other-step', 'Villkoret måste gälla ett fält på samma steg.', 'The condition must look at a field on the same step.');
    }
  }
  const next = copy(definition);
  next.form.schema = withCondition(next.form.schema, target, when);
  return next;
}

/** The form schema without a field's condition, before the field itself is deleted. */
export const withoutConditionOf = (schema: JsonSchemaObject, target: string): JsonSchemaObject => withCondition(schema, target, undefined);

/**
 * "Show this step when …": the wizard skips the step otherwise and the server neither requires
 * nor accepts its answers. The condition looks at a field on an earlier step, answered by then.
 */
export function setStepCondition(definition: Definition, stepId: string, when: Condition | undefined): Definition {
  const index = definition.form.steps.findIndex((s) => s.id === stepId);
  if (index < 0) refuse('step-unknown', `Steget ”${stepId}” finns inte.`, `The step “${stepId}” does not exist.`);
  if (when && !definition.form.steps.slice(0, index).some((s) => s.fields.includes(when.field.split('.')[0]!))) {
    refuse('condition-later-step', 'Villkoret för ett steg måste gälla ett fält på ett tidigare steg.', 'The condition of a step must look at a field on an earlier step.');
  }
  const next = copy(definition);
  const step = next.form.steps[index]!;
  if (when) step.showWhen = when;
  else delete step.showWhen;
  return next;
}
