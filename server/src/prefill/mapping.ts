import { collectFieldPaths, isJsonObject, objectProperties, type EServiceDefinition, type JsonSchemaObject } from '@etjanst/schemas';
import type { PrefillRecord } from './source.js';

/** Where one prefilled answer came from, so the form can say so and lock what may not change. */
export interface PrefillOrigin {
  source: string;
  attribute: string;
  editable: boolean;
}

export interface PrefillResult {
  answers: Record<string, unknown>;
  sources: Record<string, PrefillOrigin>;
}

/** A mapping as the definition holds it; read loosely so sources added to the format later work too. */
interface Mapping {
  field: string;
  source: string;
  attribute: string;
  editable: boolean;
}

/** The citizen's saved contact details (only present when they consented). */
export interface SavedContactDetails {
  email: string | null;
  phone: string | null;
}

export const CONTACT_DETAILS = 'contact-details';

const mappingsOf = (definition: Pick<EServiceDefinition, 'prefill'>): Mapping[] => definition.prefill as Mapping[];

/**
 * Prefilled answers for one e-service: each mapping whose source answered is set at its field path
 * (nested objects are created), then the receipt e-mail field and any phone mapping from the
 * citizen's saved contact details. Pure: the records are looked up before.
 */
export function buildPrefill(
  definition: Pick<EServiceDefinition, 'prefill' | 'form' | 'receipt'>,
  records: ReadonlyMap<string, PrefillRecord | undefined>,
  contact?: SavedContactDetails,
): PrefillResult {
  const answers: Record<string, unknown> = {};
  const sources: Record<string, PrefillOrigin> = {};
  const fields = collectFieldPaths(definition.form.schema as JsonSchemaObject);
  for (const mapping of mappingsOf(definition)) {
    const fieldSchema = fields.get(mapping.field);
    const record = contactAttribute(mapping.attribute) ? contactRecord(contact) : records.get(mapping.source);
    if (!record || !fieldSchema) continue;
    const value = shapeFor(record[mapping.attribute], fieldSchema);
    if (value === undefined || !setPath(answers, mapping.field, value)) continue;
    sources[mapping.field] = {
      source: contactAttribute(mapping.attribute) ? CONTACT_DETAILS : mapping.source,
      attribute: mapping.attribute,
      editable: contactAttribute(mapping.attribute) ? true : mapping.editable,
    };
  }
  const emailField = definition.receipt.emailField;
  if (emailField && contact?.email && sources[emailField] === undefined && fields.has(emailField) && setPath(answers, emailField, contact.email)) {
    sources[emailField] = { source: CONTACT_DETAILS, attribute: 'email', editable: true };
  }
  return { answers, sources };
}

const contactAttribute = (attribute: string) => attribute === 'email' || attribute === 'phone';
const contactRecord = (contact: SavedContactDetails | undefined): PrefillRecord | undefined =>
  contact && { ...(contact.email ? { email: contact.email } : {}), ...(contact.phone ? { phone: contact.phone } : {}) };

/** One changed field that may not be changed. */
export interface PrefilledFieldChange {
  field: string;
  attribute: string;
}

/**
 * The non-editable prefilled fields whose submitted value differs from the source's value.
 * Formatting is forgiven (spaces, the hyphen in a personnummer, the space in a postal code); a
 * field that is not submitted at all is not a change. For a list (children) every submitted item
 * must be one the source gave; the citizen may leave some out.
 */
export function changedPrefilledFields(
  definition: Pick<EServiceDefinition, 'prefill' | 'form'>,
  answers: unknown,
  records: ReadonlyMap<string, PrefillRecord | undefined>,
): PrefilledFieldChange[] {
  const fields = collectFieldPaths(definition.form.schema as JsonSchemaObject);
  const changes: PrefilledFieldChange[] = [];
  for (const mapping of mappingsOf(definition)) {
    if (mapping.editable || contactAttribute(mapping.attribute)) continue;
    const fieldSchema = fields.get(mapping.field);
    const expected = fieldSchema && shapeFor(records.get(mapping.source)?.[mapping.attribute], fieldSchema);
    const submitted = getPath(answers, mapping.field);
    if (expected === undefined || submitted === undefined) continue;
    if (!sameValue(submitted, expected)) changes.push({ field: mapping.field, attribute: mapping.attribute });
  }
  return changes;
}

function sameValue(submitted: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    const items = Array.isArray(submitted) ? submitted : [submitted];
    return items.every((item) => expected.some((allowed) => sameValue(item, allowed)));
  }
  if (isJsonObject(expected)) {
    if (!isJsonObject(submitted)) return false;
    // every prefilled property the citizen sent must be unchanged
    return Object.entries(expected).every(([key, value]) => submitted[key] === undefined || sameValue(submitted[key], value));
  }
  return typeof submitted === 'string' && typeof expected === 'string' ? normalise(submitted) === normalise(expected) : submitted === expected;
}

/** Compares what a person means: case and spacing in names count, layout of numbers does not. */
function normalise(value: string): string {
  const text = value.trim().replace(/\s+/g, ' ');
  return /^[\d\s-]+$/.test(text) ? text.replace(/\D/g, '') : text;
}

const CHILD_ALIASES: Record<string, string> = { name: 'fullName' };

/**
 * A source value shaped for the field: text as is for a text field; a list of records (children)
 * as a list of objects with the item schema's properties for an array field, or as one object for an
 * object field when there is exactly one. Undefined when it does not fit.
 */
function shapeFor(value: unknown, fieldSchema: JsonSchemaObject): unknown {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    return typeof value === 'string' && (fieldSchema.type === 'string' || fieldSchema.type === undefined) ? value : undefined;
  }
  const records = value.filter(isJsonObject);
  if (fieldSchema.type === 'array') {
    const items = isJsonObject(fieldSchema.items) ? fieldSchema.items : undefined;
    return records.map((r) => pickProperties(r, items));
  }
  if (fieldSchema.type === 'object' && records.length === 1) return pickProperties(records[0]!, fieldSchema);
  return undefined;
}

function pickProperties(record: Record<string, unknown>, schema: JsonSchemaObject | undefined): Record<string, unknown> {
  const properties = schema ? [...objectProperties(schema).keys()] : [];
  if (properties.length === 0) return { ...record };
  const picked: Record<string, unknown> = {};
  for (const name of properties) {
    const value = record[name] ?? record[CHILD_ALIASES[name] ?? ''];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/** Sets a dotted path, creating objects on the way; false when something else is in the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): boolean {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === undefined) node[part] = {};
    else if (!isJsonObject(next)) return false;
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
  return true;
}

export function getPath(source: unknown, path: string): unknown {
  let node = source;
  for (const part of path.split('.')) {
    if (!isJsonObject(node)) return undefined;
    node = node[part];
  }
  return node;
}
