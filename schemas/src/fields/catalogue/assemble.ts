import type { EServiceDefinition, FieldSettings, FieldTexts, JsonSchemaObject, LocalizedText } from '../../definition/format.js';
import { createField } from './catalogue.js';
import type { ChildField } from './types.js';

/** A step as the designer models it: its fields with their catalogue types and properties. */
export interface DesignerStep {
  id: string;
  title: LocalizedText;
  fields: ChildField[];
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
      steps: steps.map((s) => ({ id: s.id, title: s.title, fields: s.fields.map((f) => f.key) })),
      fields,
    },
    prefill,
    coSignerFields,
  };
}
