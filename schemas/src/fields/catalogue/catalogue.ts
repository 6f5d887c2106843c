import { collectFieldPaths, isJsonObject, objectProperties, propertyDeclarers } from '../../definition/fields.js';
import type { EServiceDefinition, FieldSettings, FieldTexts, JsonSchemaObject, LocalizedText } from '../../definition/format.js';
import { COMMON_PROPERTIES, ownTexts, property, readCommon, uiOptions, withDefined } from './common.js';
import { booking } from './booking-type.js';
import { LEAF_TYPES, RANKING_WIDGET } from './leaf-types.js';
import { FIELD_TYPE_IDS } from './types.js';
import type {
  ChildField,
  CreatedField,
  FieldProperties,
  FieldSource,
  FieldTypeDefinition,
  FieldTypeId,
  PaletteGroup,
} from './types.js';

const registry = new Map<string, FieldTypeDefinition>();

/** The definition of a type id (built in or registered by an extension). */
export function fieldType(typeId: string): FieldTypeDefinition | undefined {
  return registry.get(typeId);
}

/** Every field type, built-in first, in palette order. */
export function fieldTypes(): FieldTypeDefinition[] {
  return [...registry.values()];
}

/**
 * Adds a municipality's own field type (see extensions/). Its id must not collide with a
 * built-in or another extension: a second registration of one id is a configuration error.
 */
export function registerFieldType(definition: FieldTypeDefinition): void {
  const known = registry.get(definition.id);
  if (known && known !== definition) throw new Error(`Field type "${definition.id}" is already registered`);
  registry.set(definition.id, definition);
}

export interface PaletteEntry {
  typeId: string;
  label: LocalizedText;
  description: LocalizedText;
  group: PaletteGroup;
}

/** The designer's palette: one entry per type, grouped. */
export function fieldPalette(): PaletteEntry[] {
  return fieldTypes().map((t) => ({ typeId: t.id, ...t.palette }));
}

const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Whether a string can be a field key: a property name that is also a path segment and a JS identifier. */
export const isFieldKey = (key: string): boolean => KEY_PATTERN.test(key);

/**
 * The fragments one field puts into a definition. Throws for an unknown type or a key that
 * cannot be a field key: both are programming errors in the caller, not user input.
 */
export function createField(typeId: string, key: string, properties: FieldProperties): CreatedField {
  const definition = registry.get(typeId);
  if (!definition) throw new Error(`Unknown field type "${typeId}"`);
  if (!isFieldKey(key)) throw new Error(`"${key}" cannot be a field key`);
  const built = definition.build(properties);
  const own: FieldSettings = withDefined({ fieldType: definition.id, personalData: properties.personalData });
  // a copy: the fragments must not share objects (labels, options) with the designer's properties
  return structuredClone({ ...built, settings: { ...built.settings, '': { ...built.settings?.[''], ...own } } });
}

/** A field freshly added from the palette: the type's default properties. */
export function newField(typeId: string, key: string): CreatedField & { properties: FieldProperties } {
  const definition = registry.get(typeId);
  if (!definition) throw new Error(`Unknown field type "${typeId}"`);
  const properties = definition.defaults(key);
  return { ...createField(typeId, key, properties), properties };
}

// ---- reading a definition back ----

const relative = <T>(record: Record<string, T>, path: string): Record<string, T> => {
  const result: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === path) result[''] = value;
    else if (key.startsWith(`${path}.`)) result[key.slice(path.length + 1)] = value;
  }
  return result;
};

/** Whether a property is required wherever its parent declares requirements (incl. condition branches). */
function isRequiredIn(parent: JsonSchemaObject, name: string): boolean {
  return propertyDeclarers(parent).some(
    (declarer) => Array.isArray(declarer.required) && declarer.required.includes(name),
  );
}

/** The uiSchema entry at a field path; array items' entries sit under `items`. */
function uiAt(uiSchema: JsonSchemaObject, schema: JsonSchemaObject, path: string): JsonSchemaObject {
  let ui: unknown = uiSchema;
  let node: JsonSchemaObject | undefined = schema;
  for (const segment of path.split('.')) {
    if (node?.type === 'array' && isJsonObject(node.items)) {
      node = node.items;
      ui = isJsonObject(ui) ? ui.items : undefined;
    }
    node = node ? objectProperties(node).get(segment) : undefined;
    ui = isJsonObject(ui) ? ui[segment] : undefined;
  }
  return isJsonObject(ui) ? ui : {};
}

