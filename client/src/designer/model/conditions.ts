import {
  applyFieldConditions,
  conditionClauses,
  fieldLabel,
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

const stepIndexOf = (definition: Definition, path: string) => definition.form.steps.findIndex((s) => s.fields.includes(path.split('.')[0]!));

/**
 * The fields a field's condition may look at: the other fields of its step and every field of
 * the steps before it, whose answers are given by the time it shows.
 */
export function fieldConditionSources(definition: Definition, target: string): string[] {
  const index = stepIndexOf(definition, target);
  return definition.form.steps.slice(0, index + 1).flatMap((s) => s.fields).filter((f) => f !== target);
}

/**
 * "Show this field when …": compiled into the form schema (if/then/else), so the server refuses
 * and requires exactly what the portal shows. Each clause looks at another field on the same
 * step or an earlier one (the portal carries earlier answers into the step: earlierFieldsOfStep).
 */
export function setFieldCondition(definition: Definition, target: string, when: Condition | undefined): Definition {
  for (const clause of when ? conditionClauses(when) : []) {
    const source = clause.field.split('.')[0]!;
    if (source === target) refuse('condition-on-itself', 'Ett fält kan inte visas beroende på sig självt.', 'A field cannot be shown depending on itself.');
    if (!fieldConditionSources(definition, target).includes(source)) {
      const label = (language: 'sv' | 'en') => fieldLabel(definition, clause.field, language);
      refuse('condition-other-step', `Villkoret kan inte gälla ”${label('sv')}”: det måste stå på samma steg som fältet eller ett tidigare.`, `The condition cannot look at “${label('en')}”: it must be on the field's step or an earlier one.`);
    }
  }
  const next = copy(definition);
  next.form.schema = withCondition(next.form.schema, target, when);
  return next;
}

/** The form schema without a field's condition, before the field itself is deleted. */
export const withoutConditionOf = (schema: JsonSchemaObject, target: string): JsonSchemaObject => withCondition(schema, target, undefined);

/**
 * Refuses a form in which a condition looks at a later step than what it shows (a field moved
 * after a field whose condition looks at it, or onto or past a step that depends on it).
 */
export function refuseConditionsLookingAhead(definition: Definition): void {
  const label = (path: string, language: 'sv' | 'en') => fieldLabel(definition, path, language);
  for (const { target, when } of readFieldConditions(definition.form.schema).conditions) {
    const late = conditionClauses(when).find((c) => stepIndexOf(definition, c.field) > stepIndexOf(definition, target));
    if (late) {
      refuse('move-splits-condition', `”${label(target, 'sv')}” visas beroende på ”${label(late.field, 'sv')}”, som då skulle stå på ett senare steg. Flytta dem tillsammans eller ändra villkoret.`, `“${label(target, 'en')}” depends on “${label(late.field, 'en')}”, which would then be on a later step. Move them together or change the condition.`);
    }
  }
  definition.form.steps.forEach((step, index) => {
    const late = step.showWhen && conditionClauses(step.showWhen).find((c) => stepIndexOf(definition, c.field) >= index);
    if (late) {
      refuse('move-splits-condition', `Ett steg visas beroende på ”${label(late.field, 'sv')}”, som måste stå på ett tidigare steg. Flytta fältet tillbaka eller ändra stegets villkor.`, `A step depends on “${label(late.field, 'en')}”, which must be on an earlier step. Move the field back or change the step's condition.`);
    }
  });
}

/**
 * "Show this step when …": the wizard skips the step otherwise and the server neither requires
 * nor accepts its answers. Each clause looks at a field on an earlier step, answered by then.
 */
export function setStepCondition(definition: Definition, stepId: string, when: Condition | undefined): Definition {
  const index = definition.form.steps.findIndex((s) => s.id === stepId);
  if (index < 0) refuse('step-unknown', `Steget ”${stepId}” finns inte.`, `The step “${stepId}” does not exist.`);
  for (const clause of when ? conditionClauses(when) : []) {
    if (!definition.form.steps.slice(0, index).some((s) => s.fields.includes(clause.field.split('.')[0]!))) {
      const label = (language: 'sv' | 'en') => fieldLabel(definition, clause.field, language);
      refuse('condition-later-step', `Villkoret för ett steg måste gälla fält på tidigare steg, inte ”${label('sv')}”.`, `The condition of a step must look at fields on earlier steps, not “${label('en')}”.`);
    }
  }
  const next = copy(definition);
  const step = next.form.steps[index]!;
  if (when) step.showWhen = when;
  else delete step.showWhen;
  return next;
}
