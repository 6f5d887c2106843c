import { ATTACHMENT_FORMAT } from '../fields/attachment-types.js';
import type { JsonSchemaObject } from './format.js';

/**
 * Field paths: property names joined by '.', array items transparent
 * (`children.name` is the name of each child). They key `form.texts` and prefill mappings.
 */
export type FieldPath = string;

const isObject = (value: unknown): value is JsonSchemaObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schemas that may declare properties of an object node: itself and its conditional branches. */
export function propertyDeclarers(node: JsonSchemaObject): JsonSchemaObject[] {
  const declarers: JsonSchemaObject[] = [node];
  const allOf = Array.isArray(node.allOf) ? node.allOf : [];
  for (const part of allOf) {
    if (!isObject(part)) continue;
    declarers.push(part);
    for (const branch of [part.then, part.else]) if (isObject(branch)) declarers.push(branch);
  }
  for (const branch of [node.then, node.else]) if (isObject(branch)) declarers.push(branch);
  if (isObject(node.dependencies)) {
    for (const dependency of Object.values(node.dependencies)) {
      if (!isObject(dependency)) continue;
      declarers.push(dependency);
      for (const alternative of [...asArray(dependency.oneOf), ...asArray(dependency.anyOf)]) {
        if (isObject(alternative)) declarers.push(alternative);
      }
    }
  }
  return declarers;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * The properties an object node can have, merged over its conditional branches. A branch that
 * only narrows a property (e.g. `{ enum: [...] }` in an `if`) does not hide its full declaration.
 */
export function objectProperties(node: JsonSchemaObject): Map<string, JsonSchemaObject> {
  const result = new Map<string, JsonSchemaObject>();
  for (const declarer of propertyDeclarers(node)) {
    if (!isObject(declarer.properties)) continue;
    for (const [name, schema] of Object.entries(declarer.properties)) {
      if (!isObject(schema)) continue;
      const known = result.get(name);
      if (!known || Object.keys(schema).length > Object.keys(known).length) result.set(name, schema);
    }
  }
  return result;
}

/** Item schema of an array node when its items are one schema (not a tuple). */
export function arrayItems(node: JsonSchemaObject): JsonSchemaObject | undefined {
  return node.type === 'array' && isObject(node.items) ? node.items : undefined;
}

/** Every field path in a form schema, with the schema that declares it. */
export function collectFieldPaths(schema: JsonSchemaObject): Map<FieldPath, JsonSchemaObject> {
  const paths = new Map<FieldPath, JsonSchemaObject>();
  const walk = (node: JsonSchemaObject, prefix: string): void => {
    for (const [name, child] of objectProperties(node)) {
      const path = prefix ? `${prefix}.${name}` : name;
      paths.set(path, child);
      walkValue(child, path);
    }
  };
  const walkValue = (node: JsonSchemaObject, path: string): void => {
    const items = arrayItems(node);
    if (items) walkValue(items, path);
    else if (node.type === 'object') walk(node, path);
  };
  walk(schema, '');
  return paths;
}

/** Whether a field path lies within the rows of a repeating group (`fields` from collectFieldPaths). */
export function isInRepeatingGroup(fields: Map<FieldPath, JsonSchemaObject>, path: FieldPath): boolean {
  const names = path.split('.');
  return names.slice(0, -1).some((_, i) => {
    const ancestor = fields.get(names.slice(0, i + 1).join('.'));
    return ancestor !== undefined && arrayItems(ancestor) !== undefined;
  });
}

/** Field path of an instance location (JSON pointer), dropping array indices. */
export function fieldPathOfPointer(pointer: string): FieldPath {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .filter((segment) => !/^\d+$/.test(segment))
    .join('.');
}

/** Top-level property names an allOf/dependencies entry refers to (in if, then, else, required). */
export function referencedTopLevelFields(part: JsonSchemaObject): Set<string> {
  const names = new Set<string>();
  const collect = (node: unknown): void => {
    if (!isObject(node)) return;
    if (isObject(node.properties)) Object.keys(node.properties).forEach((n) => names.add(n));
    asArray(node.required).forEach((n) => typeof n === 'string' && names.add(n));
    for (const key of ['if', 'then', 'else'] as const) collect(node[key]);
    for (const alternative of [...asArray(node.oneOf), ...asArray(node.anyOf), ...asArray(node.allOf)]) {
      collect(alternative);
    }
  };
  collect(part);
  return names;
}

export { isObject as isJsonObject };

/** Is this field an attachment field (one file, or an array of files)? */
export function isAttachmentField(node: JsonSchemaObject): { multiple: boolean } | undefined {
  const items = arrayItems(node);
  if (items?.format === ATTACHMENT_FORMAT) return { multiple: true };
  return node.format === ATTACHMENT_FORMAT ? { multiple: false } : undefined;
}

/** A field's uiSchema `ui:options`; for an array, on the field itself or on its items. */
export function fieldUiOptions(uiSchema: JsonSchemaObject, paths: Map<FieldPath, JsonSchemaObject>, path: FieldPath): Record<string, unknown> {
  const segments = path.split('.');
  let ui: unknown = uiSchema;
  segments.forEach((segment, i) => {
    ui = isObject(ui) ? ui[segment] : undefined;
    const node = paths.get(segments.slice(0, i + 1).join('.'));
    // rjsf keeps an array's item options under "items"
    if (i < segments.length - 1 && node && arrayItems(node) && isObject(ui)) ui = ui.items;
  });
  if (!isObject(ui)) return {};
  const own = ui['ui:options'];
  const items = isObject(ui.items) ? ui.items['ui:options'] : undefined;
  return { ...(isObject(items) ? items : {}), ...(isObject(own) ? own : {}) };
}
