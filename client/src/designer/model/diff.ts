import { collectFieldPaths, isJsonObject, readFieldProperties, type JsonSchemaObject } from '@etjanst/schemas';
import { isRequired, choiceOptions } from './fields';
import type { Definition } from './form-tree';

/** What of a field changed; the last four the definition keeps outside the field, and a take-over carries with it. */
export type FieldAspect = 'label' | 'help' | 'errorMessage' | 'required' | 'type' | 'validation' | 'options' | 'prefill' | 'calculation' | 'answerRules' | 'booking';

export interface FieldChange {
  path: string;
  aspects: FieldAspect[];
}

/** What else of the form can change: the steps (titles, order, which fields), conditions, calculations. */
export type FormPart = 'steps' | 'conditions' | 'calculations';

/** The definition's sections besides the form, as the settings tab has them (and what it shows elsewhere). */
export const SETTING_SECTIONS = ['catalogue', 'owner', 'languages', 'access', 'personalData', 'prefill', 'signing', 'receipt', 'payment', 'delivery', 'accessibility', 'theme', 'benefit'] as const;
export type SettingSection = (typeof SETTING_SECTIONS)[number];

export interface VersionDiff {
  added: string[];
  removed: string[];
  changed: FieldChange[];
  form: FormPart[];
  settings: SettingSection[];
}

/** A field's type as the designer names it: its catalogue type (recorded or inferred), else its JSON type and format. */
function typeOf(definition: Definition, path: string, schema: JsonSchemaObject): string {
  const catalogued = readFieldProperties(definition, path)?.typeId;
  if (catalogued) return catalogued;
  const items = isJsonObject(schema.items) ? `<${String(schema.items.type)}>` : '';
  return `${String(schema.type)}${items}${schema.format ? `:${String(schema.format)}` : ''}`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A field's own schema without its children (a group's change is its children's) and without what typeOf compares. */
function ownRules(schema: JsonSchemaObject): JsonSchemaObject {
  const { properties: _properties, items: _items, required: _required, ...own } = schema;
  return own;
}

/** A section as compared: the prefill mappings in any order (editing a field writes its mappings anew, at the end). */
const comparable = (section: SettingSection, definition: Definition): unknown =>
  section === 'prefill' ? definition.prefill.map((mapping) => JSON.stringify(mapping)).sort() : definition[section];

const textOf = (definition: Definition, path: string, text: 'label' | 'help' | 'errorMessage') => definition.form.texts[path]?.[text];

/** A field's settings kept outside it, as compared (the prefill mappings in any order). */
const SETTINGS_OF_FIELD = {
  prefill: (definition: Definition, path: string) => definition.prefill.filter((m) => m.field === path).map((m) => JSON.stringify(m)).sort(),
  calculation: (definition: Definition, path: string) => definition.form.calculations?.find((c) => c.field === path),
  answerRules: (definition: Definition, path: string) => (definition.form.answerRules ?? []).filter((rule) => rule.field === path),
  booking: (definition: Definition, path: string) => definition.form.fields?.[path]?.booking,
} as const;

/**
 * What a newer definition changes compared with an older one: fields added, removed and changed
 * (any of their texts, required, type, rules, options, and their prefill, calculated value, answer
 * rules and booking settings, which the definition keeps outside the field), the form's steps, conditions and
 * calculations, and the settings sections. Every text counts: a changed help text is a change.
 */
export function diffDefinitions(older: Definition, newer: Definition): VersionDiff {
  const before = collectFieldPaths(older.form.schema);
  const after = collectFieldPaths(newer.form.schema);
  const changed: FieldChange[] = [];
  for (const [path, schema] of after) {
    const old = before.get(path);
    if (!old) continue;
    const aspects: FieldAspect[] = [];
    for (const text of ['label', 'help', 'errorMessage'] as const) if (!same(textOf(older, path, text), textOf(newer, path, text))) aspects.push(text);
    if (isRequired(older, path) !== isRequired(newer, path)) aspects.push('required');
    const typeChanged = typeOf(older, path, old) !== typeOf(newer, path, schema);
    if (typeChanged) aspects.push('type');
    const options = !same(choiceOptions(older, path), choiceOptions(newer, path));
    if (options) aspects.push('options');
    if (!typeChanged && !options && !same(ownRules(old), ownRules(schema))) aspects.push('validation');
    for (const [aspect, of] of Object.entries(SETTINGS_OF_FIELD) as [keyof typeof SETTINGS_OF_FIELD, (d: Definition, p: string) => unknown][]) {
      if (!same(of(older, path), of(newer, path))) aspects.push(aspect);
    }
    if (aspects.length > 0) changed.push({ path, aspects });
  }
  return {
    added: [...after.keys()].filter((path) => !before.has(path)),
    removed: [...before.keys()].filter((path) => !after.has(path)),
    changed,
    form: [
      ...(!same(older.form.steps, newer.form.steps) ? (['steps'] as const) : []),
      ...(!same(older.form.schema.allOf, newer.form.schema.allOf) ? (['conditions'] as const) : []),
      ...(!same(older.form.calculations, newer.form.calculations) ? (['calculations'] as const) : []),
    ],
    settings: SETTING_SECTIONS.filter((section) => !same(comparable(section, older), comparable(section, newer))),
  };
}

/** Whether two definitions differ in anything the diff shows. */
export const differsInAnything = (diff: VersionDiff) => diff.added.length + diff.removed.length + diff.changed.length + diff.form.length + diff.settings.length > 0;
