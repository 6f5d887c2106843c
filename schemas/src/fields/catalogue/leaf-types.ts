import type { JsonSchemaObject, LocalizedText } from '../../definition/format.js';
import { isAttachmentField, isJsonObject } from '../../definition/fields.js';
import type { DateOffset } from '../../validation/date-offset.js';
import { ATTACHMENT_FORMAT } from '../attachment-types.js';
import {
  COMMON_PROPERTIES,
  leaf,
  numberOr,
  property,
  readCommon,
  readOptions,
  stringOr,
  uiOptions,
  withDefined,
} from './common.js';
import { patternChoiceOf, patternOf } from './presets.js';
import type { FieldProperties, FieldSource, FieldTypeDefinition, PaletteGroup } from './types.js';

const palette = (group: PaletteGroup, label: LocalizedText, description: LocalizedText) => ({ label, description, group });
const labelled = (label: LocalizedText) => (): FieldProperties => ({ label: { ...label } });
/**
 * A new question starts required: a form asks only what the case needs (data minimisation, GDPR
 * art. 5.1 c; DIGG's webbriktlinjer R50 "minimera antalet fält"), so most questions are required
 * and the designer marks the few optional ones instead of ticking "Obligatoriskt" on nearly every
 * field. The portal still marks the required ones for the citizen (webbriktlinjer R101).
 */
const question = (label: LocalizedText, more: Omit<FieldProperties, 'label'> = {}) => (): FieldProperties => ({ label: { ...label }, required: true, ...more });
const isString = (schema: JsonSchemaObject) => schema.type === 'string';
const hasFormat = (format: string) => (schema: JsonSchemaObject) => isString(schema) && schema.format === format;

/** A string field with a fixed format (e-mail, phone, identity numbers, postal code, date). */
function formattedString(
  id: FieldTypeDefinition['id'],
  format: string,
  paletteEntry: ReturnType<typeof palette>,
  inputType: string | undefined,
  extra: FieldTypeDefinition['properties'] = [],
): FieldTypeDefinition {
  return {
    id,
    palette: paletteEntry,
    properties: [...COMMON_PROPERTIES, ...extra],
    defaults: question(paletteEntry.label),
    build: (p) => leaf(p, { type: 'string', format }, inputType ? { 'ui:options': { inputType } } : {}),
    read: readCommon,
    matches: hasFormat(format),
  };
}

export const shortText: FieldTypeDefinition = {
  id: 'short-text',
  palette: palette('text', { sv: 'Kort text', en: 'Short text' }, { sv: 'En rad fritext, t.ex. ett namn', en: 'One line of free text, e.g. a name' }),
  properties: [
    ...COMMON_PROPERTIES,
    property('minLength', 'integer'),
    property('maxLength', 'integer'),
    property('pattern', 'pattern'),
    property('defaultValue', 'text'),
    property('prefill', 'prefill-attribute'),
  ],
  defaults: question({ sv: 'Kort text', en: 'Short text' }, { maxLength: 200 }),
  build: (p) =>
    leaf(p, {
      type: 'string',
      minLength: p.minLength,
      maxLength: p.maxLength,
      pattern: p.pattern ? patternOf(p.pattern) : undefined,
      default: p.defaultValue,
    }),
  read: (source) =>
    withDefined({
      ...readCommon(source),
      minLength: numberOr(source.schema.minLength),
      maxLength: numberOr(source.schema.maxLength),
      pattern: typeof source.schema.pattern === 'string' ? patternChoiceOf(source.schema.pattern) : undefined,
      defaultValue: stringOr(source.schema.default),
    }),
  matches: (schema, ui) => isString(schema) && schema.format === undefined && schema.enum === undefined && ui['ui:widget'] !== 'textarea',
};

export const longText: FieldTypeDefinition = {
  id: 'long-text',
  palette: palette('text', { sv: 'Lång text', en: 'Long text' }, { sv: 'Flera rader fritext, t.ex. en beskrivning', en: 'Several lines of free text, e.g. a description' }),
  properties: [...COMMON_PROPERTIES, property('minLength', 'integer'), property('maxLength', 'integer'), property('rows', 'integer')],
  defaults: question({ sv: 'Lång text', en: 'Long text' }, { maxLength: 4000, personalData: true }),
  build: (p) =>
    leaf(
      p,
      { type: 'string', minLength: p.minLength, maxLength: p.maxLength },
      { 'ui:widget': 'textarea', ...(p.rows ? { 'ui:options': { rows: p.rows } } : {}) },
    ),
  read: (source) =>
    withDefined({
      ...readCommon(source),
      minLength: numberOr(source.schema.minLength),
      maxLength: numberOr(source.schema.maxLength),
      rows: numberOr(uiOptions(source.uiSchema).rows),
    }),
  matches: (schema, ui) => isString(schema) && schema.format === undefined && ui['ui:widget'] === 'textarea',
};

