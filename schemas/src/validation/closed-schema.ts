import { isJsonObject } from '../definition/fields.js';
import type { JsonSchemaObject } from '../definition/format.js';

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const objects = (values: unknown[]): JsonSchemaObject[] => values.filter(isJsonObject);

/** Keywords by which a schema decides itself which property names an object may have. */
const NAME_RULES = ['additionalProperties', 'patternProperties', 'propertyNames'] as const;

/**
 * Subschemas that apply to the same value as the schema holding them and may declare more of its
 * properties: allOf, the alternatives, the branches of a condition, dependencies. Not `if` and
 * `not`: they test the value, they do not ask for anything.
 */
const sameValueParts = (node: JsonSchemaObject): JsonSchemaObject[] =>
  objects([
    ...asArray(node.allOf),
    ...asArray(node.anyOf),
    ...asArray(node.oneOf),
    node.then,
    node.else,
    ...(isJsonObject(node.dependencies) ? Object.values(node.dependencies) : []),
  ]);

/** Sets a member by defining it, so that even a name like `__proto__` becomes an own property. */
const define = (target: JsonSchemaObject, name: string, value: unknown) =>
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });

/** Whether a schema admits no object at all (its type, or a `const`/`enum` of other values). */
function admitsNoObject(node: JsonSchemaObject): boolean {
  if (node.type !== undefined) return node.type !== 'object' && !(Array.isArray(node.type) && node.type.includes('object'));
  const fixed = 'const' in node ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
  return fixed !== undefined && !fixed.some((value) => typeof value === 'object' && value !== null && !Array.isArray(value));
}

/**
 * A form schema that refuses answers to questions the form does not ask, in the schema itself:
 * every object value whose schemas say nothing about other properties gets
 * `additionalProperties: false`, with the properties that any of its schemas declare (conditions'
 * then/else, allOf, anyOf/oneOf, dependencies, a `$ref`'s target) listed beside it. Where a schema
 * declares `additionalProperties`, `patternProperties` or `propertyNames`, those decide; the names
 * of an object that `const` or `enum` admits are listed too. Pure: returns a new schema.
 */
export function closedAnswerSchema(schema: JsonSchemaObject): JsonSchemaObject {
  const root = structuredClone(schema);
  /** Names this closing listed on a node, which its definition did not declare. */
  const listed = new WeakMap<JsonSchemaObject, Set<string>>();
  const ids = new WeakMap<JsonSchemaObject, number>();
  let nextId = 0;
  const idOf = (node: JsonSchemaObject) => ids.get(node) ?? (ids.set(node, ++nextId), nextId);
  /** Values already closed, by the schemas declaring them: stops a recursive `$ref`. */
  const closedValues = new Set<string>();
  const declaredNames = (node: JsonSchemaObject) =>
    isJsonObject(node.properties) ? Object.keys(node.properties).filter((name) => !listed.get(node)?.has(name)) : [];

  /** Closes one value (an object, an array's items, ...) given the schemas reached at it. */
  const closeValue = (primaries: JsonSchemaObject[]): void => {
    const key = primaries.map(idOf).sort((a, b) => a - b).join();
    if (primaries.length === 0 || closedValues.has(key)) return;
    closedValues.add(key);
    const declarers: JsonSchemaObject[] = [];
    const gather = (node: JsonSchemaObject): void => {
      if (declarers.includes(node)) return;
      declarers.push(node);
      sameValueParts(node).forEach(gather);
      const target = typeof node.$ref === 'string' ? resolveLocal(root, node.$ref) : undefined;
      if (target) gather(target);
    };
    primaries.forEach(gather);

    const ownRules = declarers.some((node) => NAME_RULES.some((rule) => rule in node) && !listed.has(node));
    const placeholders: Array<[properties: JsonSchemaObject, name: string]> = [];
    if (!ownRules && !primaries.every(admitsNoObject)) {
      // an object a `const` or `enum` admits keeps its names
      const fixedNames = declarers.flatMap((node) => [node.const, ...asArray(node.enum)].filter(isJsonObject).flatMap(Object.keys));
      const names = new Set([...declarers.flatMap(declaredNames), ...fixedNames]);
      for (const node of primaries) {
        const properties = isJsonObject(node.properties) ? node.properties : {};
        const added = listed.get(node) ?? new Set<string>();
        for (const name of names) {
          if (Object.hasOwn(properties, name)) continue;
          define(properties, name, {});
          added.add(name);
          placeholders.push([properties, name]);
        }
        node.properties = properties;
        node.additionalProperties = false;
        listed.set(node, added);
      }
    }

    // the values inside: each property over all its declarations, the items, the other members
    const byName = new Map<string, JsonSchemaObject[]>();
    const items: JsonSchemaObject[] = [];
    const tuple: JsonSchemaObject[][] = [];
    for (const node of declarers) {
      for (const name of declaredNames(node)) {
        const child = (node.properties as JsonSchemaObject)[name];
        if (isJsonObject(child)) byName.set(name, [...(byName.get(name) ?? []), child]);
      }
      if (isJsonObject(node.items)) items.push(node.items);
      asArray(node.items).forEach((item, i) => isJsonObject(item) && (tuple[i] ??= []).push(item));
      for (const other of [node.additionalProperties, node.additionalItems, ...Object.values(isJsonObject(node.patternProperties) ? node.patternProperties : {})]) {
        if (isJsonObject(other)) closeValue([other]);
      }
    }
    byName.forEach((declarations) => closeValue(declarations));
    closeValue(items);
    tuple.forEach((declarations) => closeValue(declarations));
    // A listed name is checked by its declaration only where that applies (a `then` whose `if`
    // failed does not): its shape applies everywhere, so what lies inside it stays asked for.
    for (const [properties, name] of placeholders) {
      const shapes = (byName.get(name) ?? []).map((declaration) => shapeOf(declaration, { references: false }));
      if (shapes.length > 0) define(properties, name, shapes.length === 1 ? shapes[0] : { allOf: shapes });
    }
  };
  closeValue([root]);
  return withPrototypeNamesAsPatterns(root);
}

