import type { EServiceDefinition, FieldSettings, FieldTexts, JsonSchemaObject, LocalizedText } from '../../definition/format.js';
import type { Condition, FieldCondition } from '../../conditions/clauses.js';
import { readFieldConditions } from '../../conditions/compile.js';
import { bilingual, type BilingualMessage } from '../../i18n/bilingual.js';
import { createField, isFieldKey, readFieldProperties } from './catalogue.js';
import type { ChildField } from './types.js';

/** A step as the designer models it: its fields with their catalogue types and properties. */
export interface DesignerStep {
  id: string;
  title: LocalizedText;
  fields: ChildField[];
  /** show the step only when this holds (see conditions) */
  showWhen?: Condition;
}

type Assembled = Pick<EServiceDefinition, 'form' | 'prefill'> & { coSignerFields: string[] };

/**
 * A designer model (steps of catalogue fields) as the definition parts it determines: the whole
 * `form`, the prefill mappings and the co-signer fields. Conditions and calculations are added
 * to the result by their own modules (compileConditions, form.calculations).
 */
export function assembleForm(steps: DesignerStep[]): Assembled {
  const properties: Record<string, JsonSchemaObject> = {};
  const required: string[] = [];
  const uiSchema: JsonSchemaObject = {};
  const texts: Record<string, FieldTexts> = {};
  const fields: Record<string, FieldSettings> = {};
  const prefill: EServiceDefinition['prefill'] = [];
  const coSignerFields: string[] = [];
  const at = (key: string, path: string) => (path ? `${key}.${path}` : key);
  for (const field of steps.flatMap((s) => s.fields)) {
    const created = createField(field.typeId, field.key, field.properties);
    properties[field.key] = created.schema;
    if (created.required) required.push(field.key);
    if (Object.keys(created.uiSchema).length > 0) uiSchema[field.key] = created.uiSchema;
    for (const [path, t] of Object.entries(created.texts)) texts[at(field.key, path)] = t;
    for (const [path, s] of Object.entries(created.settings)) fields[at(field.key, path)] = s;
    for (const m of created.prefill) {
      prefill.push({ field: at(field.key, m.path), source: 'population-register', attribute: m.attribute, editable: m.editable });
    }
    coSignerFields.push(...created.coSignerPaths.map((p) => at(field.key, p)));
  }
  return {
    form: {
      schema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}) },
      uiSchema,
      texts,
      steps: steps.map((s) => ({ id: s.id, title: s.title, fields: s.fields.map((f) => f.key), ...(s.showWhen ? { showWhen: s.showWhen } : {}) })),
      fields,
    },
    prefill,
    coSignerFields,
  };
}

/** One problem in a designer model, located by a JSON pointer into the steps array. */
export interface DesignerProblem {
  pointer: string;
  code: string;
  message: BilingualMessage;
}

/**
 * Keys a definition cannot hold twice, checked in the designer's model before assembling (an
 * object cannot have two properties of one name, so assembleForm would silently keep the last):
 * two steps with one id, two fields with one key on the form or in one group, and keys that
 * cannot be field keys. Everything else is validateDefinition's job on the assembled definition.
 */
export function designerModelProblems(steps: DesignerStep[]): DesignerProblem[] {
  const problems: DesignerProblem[] = [];
  const stepIds = new Set<string>();
  steps.forEach((step, s) => {
    if (stepIds.has(step.id)) {
      problems.push({ pointer: `/${s}/id`, code: 'steps.duplicate-id', message: bilingual(`Steget ”${step.id}” finns två gånger.`, `The step “${step.id}” appears twice.`) });
    }
    stepIds.add(step.id);
  });
  const checkSiblings = (fields: { field: ChildField; pointer: string }[]): void => {
    const seen = new Set<string>();
    for (const { field, pointer } of fields) {
      const name = field.properties.label.sv.trim() || field.key;
      if (!isFieldKey(field.key)) {
        problems.push({ pointer: `${pointer}/key`, code: 'fields.invalid-key', message: bilingual(`Nyckeln ”${field.key}” för fältet ”${name}” får bara innehålla bokstäver a–z, siffror och _ och börja med en bokstav.`, `The key “${field.key}” of the field “${name}” may only hold letters a–z, digits and _ and must start with a letter.`) });
      } else if (seen.has(field.key)) {
        problems.push({ pointer: `${pointer}/key`, code: 'fields.duplicate-key', message: bilingual(`Nyckeln ”${field.key}” används av fler än ett fält (”${name}”).`, `The key “${field.key}” is used by more than one field (“${name}”).`) });
      }
      seen.add(field.key);
      const children = field.properties.children ?? [];
      checkSiblings(children.map((child, c) => ({ field: child, pointer: `${pointer}/properties/children/${c}` })));
    }
  };
  checkSiblings(steps.flatMap((step, s) => step.fields.map((field, f) => ({ field, pointer: `/${s}/fields/${f}` }))));
  return problems;
}

/**
 * A definition's form as the designer edits it (the inverse of assembleForm): its steps with
 * every field read as a catalogue type, and its field conditions. Fields no catalogue type
 * describes are listed in `unreadable` (the designer shows them as not editable), as are
 * conditions it cannot read. assembleForm + applyFieldConditions rebuild an equivalent form.
 */
export function readDesignerModel(definition: EServiceDefinition): {
  steps: DesignerStep[];
  conditions: FieldCondition[];
  unreadable: { fields: string[]; conditions: number };
} {
  const unreadableFields: string[] = [];
  const steps = definition.form.steps.map((step): DesignerStep => ({
    id: step.id,
    title: step.title,
    fields: step.fields.flatMap((key) => {
      const read = readFieldProperties(definition, key);
      if (!read) unreadableFields.push(key);
      return read ? [{ key, typeId: read.typeId, properties: read.properties }] : [];
    }),
    ...(step.showWhen ? { showWhen: step.showWhen } : {}),
  }));
  const { conditions, unreadable } = readFieldConditions(definition.form.schema);
  return { steps, conditions, unreadable: { fields: unreadableFields, conditions: unreadable } };
}