export const numberField: FieldTypeDefinition = {
  id: 'number',
  palette: palette('text', { sv: 'Tal', en: 'Number' }, { sv: 'Ett tal, t.ex. antal timmar', en: 'A number, e.g. hours per week' }),
  properties: [
    ...COMMON_PROPERTIES,
    property('minimum', 'number'),
    property('maximum', 'number'),
    property('integer', 'boolean'),
    property('defaultValue', 'number'),
  ],
  defaults: question({ sv: 'Tal', en: 'Number' }),
  build: (p) =>
    leaf(p, {
      type: p.integer ? 'integer' : 'number',
      minimum: p.minimum,
      maximum: p.maximum,
      default: typeof p.defaultValue === 'number' ? p.defaultValue : undefined,
    }),
  read: (source) =>
    withDefined({
      ...readCommon(source),
      minimum: numberOr(source.schema.minimum),
      maximum: numberOr(source.schema.maximum),
      integer: source.schema.type === 'integer' || undefined,
      defaultValue: numberOr(source.schema.default),
    }),
  matches: (schema) => schema.type === 'number' || schema.type === 'integer',
};

export const email = formattedString('email', 'email', palette('text', { sv: 'E-postadress', en: 'E-mail address' }, { sv: 'Kontrolleras som e-postadress', en: 'Checked as an e-mail address' }), 'email');
export const phone = formattedString('phone', 'telefonnummer', palette('text', { sv: 'Telefonnummer', en: 'Phone number' }, { sv: 'Svenskt eller internationellt nummer', en: 'Swedish or international number' }), 'tel');
export const personnummer = formattedString(
  'personnummer',
  'personnummer',
  palette('identity', { sv: 'Personnummer', en: 'Personal identity number' }, { sv: '12 siffror med kontrollsiffra', en: '12 digits with check digit' }),
  undefined,
  [property('prefill', 'prefill-attribute')],
);
/** With `allowSoleTraders` it also takes a sole trader's number, which is the owner's personal identity number. */
const SOLE_TRADER_FORMAT = 'organisationsnummer-eller-personnummer';
const organisationNumberOnly = formattedString('organisationsnummer', 'organisationsnummer', palette('identity', { sv: 'Organisationsnummer', en: 'Organisation number' }, { sv: '10 siffror med kontrollsiffra', en: '10 digits with check digit' }), undefined, [property('allowSoleTraders', 'boolean')]);
export const organisationsnummer: FieldTypeDefinition = {
  ...organisationNumberOnly,
  build: (p) => leaf(p, { type: 'string', format: p.allowSoleTraders ? SOLE_TRADER_FORMAT : 'organisationsnummer' }),
  read: (source) => withDefined({ ...readCommon(source), allowSoleTraders: source.schema.format === SOLE_TRADER_FORMAT || undefined }),
  matches: (schema) => hasFormat('organisationsnummer')(schema) || hasFormat(SOLE_TRADER_FORMAT)(schema),
};
export const postalCode = formattedString(
  'postal-code',
  'postnummer',
  palette('identity', { sv: 'Postnummer', en: 'Postal code' }, { sv: 'Fem siffror, t.ex. 123 45', en: 'Five digits, e.g. 123 45' }),
  undefined,
  [property('prefill', 'prefill-attribute')],
);

/**
 * The co-signer request reserves the personnummer of another guardian who must sign too: the
 * field is a personnummer and its path goes into `signing.coSignerFields`.
 */
export const coSignerRequest: FieldTypeDefinition = {
  ...formattedString('co-signer-request', 'personnummer', palette('identity', { sv: 'Underskrift av annan vårdnadshavare', en: 'Signature of another guardian' }, { sv: 'Personnummer för den som också ska skriva under', en: 'Personal identity number of the person who must also sign' }), undefined),
  build: (p) => ({ ...leaf({ ...p, personalData: true }, { type: 'string', format: 'personnummer' }), coSignerPaths: [''] }),
  defaults: () => ({ label: { sv: 'Den andra vårdnadshavarens personnummer', en: "The other guardian's personal identity number" }, required: true }),
  // only a personnummer listed in signing.coSignerFields is one; the catalogue checks that
  matches: () => false,
};