/** Whether a field's answer is a ranking (ranked-choice): its order is the citizen's preference, shown numbered. */
export const isRankedChoice = (form: Pick<EServiceDefinition['form'], 'schema' | 'uiSchema'>, path: string): boolean =>
  uiAt(form.uiSchema, form.schema, path)['ui:widget'] === RANKING_WIDGET;

/** The parts of a definition one field occupies (its path as in `form.texts`). */
export function fieldSource(definition: EServiceDefinition, path: string): FieldSource | undefined {
  const { form } = definition;
  const paths = collectFieldPaths(form.schema);
  const schema = paths.get(path);
  if (!schema) return undefined;
  const segments = path.split('.');
  const name = segments.pop() as string;
  const parentPath = segments.join('.');
  let parent = parentPath ? paths.get(parentPath) : form.schema;
  if (parent?.type === 'array' && isJsonObject(parent.items)) parent = parent.items;
  const prefill = definition.prefill
    .filter((m) => m.field === path || m.field.startsWith(`${path}.`))
    .map((m) => ({ path: m.field === path ? '' : m.field.slice(path.length + 1), attribute: m.attribute, editable: m.editable }));
  const coSigners = (definition.signing.coSignerFields ?? [])
    .filter((p) => p === path || p.startsWith(`${path}.`))
    .map((p) => (p === path ? '' : p.slice(path.length + 1)));
  return {
    schema,
    uiSchema: uiAt(form.uiSchema, form.schema, path),
    texts: relative(form.texts, path),
    settings: relative(form.fields ?? {}, path),
    required: parent ? isRequiredIn(parent, name) : false,
    prefill,
    coSignerPaths: coSigners,
  };
}

/** The source of a child of a group or repeating group, relative to the child. */
function childSource(source: FieldSource, key: string): FieldSource {
  const items = source.schema.type === 'array' && isJsonObject(source.schema.items) ? source.schema.items : undefined;
  const container = items ?? source.schema;
  const ui = items && isJsonObject(source.uiSchema.items) ? source.uiSchema.items : source.uiSchema;
  const child = objectProperties(container).get(key) ?? {};
  const within = (path: string) => path === key || path.startsWith(`${key}.`);
  const strip = (path: string) => (path === key ? '' : path.slice(key.length + 1));
  return {
    schema: child,
    uiSchema: isJsonObject(ui[key]) ? ui[key] : {},
    texts: relative(source.texts, key),
    settings: relative(source.settings, key),
    required: isRequiredIn(container, key),
    prefill: source.prefill.filter((m) => within(m.path)).map((m) => ({ ...m, path: strip(m.path) })),
    coSignerPaths: source.coSignerPaths.filter(within).map(strip),
  };
}

/**
 * The catalogue type of a field: `form.fields[path].fieldType` when the designer recorded it,
 * otherwise the first type whose shape matches (templates and imports carry no type ids).
 * Undefined for a shape no type makes (the designer shows such a field as not editable).
 */
export function inferFieldType(source: FieldSource): FieldTypeId | string | undefined {
  const recorded = source.settings['']?.fieldType;
  if (recorded && registry.has(recorded)) return recorded;
  if (source.coSignerPaths.includes('') && source.schema.format === 'personnummer') return 'co-signer-request';
  // extensions first: their shapes are narrower than the built-in ones
  const candidates = [...fieldTypes()].reverse().filter((t) => !BUILT_IN_IDS.has(t.id));
  candidates.push(...INFERENCE_ORDER);
  return candidates.find((t) => t.matches(source.schema, source.uiSchema))?.id;
}

/** The properties of any field of a definition, for editing: its type and what the panel shows. */
export function readFieldProperties(
  definition: EServiceDefinition,
  path: string,
): { typeId: string; properties: FieldProperties } | undefined {
  const source = fieldSource(definition, path);
  return source && readSource(source);
}

function readSource(source: FieldSource): { typeId: string; properties: FieldProperties } | undefined {
  const typeId = inferFieldType(source);
  const type = typeId === undefined ? undefined : registry.get(typeId);
  return type && typeId ? { typeId, properties: type.read(source) } : undefined;
}

