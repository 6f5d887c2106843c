import {
  bilingual,
  CONNECTOR_TYPE_PATTERN,
  connectorTypeFacts,
  STRICTLY_CONFIDENTIAL_DELIVERY,
  connectorOptionProblems,
  optionsChecker,
  unknownConnectorTypeProblem,
  type ConnectorTypeFacts,
  type DefinitionProblem,
  type EServiceDefinition,
  type JsonSchemaObject,
  type OptionsChecker,
} from '@etjanst/schemas';
import type { ConnectorPlugin } from './connector.js';
import { PermanentDeliveryError } from './connector.js';
import { outboundRefusal, PUBLIC_TARGETS_ONLY, type OutboundPolicy } from './outbound.js';
import { caseManagementConnector } from './connectors/case-management/plugin.js';
import { eArchiveConnector } from './connectors/e-archive/plugin.js';
import { emailConnector } from './connectors/email/plugin.js';
import { webhookConnector } from './connectors/webhook/plugin.js';

/** The platform's own connectors, listed explicitly (no registration by import side effects). */
export const BUILT_IN_CONNECTOR_PLUGINS: readonly ConnectorPlugin[] = [emailConnector, webhookConnector, caseManagementConnector, eArchiveConnector] as readonly ConnectorPlugin[];

/** Connectors of extension packages (EXTENSIONS), installed at start-up by the extension loader, with the package that brought each. */
const installed = new Map<string, { plugin: ConnectorPlugin; packageName: string }>();

/** Every connector this process has: the built-in ones, then the extensions' in the order they were loaded. */
export const connectorPlugins = (): readonly ConnectorPlugin[] => [...BUILT_IN_CONNECTOR_PLUGINS, ...[...installed.values()].map((i) => i.plugin)];

/** Plain JSON Schema of a plugin's options (no TypeBox symbols), with their texts, for the designer's rjsf form. */
export const optionsJsonSchema = (plugin: ConnectorPlugin): JsonSchemaObject => JSON.parse(JSON.stringify(plugin.optionsSchema)) as JsonSchemaObject;

const checkers = new WeakMap<ConnectorPlugin, OptionsChecker>();

/** A plugin's options schema, compiled once. */
function checkerOf(plugin: ConnectorPlugin): OptionsChecker {
  let checker = checkers.get(plugin);
  if (!checker) {
    checker = optionsChecker(optionsJsonSchema(plugin));
    checkers.set(plugin, checker);
  }
  return checker;
}

/**
 * Installs an extension package's connectors for every registry of this process (the app's, the
 * definition checks', the workers'). Throws, naming the package, when one is malformed, its
 * options schema does not compile or its type is taken: a configuration error, to stop the start
 * rather than deliver with another plugin than configured. Installing the same plugin again does nothing.
 */
export function installConnectorPlugins(packageName: string, plugins: readonly ConnectorPlugin[]): void {
  const fresh = plugins.filter((plugin) => installed.get(plugin?.type)?.plugin !== plugin);
  const problems = fresh.flatMap((plugin, i) => pluginProblems(plugin, fresh.slice(0, i)));
  if (problems.length > 0) throw new Error(`Extension package "${packageName}" (EXTENSIONS) has connectors that cannot be installed: ${problems.join('; ')}`);
  for (const plugin of fresh) installed.set(plugin.type, { plugin, packageName });
}

function pluginProblems(plugin: ConnectorPlugin, before: readonly ConnectorPlugin[]): string[] {
  if (typeof plugin !== 'object' || plugin === null) return ['a connector is not an object'];
  const name = `connector "${String(plugin.type)}"`;
  if (typeof plugin.type !== 'string' || !new RegExp(CONNECTOR_TYPE_PATTERN).test(plugin.type)) return [`${name}: its type must be a lowercase slug`];
  const problems: string[] = [];
  if (BUILT_IN_CONNECTOR_PLUGINS.some((p) => p.type === plugin.type)) problems.push(`${name} is built into the platform`);
  const taken = installed.get(plugin.type);
  if (taken) problems.push(`${name} already comes from the package "${taken.packageName}"`);
  if (before.some((p) => p.type === plugin.type)) problems.push(`${name} is there twice`);
  if (typeof plugin.title?.sv !== 'string') problems.push(`${name} has no Swedish title`);
  if (!STRICTLY_CONFIDENTIAL_DELIVERY.includes(plugin.strictlyConfidential)) problems.push(`${name} does not declare whether it may carry a strictly confidential e-service's cases (strictlyConfidential: 'allowed' or 'refused')`);
  if (typeof plugin.check !== 'function' || typeof plugin.deliver !== 'function') problems.push(`${name} lacks check() or deliver()`);
  try {
    checkerOf(plugin);
  } catch (error) {
    problems.push(`${name}: its options schema does not compile (${error instanceof Error ? error.message : String(error)})`);
  }
  return problems;
}

/**
 * The plugins by type, each options schema compiled once. Without a fixed list it has every
 * connector installed so far, also those installed after it was made (registries are made when
 * modules load, extensions are loaded when main starts).
 */
export class ConnectorRegistry {
  constructor(private readonly fixed?: readonly ConnectorPlugin[]) {}

