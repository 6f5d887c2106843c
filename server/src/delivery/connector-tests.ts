import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { bilingual, type BilingualMessage } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { getEService, type TenantContext } from '../eservices/operations.js';
import { notFound } from '../problems/problem.js';
import { signingSecretsOf } from './connector-secrets.js';
import type { ConnectorRegistry } from './plugins.js';
import { insertConnectorTest, latestConnectorTestRows } from './repository.js';
import type { DeliverySettings } from './settings.js';

export interface ConnectorTestResult {
  succeeded: boolean;
  at: Date;
  message?: BilingualMessage;
}

/** The newest "send test delivery" of each connector of an e-service (for the must-requirement "last test delivery succeeded"). */
export async function latestConnectorTests(db: Kysely<Database>, municipalityId: string, eserviceId: string): Promise<Record<string, ConnectorTestResult>> {
  const rows = await latestConnectorTestRows(db, municipalityId, eserviceId);
  return Object.fromEntries(
    rows.map((r) => [r.connector_id, { succeeded: r.succeeded, at: r.tested_at, ...(r.message ? { message: bilingual(r.message, r.message_en ?? r.message) } : {}) }]),
  );
}

/**
 * "Send test delivery": runs the connector's check with the options in the e-service's draft
 * (what the designer is about to publish) and stores the outcome, success or not.
 */
export async function sendTestDelivery(
  ctx: TenantContext,
  dependencies: { registry: ConnectorRegistry; settings: DeliverySettings; logger: Logger },
  eserviceId: string,
  connectorId: string,
): Promise<ConnectorTestResult> {
  const row = await getEService(ctx, eserviceId);
  const connector = row.draft.delivery.connectors.find((c) => c.id === connectorId);
  if (!connector) throw notFound(bilingual(`Mottagaren ”${connectorId}”`, `The connector “${connectorId}”`));
  let succeeded = false;
  let message: BilingualMessage;
  try {
    const { plugin, options } = dependencies.registry.resolve(connector.type, connector.options);
    const signal = AbortSignal.timeout(dependencies.settings.attemptTimeoutMs);
    const ref = { municipalityId: ctx.municipalityId, eserviceId, connectorId };
    message = await plugin.check(options, { ...ref, settings: dependencies.settings, logger: dependencies.logger, signal, signingSecrets: signingSecretsOf(ctx.db, dependencies.settings.secret, ref) });
    succeeded = true;
  } catch (error) {
    // what failed is the target's or the transport's own words (an address, a status, a timeout), the same in both languages
    const detail = error instanceof Error ? error.message : String(error);
    message = bilingual(detail, detail);
  }
  const at = await insertConnectorTest(ctx.db, ctx.municipalityId, { eserviceId, connectorId, succeeded, message });
  return { succeeded, at, message };
}
