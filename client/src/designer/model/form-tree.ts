import { arrayItems, isJsonObject, propertyDeclarers, type EServiceDefinition, type JsonSchemaObject } from '@etjanst/schemas';

export type Definition = EServiceDefinition;
export type Form = EServiceDefinition['form'];

/** The schema object that holds the properties of a parent field path ('' is the whole form). */
export function containerOf(schema: JsonSchemaObject, parentPath: string): JsonSchemaObject | undefined {
  let node: JsonSchemaObject | undefined = schema;
  for (const name of parentPath ? parentPath.split('.') : []) {
    const child: JsonSchemaObject | undefined = node && declarerOf(node, name)?.properties[name];
    node = child && (arrayItems(child) ?? child);
  }
  return node && node.type === 'object' ? node : undefined;
}

type Declarer = JsonSchemaObject & { properties: Record<string, JsonSchemaObject> };

/** The schema (the object itself or a conditional branch) that declares a property. */
export function declarerOf(container: JsonSchemaObject, name: string): Declarer | undefined {
  return propertyDeclarers(container).find(
    (d): d is Declarer => isJsonObject(d.properties) && isJsonObject(d.properties[name]),
  );
}

export const parentPathOf = (path: string): string => path.split('.').slice(0, -1).join('.');
export const nameOf = (path: string): string => path.split('.').at(-1) ?? path;
/** Whether a path is a field itself or one of its children. */
export const isUnder = (path: string, root: string): boolean => path === root || path.startsWith(`${root}.`);
export const joinPath = (parent: string, name: string): string => (parent ? `${parent}.${name}` : name);

/** The declaring schema of a field path and its schema. */
export function fieldAt(schema: JsonSchemaObject, path: string) {
  const container = containerOf(schema, parentPathOf(path));
  const declarer = container && declarerOf(container, nameOf(path));
  return declarer ? { container, declarer, schema: declarer.properties[nameOf(path)] as JsonSchemaObject } : undefined;
}

/** The uiSchema keys leading to a field path: array items sit under `items`. */
export function uiKeysOf(schema: JsonSchemaObject, path: string): string[] {
  const keys: string[] = [];
  let container: JsonSchemaObject | undefined = schema;
  const names = path.split('.');
  names.forEach((name, i) => {
    keys.push(name);
    const child: JsonSchemaObject | undefined = container && declarerOf(container, name)?.properties[name];
    const items = child && arrayItems(child);
    if (items && i < names.length - 1) keys.push('items');
    container = items ?? child;
  });
  return keys;
}

/** The uiSchema node of a field path; created (with its parents) when `create` is set. */
export function uiNodeAt(form: Form, path: string, create: boolean): JsonSchemaObject | undefined {
  let node: JsonSchemaObject = form.uiSchema;
  for (const key of uiKeysOf(form.schema, path)) {
    if (!isJsonObject(node[key])) {
      if (!create) return undefined;
      node[key] = {};
    }
    node = node[key] as JsonSchemaObject;
  }
  return node;
}

/** Deletes a field's uiSchema node and the parents that become empty. */
export function removeUi(form: Form, path: string): void {
  const keys = uiKeysOf(form.schema, path);
  const chain: JsonSchemaObject[] = [form.uiSchema];
  for (const key of keys.slice(0, -1)) {
    const next = chain.at(-1)![key];
    if (!isJsonObject(next)) return;
    chain.push(next);
  }
  delete chain.at(-1)![keys.at(-1)!];
  for (let i = chain.length - 1; i > 0; i--) {
    if (Object.keys(chain[i]!).length === 0) delete chain[i - 1]![keys[i - 1]!];
  }
}

/** A deep copy to edit; definitions are plain JSON. */
export const copy = <T>(value: T): T => structuredClone(value);
