import type { ValidateFunction } from 'ajv';
import { bilingual, createAjv, type BilingualMessage, type ConnectorType, type EServiceDefinition } from '@etjanst/schemas';
import type { ConnectorPlugin } from './connector.js';
import { PermanentDeliveryError } from './connector.js';
import { caseManagementConnector } from './connectors/case-management/plugin.js';
import { eArchiveConnector } from './connectors/e-archive/plugin.js';
import { emailConnector } from './connectors/email/plugin.js';
import { webhookConnector } from './connectors/webhook/plugin.js';

/** Every connector, listed explicitly (no registration by import side effects). */
export const CONNECTOR_PLUGINS: readonly ConnectorPlugin[] = [emailConnector, webhookConnector, caseManagementConnector, eArchiveConnector] as readonly ConnectorPlugin[];

/** Plain JSON Schema of a plugin's options (no TypeBox symbols), for the designer's rjsf form. */
export const optionsJsonSchema = (plugin: ConnectorPlugin): Record<string, unknown> => JSON.parse(JSON.stringify(plugin.optionsSchema)) as Record<string, unknown>;

/** The plugins by type, with their options validators compiled once. */
export class ConnectorRegistry {
  private readonly validators = new Map<ConnectorType, ValidateFunction>();
  private readonly byType: Map<ConnectorType, ConnectorPlugin>;

  constructor(readonly plugins: readonly ConnectorPlugin[] = CONNECTOR_PLUGINS) {
    this.byType = new Map(plugins.map((p) => [p.type, p]));
  }

  get(type: string): ConnectorPlugin | undefined {
    return this.byType.get(type as ConnectorType);
  }

  /** What is wrong with a connector's options (JSON pointers within the options); empty when they are valid. */
  optionProblems(type: string, options: unknown): { pointer: string; message: string }[] {
    const plugin = this.get(type);
    if (!plugin) return [{ pointer: '', message: `no connector plugin of type "${type}"` }];
    let validate = this.validators.get(plugin.type);
    if (!validate) {
      validate = createAjv({ allErrors: true }).compile(optionsJsonSchema(plugin));
      this.validators.set(plugin.type, validate);
    }
    if (validate(options)) return [];
    // one problem per option: the first error ajv found there
    const byPointer = new Map<string, string>();
    for (const e of validate.errors ?? []) if (!byPointer.has(e.instancePath)) byPointer.set(e.instancePath, e.message ?? e.keyword);
    return [...byPointer].map(([pointer, message]) => ({ pointer, message }));
  }

  /** The plugin and its checked options; a PermanentDeliveryError when either is wrong (no retry makes them right). */
  resolve(type: string, options: unknown): { plugin: ConnectorPlugin; options: unknown } {
    const problems = this.optionProblems(type, options);
    if (problems.length > 0) throw new PermanentDeliveryError(`invalid ${type} connector options: ${problems.map((p) => `${p.pointer || '/'} ${p.message}`).join('; ')}`);
    return { plugin: this.get(type)!, options };
  }

  /** Problems of every connector in a definition, for the designer's validation (pointers into the definition). */
  definitionProblems(definition: Pick<EServiceDefinition, 'delivery'>): DefinitionProblem[] {
    return definition.delivery.connectors.flatMap((connector, i) =>
      this.optionProblems(connector.type, connector.options).map((p) => ({
        pointer: `/delivery/connectors/${i}/options${p.pointer}`,
        code: 'delivery.options-invalid',
        message: bilingual(`Inställningen för mottagaren ”${connector.id}” är fel: ${p.message}.`, `The setting of the connector “${connector.id}” is wrong: ${p.message}.`),
      })),
    );
  }
}

export interface DefinitionProblem {
  pointer: string;
  code: string;
  message: BilingualMessage;
}
