import {
  bilingual,
  connectorOptionProblems,
  optionsChecker,
  type ConnectorType,
  type DefinitionProblem,
  type EServiceDefinition,
  type JsonSchemaObject,
  type OptionProblem,
  type OptionsChecker,
} from '@etjanst/schemas';
import type { ConnectorPlugin } from './connector.js';
import { PermanentDeliveryError } from './connector.js';
import { caseManagementConnector } from './connectors/case-management/plugin.js';
import { eArchiveConnector } from './connectors/e-archive/plugin.js';
import { emailConnector } from './connectors/email/plugin.js';
import { webhookConnector } from './connectors/webhook/plugin.js';

/** Every connector, listed explicitly (no registration by import side effects). */
export const CONNECTOR_PLUGINS: readonly ConnectorPlugin[] = [emailConnector, webhookConnector, caseManagementConnector, eArchiveConnector] as readonly ConnectorPlugin[];

/** Plain JSON Schema of a plugin's options (no TypeBox symbols), with their texts, for the designer's rjsf form. */
export const optionsJsonSchema = (plugin: ConnectorPlugin): JsonSchemaObject => JSON.parse(JSON.stringify(plugin.optionsSchema)) as JsonSchemaObject;

/** The plugins by type, with their options schemas compiled once. */
export class ConnectorRegistry {
  private readonly checkers = new Map<ConnectorType, OptionsChecker>();
  private readonly byType: Map<ConnectorType, ConnectorPlugin>;

  constructor(readonly plugins: readonly ConnectorPlugin[] = CONNECTOR_PLUGINS) {
    this.byType = new Map(plugins.map((p) => [p.type, p]));
  }

  get(type: string): ConnectorPlugin | undefined {
    return this.byType.get(type as ConnectorType);
  }

  /** What is wrong with the options of a plugin's connector (pointers within the options); empty when they are valid. */
  private optionProblems(plugin: ConnectorPlugin, options: unknown): OptionProblem[] {
    let checker = this.checkers.get(plugin.type);
    if (!checker) {
      checker = optionsChecker(optionsJsonSchema(plugin));
      this.checkers.set(plugin.type, checker);
    }
    return checker.check(options);
  }

  /** The plugin and its checked options; a PermanentDeliveryError when either is wrong (no retry makes them right). */
  resolve(type: string, options: unknown): { plugin: ConnectorPlugin; options: unknown } {
    const plugin = this.get(type);
    if (!plugin) throw new PermanentDeliveryError(`no connector plugin of type "${type}"`);
    const problems = this.optionProblems(plugin, options);
    if (problems.length > 0) throw new PermanentDeliveryError(`invalid ${type} connector options: ${problems.map((p) => p.message.en).join(' ')}`);
    return { plugin, options };
  }

  /** Problems of every connector in a definition, for the definition API (pointers into the definition). */
  definitionProblems(definition: Pick<EServiceDefinition, 'delivery'>): DefinitionProblem[] {
    return definition.delivery.connectors.flatMap((connector, i) => {
      const plugin = this.get(connector.type);
      if (!plugin) {
        return [{ pointer: `/delivery/connectors/${i}/type`, code: 'delivery.unknown-type', message: bilingual(`Det finns ingen mottagartyp ”${connector.type}”.`, `There is no connector type “${connector.type}”.`) }];
      }
      return connectorOptionProblems(connector, i, this.optionProblems(plugin, connector.options));
    });
  }
}
