import { collectFieldPaths, isJsonObject } from '../definition/fields.js';
import type { JsonSchemaObject } from '../definition/format.js';
import { conditionClauses, type Condition, type FieldCondition } from './clauses.js';
import type { ConditionClause } from './model.js';

/** Regex syntax characters: the only ones that may be escaped under ajv's unicode flag. */
const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
const unescapeRegex = (pattern: string) => pattern.replace(/\\(.)/g, '$1');
const isLiteralPattern = (pattern: string) => !/(^|[^\\])[\^$.*+?()[\]{}|]/.test(pattern);

/** The test one operator puts on the answer, chosen by the schema of the field it looks at. */
function operatorSchema(condition: ConditionClause, field: JsonSchemaObject | undefined): JsonSchemaObject {
  const { operator, value } = condition;
  switch (operator) {
    case 'is':
      return { const: value };
    case 'isNot':
      return { not: { const: value } };
    case 'contains':
      return field?.type === 'array' ? { contains: { const: value } } : { type: 'string', pattern: escapeRegex(String(value)) };
    case 'greaterThan':
      if (field?.type === 'array') return { type: 'array', minItems: Math.floor(Number(value)) + 1 };
      if (field?.format === 'date') return { type: 'string', format: 'date', formatExclusiveMinimum: String(value) };
      return { type: 'number', exclusiveMinimum: Number(value) };
  }
}

/** The operator and value a compiled test stands for, if it is one conditionSchema makes. */
function readOperator(test: JsonSchemaObject): Pick<ConditionClause, 'operator' | 'value'> | undefined {
  const scalar = (v: unknown): v is ConditionClause['value'] => ['string', 'number', 'boolean'].includes(typeof v);
  if ('const' in test && scalar(test.const)) return { operator: 'is', value: test.const };
  if (isJsonObject(test.not) && scalar(test.not.const)) return { operator: 'isNot', value: test.not.const };
  if (isJsonObject(test.contains) && scalar(test.contains.const)) return { operator: 'contains', value: test.contains.const };
  if (typeof test.pattern === 'string' && isLiteralPattern(test.pattern)) return { operator: 'contains', value: unescapeRegex(test.pattern) };
  if (typeof test.exclusiveMinimum === 'number') return { operator: 'greaterThan', value: test.exclusiveMinimum };
  if (typeof test.formatExclusiveMinimum === 'string') return { operator: 'greaterThan', value: test.formatExclusiveMinimum };
  if (typeof test.minItems === 'number' && test.type === 'array') return { operator: 'greaterThan', value: test.minItems - 1 };
  return undefined;
}

/**
 * A clause as a JSON Schema over the whole answers: the field must be answered and pass the
 * operator's test. Nested paths nest `properties`.
 */
function clauseSchema(clause: ConditionClause, fields: Map<string, JsonSchemaObject>): JsonSchemaObject {
  return clause.field
    .split('.')
    .reverse()
    .reduce<JsonSchemaObject>(
      (inner, name) => ({ properties: { [name]: inner }, required: [name] }),
      operatorSchema(clause, fields.get(clause.field)),
    );
}

/**
 * A condition as a JSON Schema over the whole answers (an `if`): a single clause as it is,
 * "all of" several as `allOf`, "any of" as `anyOf`, so ajv and rjsf judge it alike.
 */
export function conditionSchema(condition: Condition, formSchema: JsonSchemaObject): JsonSchemaObject {
  const fields = collectFieldPaths(formSchema);
  const schemas = conditionClauses(condition).map((clause) => clauseSchema(clause, fields));
  if ('all' in condition) return { allOf: schemas };
  if ('any' in condition) return { anyOf: schemas };
  return schemas[0]!;
}

/** The clause a schema stands for, if clauseSchema could have made it. */
function readClauseSchema(schema: unknown): ConditionClause | undefined {
  const path: string[] = [];
  let node = schema;
  while (isJsonObject(node) && isJsonObject(node.properties)) {
    const names = Object.keys(node.properties);
    const [name] = names;
    if (names.length !== 1 || !name || !Array.isArray(node.required) || node.required.join() !== name) return undefined;
    path.push(name);
    node = node.properties[name];
    const test = isJsonObject(node) ? readOperator(node) : undefined;
    if (test) return { field: path.join('.'), ...test };
  }
  return undefined;
}

