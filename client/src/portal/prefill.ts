import { collectFieldPaths, type EServiceDefinition, type JsonSchemaObject, type Language } from '@etjanst/schemas';
import type { UiSchema } from '@rjsf/utils';
import { getJson, segment } from '../shared/api';
import { isAnswered } from './answers';
import type { Answers, PublishedEService } from './portalApi';

/** Where one prefilled answer came from, as GET …/prefill describes it. */
export interface PrefillOrigin {
  /** 'population-register', 'contact-details' or another source plugin's id */
  source: string;
  attribute: string;
  /** May the citizen change the value */
  editable: boolean;
}

/** GET /api/municipalities/:m/eservices/:id/versions/:v/prefill */
export interface Prefill {
  answers: Answers;
  /** Keyed by field path (`guardian.address.street`) */
  sources: Record<string, PrefillOrigin>;
  /** A source did not answer or did not know the citizen; the form can still be filled in */
  warning?: { code: string } & Record<Language, string>;
}

/** What the theme shows next to a prefilled field: keyed by the field's element id. */
export type PrefilledFields = Record<string, Pick<PrefillOrigin, 'source' | 'editable'>>;

/** Whether a definition has anything to prefill (mappings, or the receipt e-mail from saved contact details). */
export const wantsPrefill = (definition: EServiceDefinition): boolean =>
  definition.prefill.length > 0 || Boolean(definition.receipt.emailField);

export const fetchPrefill = (municipality: string, { eserviceId, version }: PublishedEService, signal?: AbortSignal): Promise<Prefill> =>
  getJson<Prefill>(
    `/api/municipalities/${segment(municipality)}/eservices/${segment(eserviceId)}/versions/${version}/prefill`,
    signal,
  );

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The answers with the prefilled ones added where the citizen has not answered: an answer the
 * citizen has typed is never replaced; objects are merged property by property.
 */
export function withPrefilled(answers: Answers, prefilled: Answers): Answers {
  const merged: Answers = { ...answers };
  for (const [name, value] of Object.entries(prefilled)) {
    const current = merged[name];
    if (isRecord(current) && isRecord(value)) merged[name] = withPrefilled(current, value);
    else if (!isAnswered(current)) merged[name] = value;
  }
  return merged;
}

export function valueAt(source: unknown, path: string): unknown {
  let node = source;
  for (const part of path.split('.')) {
    if (!isRecord(node)) return undefined;
    node = node[part];
  }
  return node;
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The prefilled fields of one step, for the theme (by element id) and for locking (by field path). */
export interface PrefilledStep {
  fields: PrefilledFields;
  /** Paths of the non-editable fields to show read-only */
  locked: string[];
}

/**
 * The fields of one step whose shown value is the prefilled one, keyed by element id (the step's
 * id prefix, then the path with `_`; list items by index). A prefilled object or list marks the
 * fields inside it. A value the citizen typed before the prefill came is neither marked nor locked.
 */
export function prefilledStep(prefill: Prefill | null, stepFields: string[], idPrefix: string, draft: Answers): PrefilledStep {
  const result: PrefilledStep = { fields: {}, locked: [] };
  if (!prefill) return result;
  const mark = (value: unknown, id: string, origin: PrefillOrigin): void => {
    if (Array.isArray(value)) value.forEach((item, index) => mark(item, `${id}_${index}`, origin));
    else if (isRecord(value)) Object.entries(value).forEach(([name, item]) => mark(item, `${id}_${name}`, origin));
    else result.fields[id] = { source: origin.source, editable: origin.editable };
  };
  for (const [path, origin] of Object.entries(prefill.sources)) {
    if (!stepFields.includes(path.split('.')[0] ?? '')) continue;
    const value = valueAt(prefill.answers, path);
    if (value === undefined || !sameValue(valueAt(draft, path), value)) continue;
    mark(value, [idPrefix, ...path.split('.')].join('_'), origin);
    if (!origin.editable) result.locked.push(path);
  }
  return result;
}

/** The step's uiSchema with `ui:readonly` on each of the given field paths. */
export const withReadonly = <T>(uiSchema: UiSchema<T>, paths: string[]): UiSchema<T> =>
  paths.reduce((result, path) => setUiOption(result, path.split('.'), 'ui:readonly', true), uiSchema);

function setUiOption<T>(uiSchema: UiSchema<T>, parts: string[], key: string, value: unknown): UiSchema<T> {
  const [head, ...rest] = parts;
  if (head === undefined) return { ...uiSchema, [key]: value } as UiSchema<T>;
  const child = (isRecord(uiSchema[head]) ? uiSchema[head] : {}) as UiSchema<T>;
  return { ...uiSchema, [head]: setUiOption(child, rest, key, value) } as UiSchema<T>;
}

/** The field paths of the citizen's own e-mail address (the receipt's) and phone number, when the form has them. */
export function contactFieldsOf(definition: EServiceDefinition): { email?: string; phone?: string } {
  const fields = collectFieldPaths(definition.form.schema as JsonSchemaObject);
  const email = definition.receipt.emailField && fields.has(definition.receipt.emailField) ? definition.receipt.emailField : undefined;
  const parent = (path: string) => path.split('.').slice(0, -1).join('.');
  const phones = [...fields].filter(([, schema]) => schema.format === 'telefonnummer').map(([path]) => path);
  // the phone number beside the e-mail address (guardian.phone beside guardian.email), else the only one
  const phone = email !== undefined ? phones.find((path) => parent(path) === parent(email)) : phones.length === 1 ? phones[0] : undefined;
  return { email, phone };
}

/** The e-mail address and phone number among the answers, for saving them; undefined when neither is given. */
export function contactDetailsIn(definition: EServiceDefinition, answers: Answers): { email: string | null; phone: string | null } | undefined {
  const { email, phone } = contactFieldsOf(definition);
  const text = (path: string | undefined) => {
    const value = path === undefined ? undefined : valueAt(answers, path);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const details = { email: text(email), phone: text(phone) };
  return details.email === null && details.phone === null ? undefined : details;
}