// ---- types with children ----

/** The children's fragments assembled into one object node, with texts and settings under their keys. */
function buildChildren(children: ChildField[]) {
  const properties: Record<string, JsonSchemaObject> = {};
  const required: string[] = [];
  const ui: JsonSchemaObject = {};
  const texts: Record<string, FieldTexts> = {};
  const settings: Record<string, FieldSettings> = {};
  const prefill: CreatedField['prefill'] = [];
  const coSignerPaths: string[] = [];
  const under = (key: string, path: string) => (path ? `${key}.${path}` : key);
  for (const child of children) {
    const created = createField(child.typeId, child.key, child.properties);
    properties[child.key] = created.schema;
    if (created.required) required.push(child.key);
    if (Object.keys(created.uiSchema).length > 0) ui[child.key] = created.uiSchema;
    for (const [path, t] of Object.entries(created.texts)) texts[under(child.key, path)] = t;
    for (const [path, s] of Object.entries(created.settings)) settings[under(child.key, path)] = s;
    prefill.push(...created.prefill.map((m) => ({ ...m, path: under(child.key, m.path) })));
    coSignerPaths.push(...created.coSignerPaths.map((p) => under(child.key, p)));
  }
  const node: JsonSchemaObject = { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
  return { node, ui, texts, settings, prefill, coSignerPaths };
}

function readChildren(source: FieldSource): ChildField[] {
  const items = source.schema.type === 'array' && isJsonObject(source.schema.items) ? source.schema.items : source.schema;
  return [...objectProperties(items).keys()].flatMap((key) => {
    const read = readSource(childSource(source, key));
    return read ? [{ key, typeId: read.typeId, properties: read.properties }] : [];
  });
}

const isObjectNode = (schema: JsonSchemaObject) => schema.type === 'object' && isJsonObject(schema.properties);

/** A fieldset of fields answered once (e.g. "the child": personnummer, first name, last name). */
export const group: FieldTypeDefinition = {
  id: 'group',
  palette: {
    label: { sv: 'Grupp', en: 'Group' },
    description: { sv: 'Fält som hör ihop, under en rubrik', en: 'Fields that belong together, under a heading' },
    group: 'structure',
  },
  properties: [property('label', 'localized-text', true), property('help', 'localized-text'), property('errorMessage', 'localized-text'), property('required', 'boolean'), property('children', 'children')],
  defaults: () => ({ label: { sv: 'Grupp', en: 'Group' }, required: true, children: [] }),
  build: (p) => {
    const children = buildChildren(p.children ?? []);
    return {
      schema: children.node,
      uiSchema: children.ui,
      texts: { ...children.texts, '': ownTexts(p) },
      settings: children.settings,
      required: p.required === true,
      prefill: children.prefill,
      coSignerPaths: children.coSignerPaths,
    };
  },
  read: (source) => withDefined({ ...readCommon(source), personalData: undefined, prefill: undefined, children: readChildren(source) }),
  matches: isObjectNode,
};

/** Rows of the same fields, e.g. the children in a household; each row is one object. */
export const repeatingGroup: FieldTypeDefinition = {
  id: 'repeating-group',
  palette: {
    label: { sv: 'Upprepad grupp', en: 'Repeating group' },
    description: { sv: 'Samma fält för flera rader, t.ex. barn i hushållet', en: 'The same fields for several rows, e.g. children in a household' },
    group: 'structure',
  },
  properties: [
    ...group.properties.filter((p) => p.name !== 'children'),
    property('minItems', 'integer'),
    property('maxItems', 'integer'),
    property('itemNoun', 'localized-text'),
    property('children', 'children'),
  ],
  // not required: no row is asked for until the designer asks for one (a required one asks for at least one)
  defaults: () => ({ label: { sv: 'Upprepad grupp', en: 'Repeating group' }, minItems: 0, maxItems: 10, children: [] }),
  build: (p) => {
    const children = buildChildren(p.children ?? []);
    const options = p.itemNoun ? { 'ui:options': { itemNoun: p.itemNoun } } : {};
    return {
      schema: withDefined({ type: 'array', items: children.node, minItems: p.required === true ? Math.max(1, p.minItems ?? 0) : p.minItems, maxItems: p.maxItems }),
      uiSchema: { ...options, ...(Object.keys(children.ui).length > 0 ? { items: children.ui } : {}) },
      // at least one row asked for is required too: it gets an error message like any required field
      texts: { ...children.texts, '': ownTexts({ ...p, required: p.required === true || (p.minItems ?? 0) > 0 }) },
      settings: children.settings,
      required: p.required === true,
      prefill: children.prefill,
      coSignerPaths: children.coSignerPaths,
    };
  },
  read: (source) => {
    const noun = uiOptions(source.uiSchema).itemNoun;
    return withDefined({
      ...readCommon(source),
      personalData: undefined,
      prefill: undefined,
      minItems: typeof source.schema.minItems === 'number' ? source.schema.minItems : undefined,
      maxItems: typeof source.schema.maxItems === 'number' ? source.schema.maxItems : undefined,
      itemNoun: isJsonObject(noun) ? (noun as LocalizedText) : undefined,
      children: readChildren(source),
    });
  },
  matches: (schema) => schema.type === 'array' && isJsonObject(schema.items) && isObjectNode(schema.items),
};

/** Parts are required whenever an address is given: an optional address is absent or complete. */
const ADDRESS_PARTS = [
  { key: 'street', typeId: 'short-text', attribute: 'streetAddress', label: { sv: 'Gatuadress', en: 'Street address' }, length: { minLength: 2, maxLength: 200 } },
  { key: 'postalCode', typeId: 'postal-code', attribute: 'postalCode', label: { sv: 'Postnummer', en: 'Postal code' }, length: {} },
  { key: 'city', typeId: 'short-text', attribute: 'city', label: { sv: 'Ort', en: 'City' }, length: { minLength: 2, maxLength: 100 } },
] as const;

/** Parts are required whenever an address is given: an optional address is absent or complete. */
const addressChildren = (prefill: FieldProperties['prefillAddress']): ChildField[] =>
  ADDRESS_PARTS.map(({ key, typeId, attribute, label, length }) => ({
    key,
    typeId,
    properties: { label, required: true, ...length, ...(prefill ? { prefill: { attribute, editable: prefill.editable } } : {}) },
  }));

/** Street, postal code and city; personal data by nature; optionally from the population register. */
export const address: FieldTypeDefinition = {
  id: 'address',
  palette: {
    label: { sv: 'Adress', en: 'Address' },
    description: { sv: 'Gatuadress, postnummer och ort', en: 'Street address, postal code and city' },
    group: 'identity',
  },
  properties: [...COMMON_PROPERTIES, property('prefillAddress', 'prefill-address')],
  defaults: () => ({ label: { sv: 'Adress', en: 'Address' }, required: true, personalData: true }),
  build: (p) =>
    group.build({ label: p.label, help: p.help, errorMessage: p.errorMessage, required: p.required, children: addressChildren(p.prefillAddress) }),
  read: (source) => {
    const street = source.prefill.find((m) => m.path === 'street');
    return withDefined({ ...readCommon(source), prefill: undefined, prefillAddress: street ? { editable: street.editable } : undefined });
  },
  matches: (schema) => {
    const names = isObjectNode(schema) ? Object.keys(schema.properties as object).sort().join(',') : '';
    return names === 'city,postalCode,street';
  },
};

const BUILT_IN: FieldTypeDefinition[] = FIELD_TYPE_IDS.map(
  (id) => [...LEAF_TYPES, booking, address, group, repeatingGroup].find((t) => t.id === id) as FieldTypeDefinition,
);
const BUILT_IN_IDS = new Set(BUILT_IN.map((t) => t.id));
/** Narrow shapes before wide ones: a date-range or an address is also an object, consent also a boolean. */
const INFERENCE_ORDER = ['information', 'consent', 'yes-no', 'file-upload', 'date', 'date-range', 'booking', 'address', 'repeating-group', 'ranked-choice', 'multiple-choice', 'single-choice', 'email', 'phone', 'personnummer', 'organisationsnummer', 'postal-code', 'number', 'long-text', 'short-text', 'group'].map(
  (id) => BUILT_IN.find((t) => t.id === id) as FieldTypeDefinition,
);
for (const definition of BUILT_IN) registerFieldType(definition);
