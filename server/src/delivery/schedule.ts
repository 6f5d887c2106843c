import type { Kysely } from 'kysely';
import type { DeliveryConnector, EServiceDefinition } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { receiptEmailDelivery } from '../receipts/mail.js';
import { insertDeliveries, type NewDelivery } from './repository.js';

/** Hour (UTC) of the nightly e-archive window: 02:00 Swedish winter time. */
export const NIGHTLY_HOUR_UTC = 1;

/** When a connector's first attempt is due: at once, or in the next nightly window for an e-archive on a schedule. */
export function firstAttemptAt(connector: DeliveryConnector, now: Date): Date {
  if (connector.type !== 'e-archive' || connector.options.schedule !== 'nightly') return now;
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), NIGHTLY_HOUR_UTC));
  if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/**
 * The outbox step of a submission: one delivery per connector of its version, and the citizen's
 * receipt e-mail when the e-service sends one (receipts/mail.ts), inserted with the transaction
 * (`db`) that makes the submission 'submitted', so a submission is never accepted without its
 * deliveries and receipt nor delivered without being accepted.
 */
export async function scheduleDeliveries(
  db: Kysely<Database>,
  municipalityId: string,
  submission: { id: string; eserviceId: string; definition: EServiceDefinition; answers: unknown },
  now = new Date(),
): Promise<void> {
  await insertDeliveries(db, municipalityId, { id: submission.id, eserviceId: submission.eserviceId }, scheduledDeliveries(submission, now));
}

/** What scheduleDeliveries inserts: one delivery per connector of the version, and the receipt e-mail if any. */
export function scheduledDeliveries(submission: { definition: EServiceDefinition; answers: unknown }, now: Date): NewDelivery[] {
  const receipt = receiptEmailDelivery({ definition: submission.definition, submission }, now);
  return [
    ...submission.definition.delivery.connectors.map((c) => ({ connectorId: c.id, connectorType: c.type, firstAttemptAt: firstAttemptAt(c, now) })),
    ...(receipt ? [receipt] : []),
  ];
}
