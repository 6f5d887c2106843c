import {
  connectorOptionProblems,
  optionsChecker,
  unknownConnectorTypeProblem,
  type DefinitionProblem,
  type JsonSchemaObject,
  type LocalizedText,
  type OptionsChecker,
  type StrictlyConfidentialDelivery,
} from '@etjanst/schemas';
import type { ErrorSchema } from '@rjsf/utils';
import type { Definition } from '../model';

/** A connector the platform has (GET /api/connector-types): its name, whether it may carry strictly confidential cases, and its options schema with their texts. */
export interface ConnectorType {
  type: string;
  title: LocalizedText;
  strictlyConfidential: StrictlyConfidentialDelivery;
  optionsSchema: JsonSchemaObject;
}

const checkers = new WeakMap<ConnectorType, OptionsChecker>();

/** The type's options schema, compiled once. */
export function checkerOf(type: ConnectorType): OptionsChecker {
  let checker = checkers.get(type);
  if (!checker) {
    checker = optionsChecker(type.optionsSchema);
    checkers.set(type, checker);
  }
  return checker;
}

/**
 * What the server would refuse in the connectors, found in the browser with the types the server
 * lists (its plugins' own schemas) and the server's wording, so that the draft waits for them like
 * for any other problem: a type the server has no plugin for (the format takes any slug, since
 * extensions add types) and invalid options. Until the types are loaded, they are left to the server.
 */
export const connectorProblems = (definition: Definition, types: readonly ConnectorType[] | undefined): DefinitionProblem[] =>
  definition.delivery.connectors.flatMap((connector, i) => {
    if (!types) return [];
    const type = types.find((t) => t.type === connector.type);
    return type ? connectorOptionProblems(connector, i, checkerOf(type).check(connector.options)) : [unknownConnectorTypeProblem(connector, i)];
  });

type Located = { pointer: string; message: string };
const isUnder = (pointer: string, prefix: string) => pointer === prefix || pointer.startsWith(`${prefix}/`);

/** Problems of the connector at `index`: those in its options (pointers within the options) and the rest. */
export function problemsOfConnector(problems: readonly Located[], index: number): { options: Located[]; other: Located[] } {
  const at = `/delivery/connectors/${index}`;
  const options = `${at}/options`;
  return {
    options: problems.filter((p) => isUnder(p.pointer, options)).map((p) => ({ ...p, pointer: p.pointer.slice(options.length) })),
    other: problems.filter((p) => isUnder(p.pointer, at) && !isUnder(p.pointer, options)),
  };
}

/** Messages at pointers within a connector's options as rjsf's error schema, so that each shows at its field. */
export function optionErrorSchema(problems: readonly Located[]): ErrorSchema {
  const root: ErrorSchema = {};
  for (const { pointer, message } of problems) {
    let node = root as Record<string, unknown>;
    for (const segment of pointer.split('/').slice(1)) {
      const name = segment.replace(/~1/g, '/').replace(/~0/g, '~');
      node = (node[name] ??= {}) as Record<string, unknown>;
    }
    const errors = ((node.__errors as string[] | undefined) ??= []);
    if (!errors.includes(message)) errors.push(message);
  }
  return root;
}