  get plugins(): readonly ConnectorPlugin[] {
    return this.fixed ?? connectorPlugins();
  }

  /** What each type's plugin declares that the rule catalogue needs (`CheckOptions.connectorTypes`). */
  typeFacts(): Record<string, ConnectorTypeFacts> {
    return connectorTypeFacts(this.plugins);
  }

  get(type: string): ConnectorPlugin | undefined {
    return this.plugins.find((p) => p.type === type);
  }

  /** The plugin and its checked options; a PermanentDeliveryError when either is wrong (no retry makes them right). */
  resolve(type: string, options: unknown): { plugin: ConnectorPlugin; options: unknown } {
    const plugin = this.get(type);
    if (!plugin) throw new PermanentDeliveryError(`no connector plugin of type "${type}"`);
    const problems = checkerOf(plugin).check(options);
    if (problems.length > 0) throw new PermanentDeliveryError(`invalid ${type} connector options: ${problems.map((p) => p.message.en).join(' ')}`);
    return { plugin, options };
  }

  /** Problems of every connector in a definition, for the definition API (pointers into the definition). */
  definitionProblems(definition: Pick<EServiceDefinition, 'delivery'>): DefinitionProblem[] {
    return definition.delivery.connectors.flatMap((connector, i) => {
      const plugin = this.get(connector.type);
      if (!plugin) return [unknownConnectorTypeProblem(connector, i)];
      const carried = plugin.signsWithSecret === true ? carriedSecret(connector.options) : undefined;
      if (carried) return [secretInDefinitionProblem(connector, i, carried)];
      const problems = connectorOptionProblems(connector, i, checkerOf(plugin).check(connector.options));
      return problems.length > 0 ? problems : unreachableTargetProblems(plugin, connector, i);
    });
  }
}

let installationOutbound: OutboundPolicy = PUBLIC_TARGETS_ONLY;

/**
 * The installation's outbound policy, which definition checks judge connector addresses by (the
 * app installs its delivery settings' policy when it starts; like connector plugins, one per process).
 */
export function installOutboundPolicy(policy: OutboundPolicy): void {
  installationOutbound = policy;
}

const REFUSAL_TEXTS = {
  scheme: bilingual('adressen måste börja med https://', 'the address must start with https://'),
  'not-https': bilingual('adressen måste börja med https:// (okrypterad http går bara till system som installationen har godkänt)', 'the address must start with https:// (plain http only reaches systems the installation has approved)'),
  address: bilingual(
    'adressen pekar på plattformens egen dator eller ett internt nät, dit leveranser inte får gå utan att installationen har godkänt värden',
    'the address points at the platform’s own machine or an internal network, which deliveries may not reach unless the installation has approved the host',
  ),
} as const;

/** Options that are URLs (`format: 'uri'`) the connector sends to, judged by the outbound policy at the option. */
function unreachableTargetProblems(plugin: ConnectorPlugin, connector: { id: string; options: unknown }, index: number): DefinitionProblem[] {
  const properties = (optionsJsonSchema(plugin).properties ?? {}) as Record<string, { format?: string }>;
  const options = (connector.options ?? {}) as Record<string, unknown>;
  return Object.entries(properties).flatMap(([name, schema]) => {
    const value = Object.hasOwn(options, name) ? options[name] : undefined;
    if (schema.format !== 'uri' || typeof value !== 'string' || !URL.canParse(value)) return [];
    const refusal = outboundRefusal(new URL(value), installationOutbound);
    if (!refusal) return [];
    return [
      {
        pointer: `/delivery/connectors/${index}/options/${name}`,
        code: 'delivery.target-not-allowed',
        message: bilingual(`Mottagaren ”${connector.id}”: ${REFUSAL_TEXTS[refusal].sv}.`, `The connector “${connector.id}”: ${REFUSAL_TEXTS[refusal].en}.`),
      },
    ];
  });
}

/** Option names under which definitions have carried, or might carry, a signing secret. */
const SECRET_OPTIONS = ['signingSecret', 'secret'];

const carriedSecret = (options: unknown): string | undefined =>
  typeof options === 'object' && options !== null ? SECRET_OPTIONS.find((name) => name in options) : undefined;

/**
 * A definition travels (exports, published versions, files sent to and from vendors), so it never
 * carries a secret: the platform makes the connector's secret and shows it once. Refused with
 * what to do instead, rather than moved silently into the store: a secret that has been in a
 * file is no longer secret, and the receiver should get a fresh one.
 */
const secretInDefinitionProblem = (connector: { id: string }, index: number, option: string): DefinitionProblem => ({
  pointer: `/delivery/connectors/${index}/options/${option}`,
  code: 'delivery.secret-in-definition',
  message: bilingual(
    `Mottagaren ”${connector.id}”: ta bort ”${option}”. En definition får inte innehålla hemligheter; plattformen skapar signeringsnyckeln när mottagaren sparas och visar den en gång (byt nyckel med ”rotate-secret”).`,
    `The connector “${connector.id}”: remove “${option}”. A definition must not carry secrets; the platform makes the signing secret when the connector is saved and shows it once (get a new one with “rotate-secret”).`,
  ),
});
