import {
  isJsonObject,
  referencedTopLevelFields,
  type FieldSettings,
  type FieldTexts,
  type JsonSchemaObject,
  type PopulationRegisterAttribute,
} from '@etjanst/schemas';
import { refuse } from './edit-error';
import {
  containerOf,
  copy,
  declarerOf,
  fieldAt,
  joinPath,
  nameOf,
  parentPathOf,
  removeUi,
  uiNodeAt,
  type Definition,
  type Form,
} from './form-tree';

/** A field to insert, as the field catalogue makes it. Texts are keyed by path relative to the field ('' is the field). */
export interface NewField {
  name: string;
  schema: JsonSchemaObject;
  uiSchema?: JsonSchemaObject;
  texts: Record<string, FieldTexts>;
  settings?: FieldSettings;
  required?: boolean;
}

/** Where a field goes: under a parent group ('' for the form, then on a step) at an index. */
export interface FieldPlace {
  parent: string;
  stepId?: string;
  index: number;
}

export const FIELD_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9]*$/;

const isUnder = (path: string, root: string) => path === root || path.startsWith(`${root}.`);
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

function setRequiredOn(declarer: JsonSchemaObject, name: string, required: boolean): void {
  const list = (Array.isArray(declarer.required) ? declarer.required : []).filter((n) => n !== name);
  if (required) list.push(name);
  if (list.length > 0) declarer.required = list;
  else delete declarer.required;
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
  if (field.required) setRequiredOn(container!, field.name, true);
  if (field.uiSchema && Object.keys(field.uiSchema).length > 0) Object.assign(uiNodeAt(form, path, true)!, copy(field.uiSchema));
  for (const [sub, texts] of Object.entries(field.texts)) form.texts[sub ? `${path}.${sub}` : path] = copy(texts);
  if (field.settings) next.form.fields = { ...form.fields, [path]: { ...field.settings } };
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
    const linked = new Set(conditionsOf(form, name).flatMap((part) => [...referencedTopLevelFields(part)]));
    linked.delete(name);
    const left = [...linked].filter((other) => from.fields.includes(other));
    if (left.length > 0) {
      refuse('move-splits-condition', `Fältet hör ihop med ${left.join(', ')} genom ett villkor och måste stå på samma steg. Flytta dem tillsammans eller ta bort villkoret.`, `The field is tied to ${left.join(', ')} by a condition and must be on the same step. Move them together or remove the condition.`);
    }
  }
  if (from) from.fields = from.fields.filter((n) => n !== name);
  to.fields.splice(Math.max(0, Math.min(place.index, to.fields.length)), 0, name);
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
    const label = key === path ? { sv: `${texts.label.sv} (kopia)`, ...(texts.label.en ? { en: `${texts.label.en} (copy)` } : {}) } : texts.label;
    form.texts[rebase(key, path, copyPath)] = { ...copy(texts), label };
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
 * and receipt references, its place on a step and in a condition's result. A field that decides
 * a condition is refused: silently dropping the condition would change what others must answer.
 */
