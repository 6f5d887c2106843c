import { arrayItems, collectFieldPaths, isInRepeatingGroup, isJsonObject } from '../definition/fields.js';
import type { EServiceDefinition, JsonSchemaObject } from '../definition/format.js';
import type { PopulationRegisterAttribute } from '../definition/vocabulary.js';

/** HTML autocomplete tokens (WCAG 1.3.5) of what the population register fills in: the citizen's own. */
const BY_ATTRIBUTE: Partial<Record<PopulationRegisterAttribute, string>> = {
  givenName: 'given-name',
  surname: 'family-name',
  fullName: 'name',
  streetAddress: 'street-address',
  postalCode: 'postal-code',
  city: 'address-level2',
};

/** Field types (by format) that hold the person's own contact details. */
const BY_FORMAT: Record<string, string> = { email: 'email', telefonnummer: 'tel', postnummer: 'postal-code' };

/** The parts of the address field type (street, postal code, city). */
const BY_ADDRESS_PART: Record<string, string> = { street: 'street-address', postalCode: 'postal-code', city: 'address-level2' };
const isAddress = (node: JsonSchemaObject | undefined) =>
  node !== undefined && isJsonObject(node.properties) && Object.keys(node.properties).sort().join() === 'city,postalCode,street';

/**
 * The autocomplete token of each field that holds the citizen's own name, address, postal code,
 * e-mail or phone (WCAG 1.3.5 Identify input purpose), by field path: what the population
 * register fills in, and the e-mail, phone, postal code and address field types. Fields in a
 * repeating group's rows are about other people (children, witnesses) and get none.
 */
export function autocompleteTokens(schema: JsonSchemaObject, prefill: EServiceDefinition['prefill'] = []): Map<string, string> {
  const fields = collectFieldPaths(schema);
  const tokens = new Map<string, string>();
  for (const [path, node] of fields) {
    if (isInRepeatingGroup(fields, path) || arrayItems(node)) continue;
    const parent = fields.get(path.split('.').slice(0, -1).join('.'));
    const byAddress = isAddress(parent) ? BY_ADDRESS_PART[path.split('.').at(-1)!] : undefined;
    const token = (typeof node.format === 'string' ? BY_FORMAT[node.format] : undefined) ?? byAddress;
    if (token) tokens.set(path, token);
  }
  for (const { field, attribute } of prefill) {
    const token = BY_ATTRIBUTE[attribute];
    if (token && fields.has(field) && !isInRepeatingGroup(fields, field)) tokens.set(field, token);
  }
  return tokens;
}

/** The uiSchema with `ui:autocomplete` set on each field that has a token, unless the definition sets its own. */
export function withAutocomplete(uiSchema: JsonSchemaObject, tokens: Map<string, string>): JsonSchemaObject {
  const result = structuredClone(uiSchema);
  for (const [path, token] of tokens) {
    let node = result;
    for (const name of path.split('.')) {
      if (!isJsonObject(node[name])) node[name] = {};
      node = node[name] as JsonSchemaObject;
    }
    node['ui:autocomplete'] ??= token;
  }
  return result;
}
