import {
  createField,
  newField,
  readConditionSchema,
  readFieldProperties,
  relabelledTexts,
  type CreatedField,
  type FieldProperties,
  isJsonObject,
  referencedTopLevelFields,
  type JsonSchemaObject,
} from '@etjanst/schemas';
import { answerRulesWithout } from './answer-rules';
import { calculationsWithout } from './calculations';
import { refuseConditionsLookingAhead, withoutConditionOf } from './conditions';
import { refuse } from './edit-error';
import {
  containerOf,
  copy,
  declarerOf,
  fieldAt,
  isUnder,
  joinPath,
  nameOf,
  parentPathOf,
  removeUi,
  uiNodeAt,
  type Definition,
  type Form,
} from './form-tree';

/** A field to insert: its name and the fragments the field catalogue made (`createField`), keyed relative to it. */
export type NewField = { name: string } & CreatedField;

/** Where a field goes: under a parent group ('' for the form, then on a step) at an index. */
export interface FieldPlace {
  parent: string;
  stepId?: string;
  index: number;
}

export const FIELD_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9]*$/;

const rebase = (path: string, from: string, to: string) => to + path.slice(from.length);

function propertyNames(container: JsonSchemaObject): string[] {
  return Object.keys((container.properties as Record<string, unknown> | undefined) ?? {});
}