const dateProperties = [property('minDate', 'date'), property('maxDate', 'date'), property('earliestFromToday', 'date-offset'), property('latestFromToday', 'date-offset')];
const offsetOr = (value: unknown): DateOffset | undefined => (isJsonObject(value) ? (value as DateOffset) : undefined);
/**
 * Fixed date limits use ajv-formats' formatMinimum/formatMaximum keywords, limits counted from the
 * day of applying the platform's earliestFromToday/latestFromToday; server and client ajv know both.
 */
export const date: FieldTypeDefinition = {
  id: 'date',
  palette: palette('date', { sv: 'Datum', en: 'Date' }, { sv: 'Ett datum från en kalender', en: 'A date from a calendar' }),
  properties: [...COMMON_PROPERTIES, ...dateProperties],
  defaults: question({ sv: 'Datum', en: 'Date' }),
  build: (p) =>
    leaf(p, {
      type: 'string',
      format: 'date',
      formatMinimum: p.minDate,
      formatMaximum: p.maxDate,
      earliestFromToday: p.earliestFromToday,
      latestFromToday: p.latestFromToday,
    }),
  read: (source) =>
    withDefined({
      ...readCommon(source),
      minDate: stringOr(source.schema.formatMinimum),
      maxDate: stringOr(source.schema.formatMaximum),
      earliestFromToday: offsetOr(source.schema.earliestFromToday),
      latestFromToday: offsetOr(source.schema.latestFromToday),
    }),
  matches: hasFormat('date'),
};

const DATE_ERROR = { sv: 'Skriv ett datum, till exempel 2027-01-31.', en: 'Enter a date, for example 2027-01-31.' };
const DATE_RANGE_PARTS = {
  from: { label: { sv: 'Från och med', en: 'From' }, errorMessage: DATE_ERROR },
  to: { label: { sv: 'Till och med', en: 'To' }, errorMessage: DATE_ERROR },
} as const;

/** Two dates, from and to; the portal lays them side by side (ui:classNames date-range). */
export const dateRange: FieldTypeDefinition = {
  id: 'date-range',
  palette: palette('date', { sv: 'Datumintervall', en: 'Date range' }, { sv: 'Från- och till-datum', en: 'From and to dates' }),
  properties: [...COMMON_PROPERTIES],
  defaults: question({ sv: 'Period', en: 'Period' }),
  build: (p) => {
    const built = leaf(
      p,
      {
        type: 'object',
        properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } },
        required: ['from', 'to'],
      },
      { 'ui:classNames': 'date-range' },
    );
    return { ...built, texts: { ...built.texts, ...DATE_RANGE_PARTS } };
  },
  read: readCommon,
  matches: (schema) => schema.type === 'object' && hasDateParts(schema),
};

const hasDateParts = (schema: JsonSchemaObject) => {
  const properties = schema.properties as Record<string, JsonSchemaObject> | undefined;
  return !!properties && Object.keys(properties).length === 2 && properties.from?.format === 'date' && properties.to?.format === 'date';
};

export const singleChoice: FieldTypeDefinition = {
  id: 'single-choice',
  palette: palette('choice', { sv: 'Ett val', en: 'Single choice' }, { sv: 'Radioknappar eller rullgardinslista', en: 'Radio buttons or a drop-down list' }),
  properties: [...COMMON_PROPERTIES, property('options', 'options', true), property('display', 'choice-display'), property('defaultValue', 'text')],
  defaults: () => ({
    label: { sv: 'Ett val', en: 'Single choice' },
    required: true,
    options: [
      { value: 'alternativ-1', label: { sv: 'Alternativ 1', en: 'Option 1' } },
      { value: 'alternativ-2', label: { sv: 'Alternativ 2', en: 'Option 2' } },
    ],
  }),
  build: (p) =>
    leaf(
      p,
      { type: 'string', enum: (p.options ?? []).map((o) => o.value), default: stringOr(p.defaultValue) },
      { 'ui:widget': p.display === 'dropdown' ? 'select' : 'radio' },
      p.options,
    ),
  read: (source) =>
    withDefined({
      ...readCommon(source),
      options: readOptions(source.schema.enum, source.texts['']),
      display: source.uiSchema['ui:widget'] === 'radio' ? undefined : ('dropdown' as const),
      defaultValue: stringOr(source.schema.default),
    }),
  matches: (schema) => isString(schema) && Array.isArray(schema.enum),
};

