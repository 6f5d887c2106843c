import type { Calculation, Formula } from '../calculations/model.js';
import { isFieldKey } from '../fields/catalogue/catalogue.js';
import { bilingual, type BilingualMessage } from '../i18n/bilingual.js';
import { arrayItems, collectFieldPaths, isJsonObject, objectProperties, type FieldPath } from './fields.js';
import type { EServiceDefinition, JsonSchemaObject } from './format.js';

export interface FieldKeyProblem {
  code: 'field-unknown' | 'field-key-invalid' | 'field-key-taken';
  message: BilingualMessage;
}

const parentOf = (path: FieldPath) => path.split('.').slice(0, -1).join('.');
const nameOf = (path: FieldPath) => path.split('.').at(-1)!;

/** Why a field cannot get this key, if it cannot: it must be a valid key no other field beside it has. */
export function fieldKeyProblem(definition: EServiceDefinition, path: FieldPath, key: string): FieldKeyProblem | undefined {
  const fields = collectFieldPaths(definition.form.schema);
  if (!fields.has(path)) return { code: 'field-unknown', message: bilingual(`Fältet ”${path}” finns inte.`, `The field “${path}” does not exist.`) };
  if (key === nameOf(path)) return undefined;
  if (!isFieldKey(key)) {
    return {
      code: 'field-key-invalid',
      message: bilingual(`Nyckeln ”${key}” ska börja med en bokstav och får bara innehålla bokstäver a–z, siffror och _.`, `The key “${key}” must start with a letter and may only hold letters a–z, digits and _.`),
    };
  }
  const parent = parentOf(path);
  const group = parent ? fields.get(parent)! : definition.form.schema;
  if (objectProperties(arrayItems(group) ?? group).has(key)) {
    return { code: 'field-key-taken', message: bilingual(`Ett annat fält här har redan nyckeln ”${key}”.`, `Another field here already has the key “${key}”.`) };
  }
  return undefined;
}

/**
 * The definition with a field's key changed and every reference to the field or its children
 * following it: the form schema (declaration, `required`, the field conditions compiled into it,
 * dependencies), uiSchema, texts, field settings, steps and their conditions, calculations,
 * answer rules, prefill, co-signers, the receipt's e-mail field and the connectors' options (an
 * option named `field`, `{answers.<path>}` placeholders). Pure; checks the key with fieldKeyProblem
 * first. Answers already given under the old key keep it: they belong to their version.
 */
export function renameField(definition: EServiceDefinition, path: FieldPath, key: string): EServiceDefinition {
  const problem = fieldKeyProblem(definition, path, key);
  if (problem) throw new Error(problem.message.en);
  if (key === nameOf(path)) return definition;
  const rename = pathRenamer(path, key);
  const next = structuredClone(definition);
  const { form } = next;
  const fields = collectFieldPaths(form.schema);
  renameInUi(form.uiSchema, path.split('.'), key, (names) => arrayItems(fields.get(names.join('.'))!) !== undefined);
  renameInSchema(form.schema, path.split('.'), key);
  form.texts = renamedKeys(form.texts, rename);
  if (form.fields) form.fields = renamedKeys(form.fields, rename);
  for (const step of form.steps) {
    step.fields = step.fields.map(rename);
    if (step.showWhen) step.showWhen = renamedConditionFields(step.showWhen, rename);
  }
  if (form.calculations) form.calculations = form.calculations.map((c): Calculation => ({ field: rename(c.field), formula: renamedFormula(c.formula, rename) }));
  if (form.answerRules) form.answerRules = form.answerRules.map((rule) => ({ ...rule, field: rename(rule.field), other: rename(rule.other) }));
  next.prefill = next.prefill.map((mapping) => ({ ...mapping, field: rename(mapping.field) }));
  if (next.signing.coSignerFields) next.signing.coSignerFields = next.signing.coSignerFields.map(rename);
  if (next.receipt.emailField) next.receipt.emailField = rename(next.receipt.emailField);
  next.delivery.connectors = next.delivery.connectors.map((connector) => ({ ...connector, options: renamedOptions(connector.options, rename) as JsonSchemaObject }));
  return next;
}

/**
 * Renames a path when it is the field's or runs through it. Connectors address list items by
 * number (`children.0.name`): those segments are passed over when comparing with the field path.
 */
function pathRenamer(path: FieldPath, key: string): (given: string) => string {
  const names = path.split('.');
  return (given) => {
    const segments = given.split('.');
    let matched = 0;
    for (let i = 0; i < segments.length && matched < names.length; i++) {
      if (/^\d+$/.test(segments[i]!) && matched > 0) continue;
      if (segments[i] !== names[matched]) return given;
      if (++matched === names.length) segments[i] = key;
    }
    return matched === names.length ? segments.join('.') : given;
  };
}

