import type { Calculation, Formula } from '../calculations/model.js';
import { arrayItems, collectFieldPaths, objectProperties, propertyDeclarers, type FieldPath } from '../definition/fields.js';
import type { EServiceDefinition, JsonSchemaObject, Language, PopulationRegisterAttribute } from '../definition/format.js';

export { fieldLabel } from '../definition/places.js';

/** Facts about a definition's form that several rules read. Pure functions of the definition. */

export const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
export const textPointer = (path: FieldPath) => `/form/texts/${escapePointer(path)}`;
export const fieldSettingsPointer = (path: FieldPath) => `/form/fields/${escapePointer(path)}`;

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

/** Is the field one that the citizen answers (not a group of other fields)? */
export function isInputField(node: JsonSchemaObject): boolean {
  const items = arrayItems(node);
  return node.type !== 'object' && !(items && items.type === 'object');
}

/** The input fields shown on each step (a group's fields count one by one, a repeating group's once). */
export function inputFieldsOfStep(definition: EServiceDefinition, topLevel: readonly string[]): FieldPath[] {
  const paths = collectFieldPaths(definition.form.schema);
  return [...paths]
    .filter(([path, node]) => topLevel.includes(path.split('.')[0]!) && isInputField(node))
    .map(([path]) => path);
}

/** Enum values a choice field offers (its own enum, or its items' for a checkbox list). */
export function choiceValues(node: JsonSchemaObject): unknown[] | undefined {
  const items = arrayItems(node);
  const source = items ?? node;
  return Array.isArray(source.enum) ? source.enum : undefined;
}

export type PersonalDataReason = 'flagged' | 'personal-identity-number' | 'address';

const ADDRESS_ATTRIBUTES: readonly PopulationRegisterAttribute[] = ['streetAddress', 'postalCode', 'city'];

/**
 * Fields that collect personal data: flagged in `form.fields`, a personal identity number, or an
 * address (postal code format, or prefilled with an address from the population register).
 */
export function personalDataFields(definition: EServiceDefinition): Map<FieldPath, PersonalDataReason> {
  const found = new Map<FieldPath, PersonalDataReason>();
  const paths = collectFieldPaths(definition.form.schema);
  for (const [path, node] of paths) {
    const value = arrayItems(node) ?? node;
    if (definition.form.fields?.[path]?.personalData) found.set(path, 'flagged');
    else if (value.format === 'personnummer') found.set(path, 'personal-identity-number');
    else if (value.format === 'postnummer') found.set(path, 'address');
  }
  for (const mapping of definition.prefill) {
    if (found.has(mapping.field) || !paths.has(mapping.field)) continue;
    if (mapping.attribute === 'personalIdentityNumber') found.set(mapping.field, 'personal-identity-number');
    else if (ADDRESS_ATTRIBUTES.includes(mapping.attribute)) found.set(mapping.field, 'address');
  }
  return found;
}
