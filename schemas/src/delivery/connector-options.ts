import type { ErrorObject } from 'ajv';
import type { DeliveryConnector, JsonSchemaObject, Language } from '../definition/format.js';
import type { DefinitionProblem } from '../definition/validate-definition.js';
import { isJsonObject } from '../definition/fields.js';
import { bilingual, type BilingualMessage } from '../i18n/bilingual.js';
import { escapePointer } from '../rules/definition-facts.js';
import { createAjv } from '../validation/ajv.js';
import { describeAjvError, explainingErrors } from '../validation/ajv-messages.js';

/**
 * The annotation keyword that carries an option's title and help in Swedish and English inside a
 * connector plugin's options schema. The plugin brings its own texts (an extension's connector
 * too, without touching the platform's UI texts); the designer shows them in the UI language and
 * the server names the option by them when it refuses a value. An `x-` name, as JSON Schema
 * leaves unknown keywords to annotations and OpenAPI marks its extensions.
 */
export const OPTION_TEXTS = 'x-texts';

export interface OptionTexts {
  title: BilingualMessage;
  description?: BilingualMessage;
  /** Names of the values of an `enum`, by value */
  choices?: Record<string, BilingualMessage>;
}

/** Schema options for one connector option: `Type.String({ format: 'email', ...optionTexts({ title: … }) })`. */
export const optionTexts = (texts: OptionTexts): Record<typeof OPTION_TEXTS, OptionTexts> => ({ [OPTION_TEXTS]: texts });

/** A connector's options schema, compiled once; `check` finds what is wrong with some options. */
export interface OptionsChecker {
  schema: JsonSchemaObject;
  check: (options: unknown) => OptionProblem[];
}

/** Compiles an options schema with the platform's strict ajv and formats (the texts keyword known): the same check on the server and in the designer. */
export function optionsChecker(schema: JsonSchemaObject): OptionsChecker {
  const ajv = createAjv({ allErrors: true });
  ajv.addVocabulary([OPTION_TEXTS]);
  const validate = ajv.compile(schema);
  return { schema, check: (options) => (validate(options) ? [] : optionProblems(schema, validate.errors ?? [])) };
}

const textsOf = (node: JsonSchemaObject | undefined): OptionTexts | undefined =>
  isJsonObject(node?.[OPTION_TEXTS]) ? (node[OPTION_TEXTS] as unknown as OptionTexts) : undefined;

/** The schema of the option at a JSON pointer within the options (`/rules/0/unit`). */
export function optionSchemaAt(schema: JsonSchemaObject, pointer: string): JsonSchemaObject | undefined {
  let node: JsonSchemaObject | undefined = schema;
  for (const segment of pointer.split('/').slice(1)) {
    const name = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    const properties: unknown = node?.properties;
    if (isJsonObject(properties) && isJsonObject(properties[name])) node = properties[name] as JsonSchemaObject;
    else if (/^\d+$/.test(name) && isJsonObject(node?.items)) node = node.items;
    else return undefined;
  }
  return node;
}

/** What is wrong with one option, by a pointer within the options. */
export interface OptionProblem {
  pointer: string;
  message: BilingualMessage;
}

/**
 * ajv's errors for a connector's options as one problem per option, worded like the form's
 * errors and naming the option by its title; a missing option is pointed at by its own name.
 */
export function optionProblems(schema: JsonSchemaObject, errors: readonly ErrorObject[]): OptionProblem[] {
  const meaningful = explainingErrors(errors, (e) => e);
  const byPointer = new Map<string, OptionProblem>();
  for (const error of meaningful) {
    const missing = error.keyword === 'required' ? String(error.params.missingProperty) : undefined;
    const pointer = missing === undefined ? error.instancePath : `${error.instancePath}/${escapePointer(missing)}`;
    if (byPointer.has(pointer)) continue;
    const title = textsOf(optionSchemaAt(schema, pointer))?.title;
    const fallback = pointer.split('/').filter((s) => !/^\d*$/.test(s)).at(-1) ?? '/';
    const named = (language: Language) => describeAjvError(error, title?.[language] ?? fallback)[language];
    // "fill in" says more than "is missing" about an option the form shows
    const message = missing === undefined ? bilingual(named('sv'), named('en')) : bilingual(`Fyll i ”${title?.sv ?? missing}”.`, `Fill in “${title?.en ?? missing}”.`);
    byPointer.set(pointer, { pointer, message });
  }
  return [...byPointer.values()];
}

/** A connector's option problems as problems of the definition it is in (pointers into the definition). */
export const connectorOptionProblems = (connector: Pick<DeliveryConnector, 'id'>, index: number, problems: readonly OptionProblem[]): DefinitionProblem[] =>
  problems.map((p) => ({
    pointer: `/delivery/connectors/${index}/options${p.pointer}`,
    code: 'delivery.options-invalid',
    message: bilingual(`Mottagaren ”${connector.id}”: ${p.message.sv}`, `The connector “${connector.id}”: ${p.message.en}`),
  }));

/**
 * A connector whose type no plugin provides (an extension that is not loaded, a typo in an
 * import): the server's registry refuses it, the designer finds it with the types the server lists.
 */
export const unknownConnectorTypeProblem = (connector: Pick<DeliveryConnector, 'id' | 'type'>, index: number): DefinitionProblem => ({
  pointer: `/delivery/connectors/${index}/type`,
  code: 'delivery.unknown-type',
  message: bilingual(
    `Mottagaren ”${connector.id}”: plattformen har ingen mottagartyp ”${connector.type}”.`,
    `The connector “${connector.id}”: the platform has no connector type “${connector.type}”.`,
  ),
});

/**
 * An options schema for a form in one language: each option's title and help from its texts, an
 * enum with named values as a choice of constants; the texts annotation itself left out.
 */
export function localizeOptionsSchema(schema: JsonSchemaObject, language: Language): JsonSchemaObject {
  const texts = textsOf(schema);
  const { [OPTION_TEXTS]: _texts, ...result } = schema;
  if (texts) {
    result.title = texts.title[language];
    if (texts.description) result.description = texts.description[language];
    if (texts.choices && Array.isArray(schema.enum)) {
      delete result.enum;
      result.oneOf = schema.enum.map((value) => ({ const: value, title: texts.choices?.[String(value)]?.[language] ?? String(value) }));
    }
  }
  if (isJsonObject(schema.properties)) {
    result.properties = Object.fromEntries(Object.entries(schema.properties).map(([name, node]) => [name, localizeOptionsSchema(node as JsonSchemaObject, language)]));
  }
  if (isJsonObject(schema.items)) result.items = localizeOptionsSchema(schema.items, language);
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = schema[keyword];
    if (Array.isArray(branches)) result[keyword] = branches.map((b) => (isJsonObject(b) ? localizeOptionsSchema(b, language) : b));
  }
  return result;
}