/** A free field name under a parent: the base itself, or the base with the lowest free number. */
export function freeFieldName(definition: Definition, parent: string, base: string): string {
  const container = containerOf(definition.form.schema, parent);
  const taken = (name: string) => !!container && !!declarerOf(container, name);
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}${n}`)) return `${base}${n}`;
}

function stepOfField(form: Form, name: string) {
  return form.steps.find((step) => step.fields.includes(name));
}

function requireField(form: Form, path: string) {
  const at = fieldAt(form.schema, path);
  if (!at) refuse('field-unknown', `Fältet ”${path}” finns inte.`, `The field “${path}” does not exist.`);
  return at!;
}

/** Reorders an object's keys so that `name` sits at `index` among them. */
function withKeyAt(record: Record<string, unknown>, name: string, index: number): Record<string, unknown> {
  const keys = Object.keys(record).filter((k) => k !== name);
  keys.splice(Math.max(0, Math.min(index, keys.length)), 0, name);
  return Object.fromEntries(keys.map((k) => [k, record[k]]));
}

export function setRequiredOn(declarer: JsonSchemaObject, name: string, required: boolean): void {
  const list = (Array.isArray(declarer.required) ? declarer.required : []).filter((n) => n !== name);
  if (required) list.push(name);
  if (list.length > 0) declarer.required = list;
  else delete declarer.required;
}

/**
 * Where the palette puts a new field: at the end of the chosen group; right after the chosen field,
 * in its group or on its step, since that is where the designer is working; else at the end of the step.
 */
export function placeForNewField(definition: Definition, stepId: string, selected: { path: string; isGroup: boolean } | undefined): FieldPlace {
  const step = definition.form.steps.find((s) => s.id === stepId);
  const atEnd: FieldPlace = { parent: '', stepId, index: step?.fields.length ?? 0 };
  if (!selected || !step?.fields.includes(selected.path.split('.')[0]!)) return atEnd;
  if (selected.isGroup) return { parent: selected.path, index: childPaths(definition, selected.path).length };
  const parent = parentPathOf(selected.path);
  if (parent !== '') return { parent, index: childPaths(definition, parent).indexOf(selected.path) + 1 };
  return { parent: '', stepId, index: step.fields.indexOf(selected.path) + 1 };
}

/** Adds a catalogue field at a place: a step position for a top-level field, a position in a group otherwise. */
export function addField(definition: Definition, place: FieldPlace, field: NewField): Definition {
  if (!FIELD_NAME_PATTERN.test(field.name)) {
    refuse('field-name-invalid', `Fältnamnet ”${field.name}” ska börja med en bokstav och bara ha bokstäver a–z och siffror.`, `The field name “${field.name}” must start with a letter and have only letters a–z and digits.`);
  }
  const next = copy(definition);
  const { form } = next;
  const container = containerOf(form.schema, place.parent);
  if (!container) refuse('group-unknown', `Gruppen ”${place.parent}” finns inte.`, `The group “${place.parent}” does not exist.`);
  if (declarerOf(container!, field.name)) {
    refuse('field-name-taken', `Det finns redan ett fält som heter ”${field.name}” här.`, `There already is a field named “${field.name}” here.`);
  }
  const path = joinPath(place.parent, field.name);
  if (place.parent === '') {
    const step = form.steps.find((s) => s.id === place.stepId);
    if (!step) refuse('step-unknown', `Steget ”${place.stepId ?? ''}” finns inte.`, `The step “${place.stepId ?? ''}” does not exist.`);
    step!.fields.splice(Math.max(0, Math.min(place.index, step!.fields.length)), 0, field.name);
    container!.properties = { ...(container!.properties as object), [field.name]: copy(field.schema) };
  } else {
    container!.properties = withKeyAt({ ...(container!.properties as object), [field.name]: copy(field.schema) }, field.name, place.index);
  }
  putFragments(next, path, field);
  return next;
}

const under = (path: string, relativePath: string) => (relativePath ? `${path}.${relativePath}` : path);

/** Everything of a created field except its schema, at a path: required, uiSchema, texts, settings, prefill, co-signers. */
function putFragments(definition: Definition, path: string, field: CreatedField): void {
  const { form } = definition;
  const at = fieldAt(form.schema, path)!;
  setRequiredOn(at.declarer, nameOf(path), field.required);
  if (Object.keys(field.uiSchema).length > 0) Object.assign(uiNodeAt(form, path, true)!, copy(field.uiSchema));
  for (const [sub, texts] of Object.entries(field.texts)) form.texts[under(path, sub)] = copy(texts);
  const settings = Object.entries(field.settings).filter(([, value]) => Object.keys(value).length > 0);
  if (settings.length > 0) form.fields = { ...form.fields, ...Object.fromEntries(settings.map(([sub, value]) => [under(path, sub), { ...value }])) };
  for (const mapping of field.prefill) {
    definition.prefill.push({ field: under(path, mapping.path), source: 'population-register', attribute: mapping.attribute, editable: mapping.editable });
  }
  if (field.coSignerPaths.length > 0) {
    definition.signing.coSignerFields = [...(definition.signing.coSignerFields ?? []), ...field.coSignerPaths.map((sub) => under(path, sub))];
  }
}

/** Removes what names a field or its children, except its schema and its place on a step. */
function removeFragments(definition: Definition, path: string): void {
  const { form } = definition;
  removeUi(form, path);
  setRequiredOn(fieldAt(form.schema, path)!.declarer, nameOf(path), false);
  form.texts = Object.fromEntries(Object.entries(form.texts).filter(([key]) => !isUnder(key, path)));
  if (form.fields) form.fields = Object.fromEntries(Object.entries(form.fields).filter(([key]) => !isUnder(key, path)));
  definition.prefill = definition.prefill.filter((mapping) => !isUnder(mapping.field, path));
  if (definition.signing.coSignerFields) {
    const kept = definition.signing.coSignerFields.filter((field) => !isUnder(field, path));
    if (kept.length > 0) definition.signing.coSignerFields = kept;
    else delete definition.signing.coSignerFields;
  }
  if (definition.receipt.emailField && isUnder(definition.receipt.emailField, path)) delete definition.receipt.emailField;
}

/**
 * Puts a field's newly built fragments in place of its old ones (the property panel edits the
 * catalogue properties and rebuilds the field): same name, place, step and condition.
 */
export function replaceField(definition: Definition, path: string, field: CreatedField): Definition {
  const next = copy(definition);
  const at = requireField(next.form, path);
  const emailField = next.receipt.emailField;
  removeFragments(next, path);
  at.declarer.properties[nameOf(path)] = copy(field.schema);
  putFragments(next, path, field);
  // the receipt address survives a rebuild as long as the field still has it
  if (emailField && isUnder(emailField, path) && fieldAt(next.form.schema, emailField)) next.receipt.emailField = emailField;
  return next;
}

/** The conditions (allOf parts, dependencies) that a top-level field takes part in. */
function conditionsOf(form: Form, name: string): JsonSchemaObject[] {
  const parts = Array.isArray(form.schema.allOf) ? form.schema.allOf.filter(isJsonObject) : [];
  const dependencies = isJsonObject(form.schema.dependencies) ? form.schema.dependencies : {};
  const dependencyParts = Object.entries(dependencies).map(([key, value]) =>
    isJsonObject(value) ? { ...value, required: [key] } : { required: [key, ...(Array.isArray(value) ? value : [])] },
  );
  return [...parts, ...dependencyParts].filter((part) => referencedTopLevelFields(part).has(name));
}

/** Top-level fields that decide a condition (named in its `if`, or as a dependencies key). */
function controllingNames(form: Form): Set<string> {
  const names = new Set<string>();
  for (const part of Array.isArray(form.schema.allOf) ? form.schema.allOf : []) {
    if (isJsonObject(part) && isJsonObject(part.if)) referencedTopLevelFields(part.if).forEach((n) => names.add(n));
  }
  if (isJsonObject(form.schema.dependencies)) Object.keys(form.schema.dependencies).forEach((n) => names.add(n));
  return names;
}

/**
 * Moves a field: a top-level field within or between steps (not away from the fields it shares a
 * condition with, since a condition must lie within one step), a group's field within its group.
 */
export function moveField(definition: Definition, path: string, place: FieldPlace): Definition {
  const next = copy(definition);
  const { form } = next;
  const at = requireField(form, path);
  const parent = parentPathOf(path);
  const name = nameOf(path);
  if (place.parent !== parent) {
    refuse('move-across-groups', 'Ett fält kan flyttas inom sin grupp eller mellan steg, inte in i eller ut ur en grupp.', 'A field can move within its group or between steps, not into or out of a group.');
  }
  if (parent !== '') {
    at.declarer.properties = withKeyAt(at.declarer.properties, name, place.index) as typeof at.declarer.properties;
    return next;
  }
  const from = stepOfField(form, name);
  const to = form.steps.find((s) => s.id === place.stepId);
  if (!to) return refuse('step-unknown', `Steget ”${place.stepId ?? ''}” finns inte.`, `The step “${place.stepId ?? ''}” does not exist.`);
  if (from && from !== to) {
    // a condition the designer made may look back across steps (checked after the move); any
    // other (hand-written) stays within one step
    const handWritten = conditionsOf(form, name).filter((part) => !readConditionSchema(part.if));
    const linked = new Set(handWritten.flatMap((part) => [...referencedTopLevelFields(part)]));
    linked.delete(name);
    const left = [...linked].filter((other) => from.fields.includes(other));
    if (left.length > 0) {
      refuse('move-splits-condition', `Fältet hör ihop med ${left.join(', ')} genom ett villkor och måste stå på samma steg. Flytta dem tillsammans eller ta bort villkoret.`, `The field is tied to ${left.join(', ')} by a condition and must be on the same step. Move them together or remove the condition.`);
    }
  }
  if (from) from.fields = from.fields.filter((n) => n !== name);
  to.fields.splice(Math.max(0, Math.min(place.index, to.fields.length)), 0, name);
  if (from !== to) refuseConditionsLookingAhead(next);
  return next;
}

/** Copies a field (schema, required, uiSchema, texts, settings) right after itself, with a free name. */
export function duplicateField(definition: Definition, path: string): { definition: Definition; path: string } {
  const at = requireField(definition.form, path);
  const parent = parentPathOf(path);
  const name = freeFieldName(definition, parent, nameOf(path).replace(/\d+$/, ''));
  const copyPath = joinPath(parent, name);
  const next = copy(definition);
  const { form } = next;
  const declarer = fieldAt(form.schema, path)!.declarer;
  const entries = Object.entries(declarer.properties);
  const index = entries.findIndex(([key]) => key === nameOf(path));
  entries.splice(index + 1, 0, [name, copy(at.schema)]);
  declarer.properties = Object.fromEntries(entries);
  if (Array.isArray(declarer.required) && declarer.required.includes(nameOf(path))) setRequiredOn(declarer, name, true);
  const ui = uiNodeAt(form, path, false);
  if (ui) Object.assign(uiNodeAt(form, copyPath, true)!, copy(ui));
  for (const [key, texts] of Object.entries(definition.form.texts)) {
    if (!isUnder(key, path)) continue;
    const label = { sv: `${texts.label.sv} (kopia)`, ...(texts.label.en ? { en: `${texts.label.en} (copy)` } : {}) };
    form.texts[rebase(key, path, copyPath)] = key === path ? relabelledTexts(copy(texts), label) : copy(texts);
  }
  for (const [key, settings] of Object.entries(definition.form.fields ?? {})) {
    if (isUnder(key, path)) form.fields = { ...form.fields, [rebase(key, path, copyPath)]: { ...settings } };
  }
  if (parent === '') {
    const step = stepOfField(form, nameOf(path));
    if (step) step.fields.splice(step.fields.indexOf(nameOf(path)) + 1, 0, name);
  }
  return { definition: next, path: copyPath };
}

/**
 * Deletes a field and everything that names it: texts, uiSchema, settings, prefill, co-signer
 * and receipt references, its place on a step and in a condition's result, its calculation and
 * the rules between answers that name it. A
 * field that decides a condition or that a calculation reads is refused: silently dropping the
 * condition or calculation would change what others must answer or what the server computes.
 */
export function deleteField(definition: Definition, path: string): Definition {
  const next = copy(definition);
  const { form } = next;
  requireField(form, path);
  const name = nameOf(path);
  const calculations = calculationsWithout(form, path);
  if (calculations) form.calculations = calculations;
  else delete form.calculations;
  const rules = answerRulesWithout(form, path);
  if (rules) form.answerRules = rules;
  else delete form.answerRules;
  if (parentPathOf(path) === '') {
    if (controllingNames(form).has(name)) {
      refuse('field-controls-condition', `Fältet ”${name}” styr ett villkor. Ta bort villkoret först.`, `The field “${name}” decides a condition. Remove the condition first.`);
    }
    // its own condition goes with it
    form.schema = withoutConditionOf(form.schema, name);
  }
  const at = requireField(form, path);
  removeFragments(next, path);
  delete at.declarer.properties[name];
  if (parentPathOf(path) === '') {
    for (const step of form.steps) step.fields = step.fields.filter((n) => n !== name);
    if (Array.isArray(form.schema.allOf)) {
      const kept = form.schema.allOf.filter((part) => !isJsonObject(part) || !isEmptyCondition(part));
      if (kept.length > 0) form.schema.allOf = kept;
      else delete form.schema.allOf;
    }
  }
  return next;
}

/** A condition whose `then` no longer shows or requires anything. */
function isEmptyCondition(part: JsonSchemaObject): boolean {
  if (!isJsonObject(part.if) || !isJsonObject(part.then)) return false;
  const then = part.then;
  const properties = isJsonObject(then.properties) ? Object.keys(then.properties) : [];
  const required = Array.isArray(then.required) ? then.required : [];
  return properties.length === 0 && required.length === 0 && Object.keys(then).every((k) => k === 'properties' || k === 'required');
}

export interface ChoiceOption {
  value: string;
  label: { sv: string; en?: string };
}

/** The options of a single choice (`enum`) or multiple choice (`items.enum`) field, with their labels. */
export function choiceOptions(definition: Definition, path: string): ChoiceOption[] | undefined {
  const at = fieldAt(definition.form.schema, path);
  if (!at) return undefined;
  const target = at.schema.type === 'array' && isJsonObject(at.schema.items) ? at.schema.items : at.schema;
  if (!Array.isArray(target.enum)) return undefined;
  const labels = definition.form.texts[path]?.options ?? {};
  return target.enum.map((value) => ({ value: String(value), label: labels[String(value)] ?? { sv: String(value) } }));
}

export const isRequired = (definition: Definition, path: string): boolean => {
  const at = fieldAt(definition.form.schema, path);
  return !!at && Array.isArray(at.declarer.required) && at.declarer.required.includes(nameOf(path));
};

/** The children of a group field, in order (for a repeating group: of each row). */
export function childPaths(definition: Definition, path: string): string[] {
  const container = containerOf(definition.form.schema, path);
  return container ? propertyNames(container).map((name) => joinPath(path, name)) : [];
}

/** A field of a catalogue type with its default properties, named after the type with a free name. */
export function catalogueField(definition: Definition, parent: string, typeId: string): NewField {
  const base = typeId.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
  const name = freeFieldName(definition, parent, base);
  return { name, ...newField(typeId, name) };
}

/** The catalogue type and properties of a field, or undefined for a shape no catalogue type makes. */
export const fieldProperties = readFieldProperties;

/** Rebuilds a field from edited catalogue properties (what the property panel does on each change). */
export function setFieldProperties(definition: Definition, path: string, properties: FieldProperties): Definition {
  const read = readFieldProperties(definition, path);
  if (!read) {
    refuse('field-not-editable', `Fältet ”${path}” har en form som fälttyperna inte känner igen och kan inte redigeras här.`, `The field “${path}” has a shape no field type knows and cannot be edited here.`);
  }
  return replaceField(definition, path, createField(read!.typeId, nameOf(path), properties));
}
