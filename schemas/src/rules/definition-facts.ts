import type { Calculation, Formula } from '../calculations/model.js';
import { arrayItems, collectFieldPaths, objectProperties, propertyDeclarers, type FieldPath } from '../definition/fields.js';
import type { EServiceDefinition, JsonSchemaObject, Language, PopulationRegisterAttribute } from '../definition/format.js';

export { fieldLabel } from '../definition/places.js';

/** Facts about a definition's form that several rules read. Pure functions of the definition. */

export const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
export const textPointer = (path: FieldPath) => `/form/texts/${escapePointer(path)}`;
export const fieldSettingsPointer = (path: FieldPath) => `/form/fields/${escapePointer(path)}`;
/** The field's place in the uiSchema (array items transparent, as in the field path). */
export const fieldUiPointer = (path: FieldPath) => `/form/uiSchema/${path.split('.').map(escapePointer).join('/')}`;

/** Every field path that an answer must contain when its parent is present (also inside conditions). */
export function requiredFieldPaths(schema: JsonSchemaObject): Set<FieldPath> {
  const required = new Set<FieldPath>();
  const walk = (node: JsonSchemaObject, prefix: string): void => {
    for (const declarer of propertyDeclarers(node)) {
      for (const name of Array.isArray(declarer.required) ? declarer.required : []) {
        if (typeof name === 'string') required.add(prefix ? `${prefix}.${name}` : name);
      }
    }
    for (const [name, child] of objectProperties(node)) walkValue(child, prefix ? `${prefix}.${name}` : name);
  };
  const walkValue = (node: JsonSchemaObject, path: string): void => {
    const items = arrayItems(node);
    if (items) {
      walkValue(items, path);
      // an array with minItems must have an answer too
      if (typeof node.minItems === 'number' && node.minItems > 0) required.add(path);
    } else if (node.type === 'object') walk(node, path);
  };
  walk(schema, '');
  return required;
}

/** The path of each group a field lies in, then its own: `a.b.c` -> `a`, `a.b`, `a.b.c`. */
const pathsDownTo = (path: FieldPath): FieldPath[] => path.split('.').map((_, i, names) => names.slice(0, i + 1).join('.'));

/**
 * Whether every answer has the field: it and each group it lies in are required (a repeating
 * group by at least one row), `required` from requiredFieldPaths.
 */
export function alwaysAnswered(required: ReadonlySet<FieldPath>, path: FieldPath): boolean {
  return pathsDownTo(path).every((p) => required.has(p));
}

/**
 * The answered fields each calculation reads (`inputsOf` picks which of a formula's inputs count),
 * in order: an earlier calculation's result stands for the fields that one reads.
 */
export function calculationSources(calculations: readonly Calculation[], inputsOf: (formula: Formula) => FieldPath[]): FieldPath[][] {
  const sources: FieldPath[][] = [];
  const computedBy = new Map<FieldPath, number>();
  calculations.forEach(({ field, formula }, i) => {
    const read = inputsOf(formula).flatMap((path) => {
      const earlier = computedBy.get(path);
      return earlier === undefined ? [path] : sources[earlier]!;
    });
    sources.push([...new Set(read)]);
    computedBy.set(field, i);
  });
  return sources;
}

/** Is the field one that the citizen answers (not a group of other fields, not an information text)? */
export function isInputField(node: JsonSchemaObject): boolean {
  const items = arrayItems(node);
  return node.type !== 'object' && node.type !== 'null' && !(items && items.type === 'object');
}

/** The input fields in a group, one row of a repeating group, or the field itself. */
const inputsIn = (node: JsonSchemaObject): number => {
  const row = arrayItems(node);
  if (row?.type === 'object') return mostVisibleInputs(row);
  if (node.type === 'object') return mostVisibleInputs(node);
  return isInputField(node) ? 1 : 0;
};

const asObjects = (value: unknown): JsonSchemaObject[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is JsonSchemaObject => typeof v === 'object' && v !== null && !Array.isArray(v));

/**
 * The most input fields of an object node a citizen sees at once: its own properties, plus for
 * each condition the larger of its branches (then or else; one of a dependency's alternatives),
 * never both. `shown` picks which of the node's own properties count (a step's top-level fields).
 */