/** The schema a local `$ref` ("#", "#/definitions/x") points at. */
function resolveLocal(root: JsonSchemaObject, ref: string): JsonSchemaObject | undefined {
  if (ref !== '#' && !ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const segment of ref.slice(2).split('/').filter((s, i, all) => s !== '' || all.length > 1)) {
    const key = decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
    node = Array.isArray(node) ? node[Number(key)] : isJsonObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  }
  return isJsonObject(node) ? node : undefined;
}

/** Every subschema directly inside a schema. */
function subschemas(node: JsonSchemaObject): JsonSchemaObject[] {
  const maps = [node.properties, node.patternProperties, node.definitions, node.dependencies];
  return objects([
    ...maps.flatMap((map) => (isJsonObject(map) ? Object.values(map) : [])),
    ...[node.items].flat(),
    ...[node.additionalProperties, node.additionalItems, node.contains, node.propertyNames, node.not, node.if, node.then, node.else],
    ...asArray(node.allOf),
    ...asArray(node.anyOf),
    ...asArray(node.oneOf),
  ]);
}

/**
 * ajv skips a property named `__proto__` in `properties` (and so would refuse it as additional);
 * as the only member of a `patternProperties` pattern it is checked like any other name.
 */
function withPrototypeNamesAsPatterns(schema: JsonSchemaObject): JsonSchemaObject {
  const seen = new Set<JsonSchemaObject>();
  const visit = (node: JsonSchemaObject): void => {
    if (seen.has(node)) return;
    seen.add(node);
    subschemas(node).forEach(visit);
    if (!isJsonObject(node.properties) || !Object.hasOwn(node.properties, '__proto__')) return;
    const declaration = node.properties.__proto__;
    node.properties = Object.fromEntries(Object.entries(node.properties).filter(([name]) => name !== '__proto__'));
    const patterns = isJsonObject(node.patternProperties) ? { ...node.patternProperties } : {};
    const pattern = '^__proto__$';
    define(patterns, pattern, Object.hasOwn(patterns, pattern) ? { allOf: [patterns[pattern], declaration] } : declaration);
    node.patternProperties = patterns;
  };
  visit(schema);
  return schema;
}

/**
 * The structure a (closed) schema admits, without what it says of values: which properties and
 * items may exist, at any depth, whatever the conditions (then/else, alternatives and
 * dependencies all apply). With `references: false` a `$ref` is left out, since its target says
 * more than the shape.
 */
function shapeOf(node: unknown, options: { references: boolean }): unknown {
  if (!isJsonObject(node)) return node;
  const shape: JsonSchemaObject = {};
  const inner = (child: unknown) => shapeOf(child, options);
  const mapOf = (map: unknown) => Object.fromEntries(Object.entries(isJsonObject(map) ? map : {}).map(([name, child]) => [name, inner(child)]));
  const kept = options.references ? (['$schema', '$id', '$ref', 'propertyNames'] as const) : (['propertyNames'] as const);
  for (const keyword of kept) if (keyword in node) shape[keyword] = node[keyword];
  for (const keyword of ['properties', 'patternProperties'] as const) if (keyword in node) shape[keyword] = mapOf(node[keyword]);
  if (options.references && 'definitions' in node) shape.definitions = mapOf(node.definitions);
  for (const keyword of ['additionalProperties', 'additionalItems'] as const) if (keyword in node) shape[keyword] = inner(node[keyword]);
  if (Array.isArray(node.items)) shape.items = node.items.map(inner);
  else if ('items' in node) shape.items = inner(node.items);
  const parts = sameValueParts(node).map(inner);
  if (parts.length > 0) shape.allOf = parts;
  return shape;
}

/**
 * The shape of the answers a closed answer schema admits (see shapeOf). A draft's answers are
 * held to it: incomplete and not yet valid, but only answers to questions the form asks. Pure.
 */
export function answerShapeSchema(closed: JsonSchemaObject): JsonSchemaObject {
  return shapeOf(closed, { references: true }) as JsonSchemaObject;
}
