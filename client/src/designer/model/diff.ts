import { collectFieldPaths, isJsonObject, readFieldProperties, type JsonSchemaObject } from '@etjanst/schemas';
import { isRequired, choiceOptions } from './fields';
import type { Definition } from './form-tree';

export type FieldAspect = 'label' | 'required' | 'type' | 'options';

export interface FieldChange {
  path: string;
  aspects: FieldAspect[];
}

export interface VersionDiff {
  added: string[];
  removed: string[];
  changed: FieldChange[];
}

/** A field's type as the designer names it: its catalogue type (recorded or inferred), else its JSON type and format. */
function typeOf(definition: Definition, path: string, schema: JsonSchemaObject): string {
  const catalogued = readFieldProperties(definition, path)?.typeId;
  if (catalogued) return catalogued;
  const items = isJsonObject(schema.items) ? `<${String(schema.items.type)}>` : '';
  return `${String(schema.type)}${items}${schema.format ? `:${String(schema.format)}` : ''}`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Which fields an older and a newer definition add, remove and change (label, required, type, options). */
export function diffDefinitions(older: Definition, newer: Definition): VersionDiff {
  const before = collectFieldPaths(older.form.schema);
  const after = collectFieldPaths(newer.form.schema);
  const changed: FieldChange[] = [];
  for (const [path, schema] of after) {
    const old = before.get(path);
    if (!old) continue;
    const aspects: FieldAspect[] = [];
    if (!same(older.form.texts[path]?.label, newer.form.texts[path]?.label)) aspects.push('label');
    if (isRequired(older, path) !== isRequired(newer, path)) aspects.push('required');
    if (typeOf(older, path, old) !== typeOf(newer, path, schema)) aspects.push('type');
    if (!same(choiceOptions(older, path), choiceOptions(newer, path))) aspects.push('options');
    if (aspects.length > 0) changed.push({ path, aspects });
  }
  return {
    added: [...after.keys()].filter((path) => !before.has(path)),
    removed: [...before.keys()].filter((path) => !after.has(path)),
    changed,
  };
}