export function mostVisibleInputs(node: JsonSchemaObject, shown: (name: string) => boolean = () => true): number {
  const own = new Map(Object.entries(asObjects(node.properties)[0] ?? {}).filter((entry): entry is [string, JsonSchemaObject] => shown(entry[0]) && asObjects(entry[1]).length === 1));
  const counted = (branch: JsonSchemaObject | undefined): number =>
    Object.entries(asObjects(branch?.properties)[0] ?? {})
      .filter(([name, schema]) => shown(name) && !own.has(name) && typeof schema === 'object' && schema !== null)
      .reduce((sum, [, schema]) => sum + inputsIn(schema as JsonSchemaObject), 0);
  const largest = (branches: JsonSchemaObject[]) => Math.max(0, ...branches.map(counted));
  let count = [...own.values()].reduce((sum: number, schema) => sum + inputsIn(schema), 0);
  for (const part of [node, ...asObjects(node.allOf)]) {
    if (part !== node) count += counted(part);
    count += largest([part.then, part.else].flatMap(asObjects));
  }
  for (const dependency of Object.values(asObjects(node.dependencies)[0] ?? {})) {
    for (const part of asObjects(dependency)) count += counted(part) + largest([...asObjects(part.oneOf), ...asObjects(part.anyOf)]);
  }
  return count;
}

/** Enum values a choice field offers (its own enum, or its items' for a checkbox list). */
export function choiceValues(node: JsonSchemaObject): unknown[] | undefined {
  const items = arrayItems(node);
  const source = items ?? node;
  return Array.isArray(source.enum) ? source.enum : undefined;
}

export type PersonalDataReason = 'flagged' | 'personal-identity-number' | 'address' | 'contact';

const ADDRESS_ATTRIBUTES: readonly PopulationRegisterAttribute[] = ['streetAddress', 'postalCode', 'city'];

/**
 * The field types whose answers are always personal data, by format and by the field catalogue's
 * type: the author cannot turn their personal-data flag off (SK-GDPR-007).
 */
const ALWAYS_PERSONAL_FORMATS: Record<string, PersonalDataReason> = { personnummer: 'personal-identity-number', 'organisationsnummer-eller-personnummer': 'personal-identity-number', postnummer: 'address', email: 'contact', telefonnummer: 'contact' };
const ALWAYS_PERSONAL_TYPES: Record<string, PersonalDataReason> = { personnummer: 'personal-identity-number', address: 'address', 'postal-code': 'address', email: 'contact', phone: 'contact' };

/** Why a field always holds personal data whatever its flag says, or undefined. */
export function alwaysPersonalData(definition: EServiceDefinition, path: FieldPath, node: JsonSchemaObject): PersonalDataReason | undefined {
  const value = arrayItems(node) ?? node;
  const fieldType = definition.form.fields?.[path]?.fieldType;
  return (typeof value.format === 'string' ? ALWAYS_PERSONAL_FORMATS[value.format] : undefined) ?? (fieldType ? ALWAYS_PERSONAL_TYPES[fieldType] : undefined);
}

/**
 * Fields that collect personal data: flagged in `form.fields` (or marked as a special category or
 * under secrecy), a field type that always holds it (personal identity number, address, e-mail,
 * phone), or prefilled with a personal identity number or an address from the population register.
 */
export function personalDataFields(definition: EServiceDefinition): Map<FieldPath, PersonalDataReason> {
  const found = new Map<FieldPath, PersonalDataReason>();
  const paths = collectFieldPaths(definition.form.schema);
  for (const [path, node] of paths) {
    const settings = definition.form.fields?.[path];
    const always = alwaysPersonalData(definition, path, node);
    if (always) found.set(path, always);
    else if (settings?.personalData || settings?.specialCategory || settings?.secrecy) found.set(path, 'flagged');
  }
  for (const mapping of definition.prefill) {
    if (found.has(mapping.field) || !paths.has(mapping.field)) continue;
    if (mapping.attribute === 'personalIdentityNumber') found.set(mapping.field, 'personal-identity-number');
    else if (ADDRESS_ATTRIBUTES.includes(mapping.attribute)) found.set(mapping.field, 'address');
  }
  return found;
}