/** The condition an `if` schema stands for, if conditionSchema could have made it. */
export function readConditionSchema(schema: unknown): Condition | undefined {
  if (!isJsonObject(schema)) return undefined;
  const [only, ...others] = Object.keys(schema);
  const list = only === 'allOf' || only === 'anyOf' ? schema[only] : undefined;
  if (others.length > 0 || !Array.isArray(list)) return readClauseSchema(schema);
  const clauses = list.map(readClauseSchema);
  if (clauses.length === 0 || !clauses.every((c): c is ConditionClause => c !== undefined)) return undefined;
  return only === 'allOf' ? { all: clauses } : { any: clauses };
}

/**
 * Moves each target's declaration into an `allOf` `if`/`then` entry: shown, declared and (when
 * it was) required only while the condition holds; `else` refuses an answer to it, so a hidden
 * field is neither required nor accepted by the server (the portal drops hidden answers with
 * rjsf's omitExtraData). Pure: returns a new schema.
 */
export function applyFieldConditions(formSchema: JsonSchemaObject, conditions: FieldCondition[]): JsonSchemaObject {
  const schema = structuredClone(formSchema) as JsonSchemaObject & { properties: Record<string, JsonSchemaObject> };
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const entries: JsonSchemaObject[] = [];
  for (const { target, when } of conditions) {
    const declaration = schema.properties[target];
    if (!declaration) continue; // a condition on a deleted field: validateDefinition reports it
    delete schema.properties[target];
    const wasRequired = required.includes(target);
    entries.push({
      if: conditionSchema(when, formSchema),
      then: { properties: { [target]: declaration }, ...(wasRequired ? { required: [target] } : {}) },
      else: { not: { required: [target] } },
    });
  }
  const remaining = required.filter((name) => name in schema.properties);
  if (remaining.length > 0) schema.required = remaining;
  else delete schema.required;
  if (entries.length > 0) schema.allOf = [...(Array.isArray(schema.allOf) ? schema.allOf : []), ...entries];
  return schema;
}

/**
 * The field conditions of a form schema, for editing: each `allOf` entry whose `if` reads as a
 * condition and whose `then` declares fields gives one condition per declared field. Entries it
 * cannot read (hand-written schema) are counted in `unreadable`, so the designer can say so.
 */
export function readFieldConditions(formSchema: JsonSchemaObject): { conditions: FieldCondition[]; unreadable: number } {
  const conditions: FieldCondition[] = [];
  let unreadable = 0;
  for (const entry of Array.isArray(formSchema.allOf) ? formSchema.allOf : []) {
    const when = isJsonObject(entry) ? readConditionSchema(entry.if) : undefined;
    const then = isJsonObject(entry) && isJsonObject(entry.then) ? entry.then : undefined;
    const targets = then && isJsonObject(then.properties) ? Object.keys(then.properties) : [];
    if (!when || targets.length === 0) unreadable++;
    else conditions.push(...targets.map((target) => ({ target, when })));
  }
  return { conditions, unreadable };
}

/**
 * A form schema without its readable field conditions: every conditional field declared (and
 * required as in its `then`) at the top level, as the designer edits it before applyFieldConditions.
 */
export function withoutFieldConditions(formSchema: JsonSchemaObject): JsonSchemaObject {
  const schema = structuredClone(formSchema) as JsonSchemaObject & { properties: Record<string, JsonSchemaObject> };
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const kept: unknown[] = [];
  for (const entry of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const then = isJsonObject(entry) && isJsonObject(entry.then) ? entry.then : undefined;
    if (!isJsonObject(entry) || !readConditionSchema(entry.if) || !then || !isJsonObject(then.properties)) {
      kept.push(entry);
      continue;
    }
    for (const [name, declaration] of Object.entries(then.properties)) schema.properties[name] = declaration as JsonSchemaObject;
    for (const name of Array.isArray(then.required) ? then.required : []) required.add(String(name));
  }
  if (required.size > 0) schema.required = [...required];
  if (kept.length > 0) schema.allOf = kept;
  else delete schema.allOf;
  return schema;
}