/** A list of distinct options (multiple choice, ranked choice): the array schema and its reading back. */
const optionList = (p: FieldProperties, uiSchema: JsonSchemaObject) =>
  leaf(
    p,
    {
      type: 'array',
      items: { type: 'string', enum: (p.options ?? []).map((o) => o.value) },
      uniqueItems: true,
      minItems: p.minItems,
      maxItems: p.maxItems,
    },
    uiSchema,
    p.options,
  );
const readOptionList = (source: FieldSource): FieldProperties => {
  const items = source.schema.items as JsonSchemaObject | undefined;
  return withDefined({
    ...readCommon(source),
    options: readOptions(items?.enum, source.texts['']),
    minItems: numberOr(source.schema.minItems),
    maxItems: numberOr(source.schema.maxItems),
  });
};
const isOptionList = (schema: JsonSchemaObject) => schema.type === 'array' && Array.isArray((schema.items as JsonSchemaObject | undefined)?.enum);

export const multipleChoice: FieldTypeDefinition = {
  id: 'multiple-choice',
  palette: palette('choice', { sv: 'Flera val', en: 'Multiple choice' }, { sv: 'Kryssrutor', en: 'Checkboxes' }),
  properties: [...COMMON_PROPERTIES, property('options', 'options', true), property('minItems', 'integer'), property('maxItems', 'integer')],
  defaults: () => ({
    label: { sv: 'Flera val', en: 'Multiple choice' },
    required: true,
    options: [
      { value: 'alternativ-1', label: { sv: 'Alternativ 1', en: 'Option 1' } },
      { value: 'alternativ-2', label: { sv: 'Alternativ 2', en: 'Option 2' } },
    ],
  }),
  build: (p) => optionList(p, { 'ui:widget': 'checkboxes' }),
  read: readOptionList,
  matches: isOptionList,
};

/** The portal widget that puts options in order (client/src/portal/theme/RankingWidget). */
export const RANKING_WIDGET = 'ranking';

/**
 * "Rank your preschools 1–n": the answer is the chosen options in order of preference, each
 * once; minItems/maxItems say how many must / may be ranked. The portal's ranking widget moves
 * options up and down with buttons (not by dragging only).
 */
export const rankedChoice: FieldTypeDefinition = {
  id: 'ranked-choice',
  palette: palette('choice', { sv: 'Rangordning', en: 'Ranked choice' }, { sv: 'Alternativ i önskad ordning, 1–n', en: 'Options in order of preference, 1–n' }),
  properties: [...COMMON_PROPERTIES, property('options', 'options', true), property('minItems', 'integer'), property('maxItems', 'integer')],
  defaults: () => ({
    label: { sv: 'Rangordna alternativen', en: 'Rank the options' },
    required: true,
    minItems: 1,
    options: [
      { value: 'alternativ-1', label: { sv: 'Alternativ 1', en: 'Option 1' } },
      { value: 'alternativ-2', label: { sv: 'Alternativ 2', en: 'Option 2' } },
      { value: 'alternativ-3', label: { sv: 'Alternativ 3', en: 'Option 3' } },
    ],
  }),
  build: (p) => optionList(p, { 'ui:widget': RANKING_WIDGET }),
  read: readOptionList,
  matches: (schema, uiSchema) => isOptionList(schema) && uiSchema['ui:widget'] === RANKING_WIDGET,
};

const YES_NO_OPTIONS = [
  { value: 'true', label: { sv: 'Ja', en: 'Yes' } },
  { value: 'false', label: { sv: 'Nej', en: 'No' } },
];

export const yesNo: FieldTypeDefinition = {
  id: 'yes-no',
  palette: palette('choice', { sv: 'Ja/nej', en: 'Yes/no' }, { sv: 'En fråga som besvaras med ja eller nej', en: 'A question answered yes or no' }),
  properties: [...COMMON_PROPERTIES],
  defaults: question({ sv: 'Ja/nej-fråga', en: 'Yes/no question' }),
  build: (p) => leaf(p, { type: 'boolean' }, { 'ui:widget': 'radio', 'ui:options': { inline: true } }, YES_NO_OPTIONS),
  read: readCommon,
  matches: (schema) => schema.type === 'boolean' && schema.const === undefined,
};

