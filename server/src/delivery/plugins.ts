import type { ValidateFunction } from 'ajv';
import { createAjv, type ConnectorType } from '@etjanst/schemas';
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

  /** The plugin and its checked options; a PermanentDeliveryError when either is wrong (no retry makes them right). */
  resolve(type: string, options: unknown): { plugin: ConnectorPlugin; options: unknown } {
    const plugin = this.get(type);
    if (!plugin) throw new PermanentDeliveryError(`no connector plugin of type "${type}"`);
    let validate = this.validators.get(plugin.type);
    if (!validate) {
      validate = createAjv({ allErrors: true }).compile(optionsJsonSchema(plugin));
      this.validators.set(plugin.type, validate);
    }
    if (!validate(options)) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`).join('; ');
      throw new PermanentDeliveryError(`invalid ${type} connector options: ${problems}`);
    }
    return { plugin, options };
  }
}