/** An object with its keys renamed, in the same order. */
const renamedKeys = <T>(record: Record<string, T>, rename: (key: string) => string): Record<string, T> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [rename(k), v]));

/**
 * Renames the property `names` (a path from this schema node) in place: in every subschema that
 * applies to the same answers (allOf/anyOf/oneOf, if/then/else, not, dependencies), so the field
 * conditions compiled into the schema (nested `properties` and `required`) follow; through
 * `properties` and an array's `items` for a child.
 */
function renameInSchema(node: JsonSchemaObject, names: readonly string[], key: string): void {
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    for (const part of Array.isArray(node[keyword]) ? node[keyword] : []) if (isJsonObject(part)) renameInSchema(part, names, key);
  }
  for (const keyword of ['if', 'then', 'else', 'not'] as const) {
    const part = node[keyword];
    if (isJsonObject(part)) renameInSchema(part, names, key);
  }
  const [name, ...rest] = names as [string, ...string[]];
  const own = (n: unknown) => (n === name ? key : n);
  if (isJsonObject(node.dependencies)) {
    for (const dependency of Object.values(node.dependencies)) if (isJsonObject(dependency)) renameInSchema(dependency, names, key);
    if (rest.length === 0) {
      node.dependencies = Object.fromEntries(Object.entries(node.dependencies).map(([k, v]) => [own(k), Array.isArray(v) ? v.map(own) : v]));
    }
  }
  const properties = isJsonObject(node.properties) ? node.properties : undefined;
  if (rest.length === 0) {
    if (properties && name in properties) node.properties = renamedKeys(properties, (k) => own(k) as string);
    if (Array.isArray(node.required)) node.required = node.required.map(own);
  } else if (properties && isJsonObject(properties[name])) {
    const child = properties[name];
    renameInSchema(child, rest, key);
    if (isJsonObject(child.items)) renameInSchema(child.items, rest, key);
  }
}

/** Renames the uiSchema node of the field (and `ui:order` around it); an array's children sit under `items`. */
function renameInUi(ui: JsonSchemaObject, names: readonly string[], key: string, isList: (names: readonly string[]) => boolean): void {
  let node: unknown = ui;
  for (let i = 0; i < names.length - 1 && isJsonObject(node); i++) {
    node = node[names[i]!];
    if (isList(names.slice(0, i + 1)) && isJsonObject(node)) node = node.items;
  }
  if (!isJsonObject(node)) return;
  const name = names.at(-1)!;
  const order = node['ui:order'];
  if (Array.isArray(order)) node['ui:order'] = order.map((n) => (n === name ? key : n));
  if (name in node) {
    const renamed = renamedKeys(node, (k) => (k === name ? key : k));
    for (const k of Object.keys(node)) delete node[k];
    Object.assign(node, renamed);
  }
}

/** A condition with every `field` it looks at renamed, however its clauses nest. */
function renamedConditionFields<T>(condition: T, rename: (path: string) => string): T {
  if (Array.isArray(condition)) return condition.map((c: unknown) => renamedConditionFields(c, rename)) as T;
  if (!isJsonObject(condition)) return condition;
  return Object.fromEntries(
    Object.entries(condition).map(([k, v]) => [k, k === 'field' && typeof v === 'string' ? rename(v) : renamedConditionFields(v, rename)]),
  ) as T;
}

function renamedFormula(formula: Formula, rename: (path: string) => string): Formula {
  const operand = (o: string | number) => (typeof o === 'string' ? rename(o) : o);
  switch (formula.kind) {
    case 'sum':
      return { ...formula, terms: formula.terms.map(operand) };
    case 'multiply':
      return { ...formula, factors: formula.factors.map(operand) };
    case 'count':
      return { ...formula, field: rename(formula.field) };
    case 'date-difference':
      return { ...formula, from: rename(formula.from), ...(formula.to ? { to: rename(formula.to) } : {}) };
    case 'age-from-personnummer':
      return { ...formula, field: rename(formula.field), ...(formula.on ? { on: rename(formula.on) } : {}) };
  }
}

/**
 * A connector's options with the field's references renamed. Options are each plugin's own, so
 * by the platform's convention: an option named `field` holds a field path (the case-management
 * connector's routing rules), and a text may hold `{answers.<path>}` placeholders (its case title).
 */
function renamedOptions(value: unknown, rename: (path: string) => string, name?: string): unknown {
  if (typeof value === 'string') {
    return name === 'field' ? rename(value) : value.replace(/\{answers\.([A-Za-z0-9_.]+)\}/g, (_, path: string) => `{answers.${rename(path)}}`);
  }
  if (Array.isArray(value)) return value.map((v) => renamedOptions(v, rename));
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renamedOptions(v, rename, k)]));
}