/** Must be ticked: `const: true` and always required, so an unticked form is refused by the server too. */
export const consent: FieldTypeDefinition = {
  id: 'consent',
  palette: palette('other', { sv: 'Samtycke', en: 'Consent' }, { sv: 'En kryssruta som måste kryssas i', en: 'A checkbox that must be ticked' }),
  properties: [property('label', 'localized-text', true), property('help', 'localized-text'), property('errorMessage', 'localized-text')],
  defaults: labelled({ sv: 'Jag intygar att uppgifterna stämmer', en: 'I confirm that the information is correct' }),
  build: (p) => leaf({ ...p, required: true }, { type: 'boolean', const: true }, { 'ui:widget': 'checkbox' }),
  read: (source) => {
    const { required: _required, ...rest } = readCommon(source);
    return rest;
  },
  matches: (schema) => schema.type === 'boolean' && schema.const === true,
};

/** Types the attachment service can recognise from a file's content (server/src/attachments/media-types.ts). */
export const FILE_TYPES = [
  { mediaType: 'application/pdf', label: { sv: 'PDF', en: 'PDF' } },
  { mediaType: 'image/jpeg', label: { sv: 'JPEG-bild', en: 'JPEG image' } },
  { mediaType: 'image/png', label: { sv: 'PNG-bild', en: 'PNG image' } },
  { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: { sv: 'Word (DOCX)', en: 'Word (DOCX)' } },
  { mediaType: 'application/vnd.oasis.opendocument.text', label: { sv: 'OpenDocument-text (ODT)', en: 'OpenDocument text (ODT)' } },
] as const;

const MEGABYTE = 1024 * 1024;

/**
 * An attachment id, or with `maxFiles` above one an array of them; the attachment service
 * enforces `accept` and `maxBytes` from ui:options.
 */
export const fileUpload: FieldTypeDefinition = {
  id: 'file-upload',
  palette: palette('other', { sv: 'Bifoga fil', en: 'File upload' }, { sv: 'En eller flera bifogade filer med tillåtna filtyper', en: 'One or more attached files of allowed types' }),
  properties: [...COMMON_PROPERTIES, property('fileTypes', 'file-types', true), property('maxSizeMb', 'number'), property('maxFiles', 'integer')],
  defaults: question({ sv: 'Bifoga fil', en: 'Attach a file' }, { fileTypes: ['application/pdf', 'image/jpeg', 'image/png'], maxSizeMb: 10 }),
  build: (p) => {
    const file = { type: 'string', format: ATTACHMENT_FORMAT };
    return leaf(p, p.maxFiles !== undefined && p.maxFiles > 1 ? { type: 'array', items: file, maxItems: p.maxFiles } : file, {
      'ui:options': withDefined({ accept: p.fileTypes ?? [], maxBytes: p.maxSizeMb ? Math.round(p.maxSizeMb * MEGABYTE) : undefined }),
    });
  },
  read: (source) => {
    const options = uiOptions(source.uiSchema);
    const maxBytes = numberOr(options.maxBytes);
    return withDefined({
      ...readCommon(source),
      fileTypes: Array.isArray(options.accept) ? options.accept.map(String) : undefined,
      maxSizeMb: maxBytes === undefined ? undefined : maxBytes / MEGABYTE,
      maxFiles: source.schema.type === 'array' ? numberOr(source.schema.maxItems) : undefined,
    });
  },
  matches: (schema) => isAttachmentField(schema) !== undefined,
};

/**
 * A heading with a text and no answer: `type: 'null'`, never required, rendered by the portal's
 * `information` field (ui:field), which shows the label as heading and the help as body text and
 * never calls onChange, so no answer is collected; a null answer would still validate.
 */
export const information: FieldTypeDefinition = {
  id: 'information',
  palette: palette('structure', { sv: 'Informationstext', en: 'Information text' }, { sv: 'Rubrik och text, inget svar', en: 'Heading and text, no answer' }),
  properties: [property('label', 'localized-text', true), property('help', 'localized-text')],
  defaults: () => ({ label: { sv: 'Rubrik', en: 'Heading' }, help: { sv: 'Text till den som fyller i.', en: 'Text for the person filling in.' } }),
  build: (p) => leaf({ label: p.label, help: p.help }, { type: 'null' }, { 'ui:field': 'information' }),
  read: (source) => withDefined({ label: readCommon(source).label, help: source.texts['']?.help }),
  matches: (schema) => schema.type === 'null',
};

export const LEAF_TYPES: FieldTypeDefinition[] = [
  shortText,
  longText,
  numberField,
  email,
  phone,
  personnummer,
  organisationsnummer,
  postalCode,
  date,
  dateRange,
  singleChoice,
  multipleChoice,
  rankedChoice,
  yesNo,
  fileUpload,
  information,
  consent,
  coSignerRequest,
];
