import type {
  FieldSettings,
  FieldTexts,
  JsonSchemaObject,
  LocalizedText,
  PopulationRegisterAttribute,
} from '../../definition/format.js';
import type { BookingConfig } from '../../booking/config.js';
import type { DateOffset } from '../../validation/date-offset.js';
import type { PatternChoice } from './presets.js';

/** How the designer's property panel edits one property (which input to show). */
export type PropertyKind =
  | 'text'
  | 'localized-text'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'options'
  | 'choice-display'
  | 'pattern'
  | 'file-types'
  | 'prefill-attribute'
  | 'prefill-address'
  | 'date'
  | 'date-offset'
  | 'children'
  | 'booking';

/** One property the designer edits, in the order the panel shows them. */
export interface PropertyDescriptor {
  name: keyof FieldProperties;
  kind: PropertyKind;
  label: LocalizedText;
  /** The designer must fill it in (e.g. the label, the options of a choice). */
  mandatory?: boolean;
}

export interface ChoiceOption {
  value: string;
  label: LocalizedText;
}

/** A child field of a group or repeating group, as the designer edits it. */
export interface ChildField {
  key: string;
  /** A built-in type (FieldTypeId) or one an extension registered */
  typeId: string;
  properties: FieldProperties;
}

/**
 * Everything a designer can set on a field, across all types; each type's `properties` list says
 * which of these it uses. Plain data: the designer keeps it in its model and undo history.
 */
export interface FieldProperties {
  label: LocalizedText;
  help?: LocalizedText;
  errorMessage?: LocalizedText;
  required?: boolean;
  personalData?: boolean;
  /** organisation number: a sole trader's (a personal identity number) is taken too */
  allowSoleTraders?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  /** whole numbers only */
  integer?: boolean;
  pattern?: PatternChoice;
  options?: ChoiceOption[];
  /** single choice as radio buttons (default) or a drop-down list */
  display?: 'radio' | 'dropdown';
  minItems?: number;
  maxItems?: number;
  defaultValue?: string | number | boolean;
  /** textarea height of long text */
  rows?: number;
  /** file upload: accepted MIME types or extensions (e.g. application/pdf, .docx) */
  fileTypes?: string[];
  /** file upload: largest file in megabytes */
  maxSizeMb?: number;
  /** More than one: the field takes a list of files */
  maxFiles?: number;
  prefill?: { attribute: PopulationRegisterAttribute; editable: boolean };
  /** address: fill street, postal code and city from the population register */
  prefillAddress?: { editable: boolean };
  /** date: earliest / latest allowed (YYYY-MM-DD) */
  minDate?: string;
  maxDate?: string;
  /** date: earliest / latest allowed, counted from the day of applying (e.g. { months: 4 }) */
  earliestFromToday?: DateOffset;
  latestFromToday?: DateOffset;
  /** repeating group: what one row is called ("barn", "child") */
  itemNoun?: LocalizedText;
  /** group and repeating group: the fields inside */
  children?: ChildField[];
  /** booking: resources, opening hours, slot length and the rules of booking (booking/config) */
  booking?: BookingConfig;
}

/** What a catalogue type makes of a key and properties: the fragments that go into a definition. */
export interface CreatedField {
  schema: JsonSchemaObject;
  /** uiSchema entry at the field's place (may be empty) */
  uiSchema: JsonSchemaObject;
  /** texts keyed by field path relative to the field: '' is the field itself, 'street' a child */
  texts: Record<string, FieldTexts>;
  /** designer metadata (`form.fields`) keyed like texts; '' holds the type id */
  settings: Record<string, FieldSettings>;
  /** the field belongs in its parent's `required` */
  required: boolean;
  /** prefill mappings, paths relative to the field ('' is the field itself) */
  prefill: { path: string; attribute: PopulationRegisterAttribute; editable: boolean }[];
  /** relative paths holding a co-signer's personnummer: they go into `signing.coSignerFields` */
  coSignerPaths: string[];
}

/** The parts of a definition one field occupies, as read back for editing. */
export interface FieldSource {
  schema: JsonSchemaObject;
  uiSchema: JsonSchemaObject;
  /** texts keyed by path relative to the field, as in CreatedField */
  texts: Record<string, FieldTexts>;
  settings: Record<string, FieldSettings>;
  required: boolean;
  prefill: CreatedField['prefill'];
  coSignerPaths: string[];
}

export const FIELD_TYPE_IDS = [
  'short-text',
  'long-text',
  'number',
  'email',
  'phone',
  'personnummer',
  'organisationsnummer',
  'postal-code',
  'date',
  'date-range',
  'single-choice',
  'multiple-choice',
  'ranked-choice',
  'yes-no',
  'file-upload',
  'address',
  'group',
  'repeating-group',
  'information',
  'consent',
  'co-signer-request',
  'booking',
] as const;
export type FieldTypeId = (typeof FIELD_TYPE_IDS)[number];

export type PaletteGroup = 'text' | 'identity' | 'choice' | 'date' | 'structure' | 'other';

/**
 * One field type: its palette entry, the properties the designer edits, and the two directions
 * between properties and definition fragments. `read(build(p))` gives back `p` (tested).
 */
export interface FieldTypeDefinition {
  id: FieldTypeId | string;
  palette: { label: LocalizedText; description: LocalizedText; group: PaletteGroup };
  properties: PropertyDescriptor[];
  /** properties of a freshly added field */
  defaults: (key: string) => FieldProperties;
  build: (properties: FieldProperties) => Omit<CreatedField, 'settings'> & { settings?: Record<string, FieldSettings> };
  read: (source: FieldSource) => FieldProperties;
  /** does a schema/uiSchema pair without `fieldType` look like this type (for older definitions) */
  matches: (schema: JsonSchemaObject, uiSchema: JsonSchemaObject) => boolean;
}