export function deleteField(definition: Definition, path: string): Definition {
  const next = copy(definition);
  const { form } = next;
  const at = requireField(form, path);
  const name = nameOf(path);
  if (parentPathOf(path) === '' && controllingNames(form).has(name)) {
    refuse('field-controls-condition', `Fältet ”${name}” styr ett villkor. Ta bort villkoret först.`, `The field “${name}” decides a condition. Remove the condition first.`);
  }
  removeUi(form, path);
  delete at.declarer.properties[name];
  setRequiredOn(at.declarer, name, false);
  if (parentPathOf(path) === '') {
    for (const step of form.steps) step.fields = step.fields.filter((n) => n !== name);
    if (Array.isArray(form.schema.allOf)) {
      const kept = form.schema.allOf.filter((part) => !isJsonObject(part) || !isEmptyCondition(part));
      if (kept.length > 0) form.schema.allOf = kept;
      else delete form.schema.allOf;
    }
  }
  form.texts = Object.fromEntries(Object.entries(form.texts).filter(([key]) => !isUnder(key, path)));
  if (form.fields) form.fields = Object.fromEntries(Object.entries(form.fields).filter(([key]) => !isUnder(key, path)));
  next.prefill = next.prefill.filter((mapping) => !isUnder(mapping.field, path));
  if (next.signing.coSignerFields) {
    const kept = next.signing.coSignerFields.filter((field) => !isUnder(field, path));
    if (kept.length > 0) next.signing.coSignerFields = kept;
    else delete next.signing.coSignerFields;
  }
  if (next.receipt.emailField && isUnder(next.receipt.emailField, path)) delete next.receipt.emailField;
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

/** Edits one field: each function below changes one property-panel concern. */
function editField(definition: Definition, path: string, change: (form: Form, at: ReturnType<typeof requireField>, next: Definition) => void): Definition {
  const next = copy(definition);
  change(next.form, requireField(next.form, path), next);
  return next;
}

export const setFieldTexts = (definition: Definition, path: string, texts: FieldTexts): Definition =>
  editField(definition, path, (form) => {
    form.texts[path] = texts;
  });

export const setRequired = (definition: Definition, path: string, required: boolean): Definition =>
  editField(definition, path, (_form, at) => setRequiredOn(at.declarer, nameOf(path), required));

/** Sets (or with undefined removes) JSON Schema keywords of a field: minLength, maximum, pattern, format, default… */
export const setSchemaKeywords = (definition: Definition, path: string, keywords: Record<string, unknown>): Definition =>
  editField(definition, path, (_form, at) => {
    for (const [keyword, value] of Object.entries(keywords)) {
      if (value === undefined) delete at.schema[keyword];
      else at.schema[keyword] = value;
    }
  });

/** Sets (or with undefined removes) uiSchema keys of a field, e.g. ui:widget. */
export const setUi = (definition: Definition, path: string, ui: Record<string, unknown>): Definition =>
  editField(definition, path, (form) => {
    const node = uiNodeAt(form, path, true)!;
    for (const [key, value] of Object.entries(ui)) {
      if (value === undefined) delete node[key];
      else node[key] = value;
    }
    if (Object.keys(node).length === 0) removeUi(form, path);
  });

export const setFieldSettings = (definition: Definition, path: string, settings: FieldSettings): Definition =>
  editField(definition, path, (form) => {
    const fields = { ...form.fields };
    if (Object.keys(settings).length > 0) fields[path] = settings;
    else delete fields[path];
    form.fields = fields;
  });

export interface ChoiceOption {
  value: string;
  label: { sv: string; en?: string };
}

/** The options of a single choice (`enum`) or multiple choice (`items.enum`) field, with their labels. */
export const setChoiceOptions = (definition: Definition, path: string, options: ChoiceOption[]): Definition =>
  editField(definition, path, (form, at) => {
    const target = at.schema.type === 'array' && isJsonObject(at.schema.items) ? at.schema.items : at.schema;
    target.enum = options.map((o) => o.value);
    const texts = form.texts[path] ?? { label: { sv: nameOf(path) } };
    form.texts[path] = { ...texts, options: Object.fromEntries(options.map((o) => [o.value, o.label])) };
  });

export function choiceOptions(definition: Definition, path: string): ChoiceOption[] | undefined {
  const at = fieldAt(definition.form.schema, path);
  if (!at) return undefined;
  const target = at.schema.type === 'array' && isJsonObject(at.schema.items) ? at.schema.items : at.schema;
  if (!Array.isArray(target.enum)) return undefined;
  const labels = definition.form.texts[path]?.options ?? {};
  return target.enum.map((value) => ({ value: String(value), label: labels[String(value)] ?? { sv: String(value) } }));
}

/** Prefill of a field from the population register; undefined removes it. */
export function setPrefill(
  definition: Definition,
  path: string,
  prefill: { attribute: PopulationRegisterAttribute; editable: boolean } | undefined,
): Definition {
  return editField(definition, path, (_form, _at, next) => {
    next.prefill = next.prefill.filter((m) => m.field !== path);
    if (prefill) next.prefill.push({ field: path, source: 'population-register', ...prefill });
  });
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
