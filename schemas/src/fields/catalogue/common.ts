import type { FieldTexts, JsonSchemaObject, LocalizedText } from '../../definition/format.js';
import { isJsonObject } from '../../definition/fields.js';
import { usesFieldErrorMessage } from '../../validation/ajv-messages.js';
import type { ChoiceOption, FieldProperties, FieldSource, FieldTypeDefinition, PropertyDescriptor, PropertyKind } from './types.js';

/** The panel label of every property, once, so type definitions only name their properties. */
const PROPERTY_LABELS: Record<keyof FieldProperties, LocalizedText> = {
  label: { sv: 'Etikett', en: 'Label' },
  help: { sv: 'Hjälptext', en: 'Help text' },
  errorMessage: { sv: 'Felmeddelande', en: 'Error message' },
  required: { sv: 'Obligatoriskt', en: 'Required' },
  personalData: { sv: 'Personuppgift', en: 'Personal data' },
  allowSoleTraders: { sv: 'Enskild firma kan ansöka (personnummer)', en: 'A sole trader may apply (personal identity number)' },
  minLength: { sv: 'Minsta antal tecken', en: 'Minimum length' },
  maxLength: { sv: 'Högsta antal tecken', en: 'Maximum length' },
  minimum: { sv: 'Minsta värde', en: 'Minimum value' },
  maximum: { sv: 'Högsta värde', en: 'Maximum value' },
  integer: { sv: 'Endast heltal', en: 'Whole numbers only' },
  pattern: { sv: 'Format', en: 'Format' },
  options: { sv: 'Svarsalternativ', en: 'Options' },
  display: { sv: 'Visas som', en: 'Shown as' },
  minItems: { sv: 'Minsta antal', en: 'Minimum number' },
  maxItems: { sv: 'Högsta antal', en: 'Maximum number' },
  defaultValue: { sv: 'Förvalt värde', en: 'Default value' },
  rows: { sv: 'Antal rader', en: 'Number of rows' },
  fileTypes: { sv: 'Tillåtna filtyper', en: 'Allowed file types' },
  maxSizeMb: { sv: 'Största filstorlek (MB)', en: 'Largest file size (MB)' },
  maxFiles: { sv: 'Högst antal filer', en: 'Most files' },
  prefill: { sv: 'Hämta från folkbokföringen', en: 'Prefill from the population register' },
  prefillAddress: { sv: 'Hämta adressen från folkbokföringen', en: 'Prefill the address from the population register' },
  minDate: { sv: 'Tidigaste datum', en: 'Earliest date' },
  maxDate: { sv: 'Senaste datum', en: 'Latest date' },
  earliestFromToday: { sv: 'Tidigast, räknat från ansökningsdagen', en: 'Earliest, counted from the day of applying' },
  latestFromToday: { sv: 'Senast, räknat från ansökningsdagen', en: 'Latest, counted from the day of applying' },
  itemNoun: { sv: 'Vad en rad kallas', en: 'What one row is called' },
  children: { sv: 'Fält', en: 'Fields' },
  booking: { sv: 'Bokningsbara tider', en: 'Bookable times' },
};

export const property = (name: keyof FieldProperties, kind: PropertyKind, mandatory = false): PropertyDescriptor => ({
  name,
  kind,
  label: PROPERTY_LABELS[name],
  ...(mandatory ? { mandatory } : {}),
});

/** Label, help, error message, required, personal data: what nearly every answer field has. */
export const COMMON_PROPERTIES: PropertyDescriptor[] = [
  property('label', 'localized-text', true),
  property('help', 'localized-text'),
  property('errorMessage', 'localized-text'),
  property('required', 'boolean'),
  property('personalData', 'boolean'),
];

export type Built = ReturnType<FieldTypeDefinition['build']>;

/** The field's own texts from its properties (label, help, error message, option labels). */
export function ownTexts(p: FieldProperties, options?: ChoiceOption[]): FieldTexts {
  const errorMessage = p.errorMessage ?? (p.required ? defaultErrorMessage(p.label, options !== undefined && options.length > 0) : undefined);
  return {
    label: p.label,
    ...(p.help ? { help: p.help } : {}),
    ...(errorMessage ? { errorMessage } : {}),
    ...(options && options.length > 0
      ? { options: Object.fromEntries(options.map((o) => [o.value, o.label])) }
      : {}),
  };
}

