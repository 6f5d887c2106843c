import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { bilingual, type EServiceDefinition } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { Problem } from '../problems/problem.js';
import { openSecret, sealSecret } from '../secrets/sealing.js';
import type { ConnectorRegistry } from './plugins.js';

/**
 * The signing secrets of connectors that sign what they send (webhooks): made by the server,
 * shown once (when the connector is first saved, or rotated), kept in `connector_secrets` and
 * never in the definition, so no export, published version, audit row or GET carries them.
 * They are stored sealed (secrets/sealing.ts) under DELIVERY_SECRET, since signing needs the
 * secret itself; the connector's identity is what a sealed secret belongs to.
 *
 * Rotation keeps the previous secret for an overlap: until `previous_valid_until` deliveries
 * carry a signature with each, so a receiver can switch to the new one without losing any.
 */

export interface ConnectorRef {
  municipalityId: string;
  eserviceId: string;
  connectorId: string;
}

const PURPOSE = { name: 'connector-secrets' };
const ownerOf = (c: ConnectorRef) => `${c.municipalityId}:${c.eserviceId}:${c.connectorId}`;
const sealFor = (deliverySecret: string, connector: ConnectorRef, secret: string) => sealSecret(deliverySecret, PURPOSE, ownerOf(connector), secret);

/** 256 random bits, as receivers have always been given them (base64url, 43 characters). */
const newSecret = () => randomBytes(32).toString('base64url');

const where = (db: Kysely<Database>, c: ConnectorRef) =>
  db.selectFrom('connector_secrets').where('municipality_id', '=', c.municipalityId).where('eservice_id', '=', c.eserviceId).where('connector_id', '=', c.connectorId);

/**
 * What a delivery signs with: the current secret first, then the previous one while its overlap
 * lasts. Empty when the connector has no secret (or none this DELIVERY_SECRET opens).
 */
export async function signingSecrets(db: Kysely<Database>, deliverySecret: string, connector: ConnectorRef, now = new Date()): Promise<string[]> {
  const row = await where(db, connector).select(['secret_encrypted', 'previous_secret_encrypted', 'previous_valid_until']).executeTakeFirst();
  if (!row) return [];
  const previous = row.previous_secret_encrypted !== null && row.previous_valid_until !== null && row.previous_valid_until > now ? [row.previous_secret_encrypted] : [];
  return [row.secret_encrypted, ...previous].flatMap((sealed) => openSecret(deliverySecret, PURPOSE, ownerOf(connector), sealed) ?? []);
}

/** When each connector of the e-service got its secret and until when the previous one still signs: never the secrets. */
export async function secretStates(db: Kysely<Database>, municipalityId: string, eserviceId: string): Promise<Record<string, { createdAt: Date; rotatedAt: Date | null; previousValidUntil: Date | null }>> {
  const rows = await db
    .selectFrom('connector_secrets')
    .select(['connector_id', 'created_at', 'rotated_at', 'previous_valid_until'])
    .where('municipality_id', '=', municipalityId)
    .where('eservice_id', '=', eserviceId)
    .execute();
  const now = new Date();
  return Object.fromEntries(
    rows.map((r) => [r.connector_id, { createdAt: r.created_at, rotatedAt: r.rotated_at, previousValidUntil: r.previous_valid_until !== null && r.previous_valid_until > now ? r.previous_valid_until : null }]),
  );
}

/**
 * After a draft is saved: a secret for each signing connector (webhook) that has none yet. The
 * new secrets are returned to show this once; a connector that has one keeps it.
 */
export async function createMissingSecrets(
  db: Kysely<Database>,
  deliverySecret: string | undefined,
  registry: ConnectorRegistry,
  municipalityId: string,
  definition: Pick<EServiceDefinition, 'id' | 'delivery'>,
): Promise<Record<string, string>> {
  const signing = definition.delivery.connectors.filter((c) => registry.get(c.type)?.signsWithSecret === true);
  if (!deliverySecret || signing.length === 0) return {};
  const created: Record<string, string> = {};
  for (const connector of signing) {
    const ref = { municipalityId, eserviceId: definition.id, connectorId: connector.id };
    const secret = newSecret();
    const inserted = await db
      .insertInto('connector_secrets')
      .values({ municipality_id: municipalityId, eservice_id: definition.id, connector_id: connector.id, secret_encrypted: sealFor(deliverySecret, ref, secret) })
      .onConflict((oc) => oc.columns(['municipality_id', 'eservice_id', 'connector_id']).doNothing())
      .returning('connector_id')
      .executeTakeFirst();
    if (inserted) created[connector.id] = secret;
  }
  return created;
}

export const deliverySecretMissing = () =>
  new Problem(
    503,
    'delivery-secret-missing',
    bilingual('Signering är inte konfigurerad', 'Signing is not configured'),
    bilingual('Servern saknar DELIVERY_SECRET, så den kan varken skapa eller lagra signeringsnycklar. Kontakta driften.', 'The server has no DELIVERY_SECRET, so it can neither make nor store signing secrets. Contact the operators.'),
  );

/**
 * A new secret for the connector (the first one, when it has none): the current one becomes the
 * previous and signs beside the new until `now + overlapSeconds`. A secret still in its overlap
 * from an earlier rotation is dropped: there are never more than two.
 */
export async function rotateSecret(
  db: Kysely<Database>,
  deliverySecret: string,
  connector: ConnectorRef,
  overlapSeconds: number,
  now = new Date(),
): Promise<{ secret: string; previousValidUntil: Date | null }> {
  const secret = newSecret();
  const sealed = sealFor(deliverySecret, connector, secret);
  const validUntil = overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000) : null;
  const row = await db
    .insertInto('connector_secrets')
    .values({ municipality_id: connector.municipalityId, eservice_id: connector.eserviceId, connector_id: connector.connectorId, secret_encrypted: sealed })
    .onConflict((oc) =>
      oc.columns(['municipality_id', 'eservice_id', 'connector_id']).doUpdateSet((eb) => ({
        previous_secret_encrypted: validUntil ? eb.ref('connector_secrets.secret_encrypted') : null,
        previous_valid_until: validUntil,
        secret_encrypted: sealed,
        rotated_at: now,
      })),
    )
    .returning(['previous_valid_until'])
    .executeTakeFirstOrThrow();
  return { secret, previousValidUntil: row.previous_valid_until };
}

/** `ConnectorContext.signingSecrets` of one connector: read when the plugin asks, so a rotation counts from the next request. */
export const signingSecretsOf =
  (db: Kysely<Database>, deliverySecret: string | undefined, connector: ConnectorRef) =>
  async (): Promise<string[]> =>
    deliverySecret ? signingSecrets(db, deliverySecret, connector) : [];
