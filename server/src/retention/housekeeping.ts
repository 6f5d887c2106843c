import { sql, type Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/tables.js';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/** Rows per statement: a pass holds its locks briefly, however much has piled up. */
export const BATCH = 500;

/** Runs a statement of at most BATCH rows until one touches fewer; returns how many rows they touched in all. */
export async function inBatches(statement: () => Promise<{ numDeletedRows?: bigint; numUpdatedRows?: bigint }>): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await statement();
    const touched = Number(result.numDeletedRows ?? result.numUpdatedRows ?? 0n);
    total += touched;
    if (touched < BATCH) return total;
  }
}

/**
 * BankID orders started more than `hours` ago: an order no signature refers to goes whole
 * (logins, abandoned and failed orders); a signing's order stays, for the signature that points
 * to it, without its completion data (the person's name and personal identity number, the
 * device's address, the signature and OCSP response, which the signature row keeps itself).
 * Rows another instance is working on are skipped (SKIP LOCKED). Returns how many orders were
 * removed and how many emptied.
 */
export async function removeOldBankIdOrders(db: Kysely<Database>, hours: number, now = new Date()): Promise<{ removed: number; emptied: number }> {
  const startedBefore = new Date(now.getTime() - hours * HOUR_MS);
  const referenced = sql<boolean>`exists (select 1 from signature_orders so where so.bankid_order_id = bankid_orders.id)
    or exists (select 1 from submission_signatures ss where ss.bankid_order_id = bankid_orders.id)`;
  const total = { removed: 0, emptied: 0 };
  for (;;) {
    const removed = await db
      .deleteFrom('bankid_orders')
      .where('id', 'in', (eb) =>
        eb.selectFrom('bankid_orders').select('id').where('started_at', '<', startedBefore).where(sql<boolean>`not (${referenced})`).limit(BATCH).forUpdate().skipLocked(),
      )
      .executeTakeFirst();
    total.removed += Number(removed.numDeletedRows);
    if (Number(removed.numDeletedRows) < BATCH) break;
  }
  for (;;) {
    const emptied = await db
      .updateTable('bankid_orders')
      .set({ completion: null })
      .where('id', 'in', (eb) =>
        eb.selectFrom('bankid_orders').select('id').where('started_at', '<', startedBefore).where('completion', 'is not', null).limit(BATCH).forUpdate().skipLocked(),
      )
      .executeTakeFirst();
    total.emptied += Number(emptied.numUpdatedRows);
    if (Number(emptied.numUpdatedRows) < BATCH) break;
  }
  return total;
}

/**
 * Files uploaded more than `days` ago that no submission took: gone, rows and bytes, unless the
 * person who uploaded them still has a saved draft of that e-service (its answers may name them;
 * the draft's own expiry ends that). Each municipality's removal is an audit event (how many,
 * never which names). Returns how many were removed.
 */
export async function removeUnsubmittedAttachments(db: Kysely<Database>, days: number, now = new Date()): Promise<number> {
  const createdBefore = new Date(now.getTime() - days * DAY_MS);
  let total = 0;
  for (;;) {
    const removed = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .deleteFrom('attachments')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('attachments as a')
            .select('a.id')
            .where('a.submission_id', 'is', null)
            .where('a.created_at', '<', createdBefore)
            .where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom('drafts as d')
                    .select('d.id')
                    .whereRef('d.municipality_id', '=', 'a.municipality_id')
                    .whereRef('d.eservice_id', '=', 'a.eservice_id')
                    .whereRef('d.personal_identity_number', '=', 'a.owner_personal_identity_number'),
                ),
              ),
            )
            .limit(BATCH)
            .forUpdate()
            .skipLocked(),
        )
        // a submission taking the file meanwhile wins: its row no longer matches
        .where('submission_id', 'is', null)
        .returning('municipality_id')
        .execute();
      const perMunicipality = new Map<string, number>();
      for (const { municipality_id: id } of rows) perMunicipality.set(id, (perMunicipality.get(id) ?? 0) + 1);
      for (const [municipalityId, removedHere] of perMunicipality) {
        await recordAudit(trx, {
          municipalityId,
          actor: 'system:retention',
          action: 'attachments.unsubmitted-removed',
          subjectType: 'municipality',
          subjectId: municipalityId,
          details: { removed: removedHere, uploadedBefore: createdBefore.toISOString(), retentionDays: days },
        });
      }
      return rows.length;
    });
    total += removed;
    if (removed < BATCH) return total;
  }
}

/**
 * SAML requests (citizens' and staff logins and logouts) made more than `hours` ago, whether
 * answered or not: a request is answerable for minutes only, and its row names where the
 * person was going. Returns how many were removed.
 */
export async function removeOldSamlRequests(db: Kysely<Database>, hours: number, now = new Date()): Promise<number> {
  const createdBefore = new Date(now.getTime() - hours * HOUR_MS);
  return inBatches(() =>
    db
      .deleteFrom('saml_requests')
      .where('id', 'in', (eb) => eb.selectFrom('saml_requests').select('id').where('created_at', '<', createdBefore).limit(BATCH).forUpdate().skipLocked())
      .executeTakeFirstOrThrow(),
  );
}

/**
 * Idempotency keys past their lifetime (KEY_LIFETIME_HOURS): a retry after that is a new
 * request. Returns how many were removed.
 */
export async function removeExpiredIdempotencyKeys(db: Kysely<Database>, now = new Date()): Promise<number> {
  return inBatches(() =>
    db
      .deleteFrom('idempotency_keys')
      .where('key_hash', 'in', (eb) => eb.selectFrom('idempotency_keys').select('key_hash').where('expires_at', '<=', now).limit(BATCH).forUpdate().skipLocked())
      .executeTakeFirstOrThrow(),
  );
}