/**
 * A required field always has an error message (must-requirement SK-TXT-002): the designer's
 * own, else this one made from the label, in the GOV.UK manner ("Fyll i …" / "Välj …"). It is
 * not read back as the designer's, so it follows a changed label.
 */
export function defaultErrorMessage(label: LocalizedText, choice: boolean): LocalizedText {
  const en = label.en ?? label.sv;
  return choice ? { sv: `Välj ${quoted(label.sv)}.`, en: `Choose “${en}”.` } : { sv: `Fyll i ${quoted(label.sv)}.`, en: `Fill in “${en}”.` };
}

const quoted = (text: string) => `”${text}”`;

const sameText = (a: LocalizedText | undefined, b: LocalizedText) => a?.sv === b.sv && (a.en ?? '') === (b.en ?? '');

/** A field without children: one schema node, its ui entry, its texts. */
export function leaf(p: FieldProperties, schema: JsonSchemaObject, uiSchema: JsonSchemaObject = {}, options?: ChoiceOption[]): Built {
  return {
    schema: withDefined(schema),
    uiSchema,
    texts: { '': ownTexts(p, options) },
    required: p.required === true,
    prefill: p.prefill ? [{ path: '', ...p.prefill }] : [],
    coSignerPaths: [],
  };
}

/** The properties every type reads back the same way. */
export function readCommon(source: FieldSource): FieldProperties {
  const texts = source.texts[''];
  const prefill = source.prefill.find((m) => m.path === '');
  return withDefined({
    label: texts?.label ?? { sv: '' },
    help: texts?.help,
    errorMessage: texts && isOwnErrorMessage(texts) ? texts.errorMessage : undefined,
    required: source.required || undefined,
    personalData: source.settings['']?.personalData,
    prefill: prefill ? { attribute: prefill.attribute, editable: prefill.editable } : undefined,
  });
}

/**
 * The texts of a field under a new label (a copy's "… (kopia)"): a default error message is made
 * again from the new label, since it is a default and not the designer's; their own stays.
 */
export function relabelledTexts(texts: FieldTexts, label: LocalizedText): FieldTexts {
  if (!texts.errorMessage || isOwnErrorMessage(texts)) return { ...texts, label };
  return { ...texts, label, errorMessage: defaultErrorMessage(label, texts.options !== undefined && Object.keys(texts.options).length > 0) };
}

/** The errors that mean "no answer": what a default error message ("Fyll i …") is about. */
const MISSING_ANSWER = new Set(['required', 'dependencies']);

/**
 * The field's error message for an error of `keyword`, if the definition has one that fits: the
 * designer's own fits every error, but the default made from the label only a missing answer (an
 * invalid personnummer is not "Fyll i ”Barnets personnummer”"). Undefined: the wording of the
 * keyword (ajv-messages) is shown, as it is for the keywords whose own wording says more (a date limit names its day).
 */
export function fieldErrorMessage(texts: FieldTexts | undefined, keyword: string): LocalizedText | undefined {
  if (!texts?.errorMessage || !usesFieldErrorMessage(keyword)) return undefined;
  return MISSING_ANSWER.has(keyword) || isOwnErrorMessage(texts) ? texts.errorMessage : undefined;
}

/** False for a missing error message and for the default one made from the label. */
function isOwnErrorMessage({ label, errorMessage, options }: FieldTexts): boolean {
  return errorMessage !== undefined && !sameText(errorMessage, defaultErrorMessage(label, options !== undefined && Object.keys(options).length > 0));
}

/** Options of a choice field: the enum values, labelled by the field's option texts. */
export function readOptions(values: unknown, texts: FieldTexts | undefined): ChoiceOption[] {
  return (Array.isArray(values) ? values : []).map((value) => ({
    value: String(value),
    label: texts?.options?.[String(value)] ?? { sv: String(value) },
  }));
}

/** A copy without undefined members, so built fragments and read properties compare and serialise cleanly. */
export function withDefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export const uiOptions = (ui: JsonSchemaObject): JsonSchemaObject =>
  isJsonObject(ui['ui:options']) ? ui['ui:options'] : {};

export const numberOr = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
export const stringOr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
