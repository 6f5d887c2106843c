import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { BankIdOrderTable, Database } from '../../db/tables.js';
import type { CompletionData, OrderResponse, PhoneOrderResponse } from './api.js';

/**
 * Storage of BankID orders; every lookup is scoped to the municipality and the flow that started
 * it (a login's browser cookie, or a signing's session). A staff login belongs to no
 * municipality: its orders have none (staff accounts are installation-wide).
 */
export type StoredOrder = Selectable<BankIdOrderTable>;

const flowHash = (flowToken: string) => createHash('sha256').update(flowToken).digest('hex');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function insertOrder(
  db: Kysely<Database>,
  municipalityId: string | null,
  flowToken: string,
  order: OrderResponse | PhoneOrderResponse,
  startedAt: Date,
  kind: StoredOrder['kind'] = 'auth',
  /** A phone order's person */
  personalNumber: string | null = null,
): Promise<StoredOrder> {
  // a phone order has no QR code and no autostart
  const start = 'qrStartToken' in order ? order : undefined;
  return db
    .insertInto('bankid_orders')
    .values({
      municipality_id: municipalityId,
      order_ref: order.orderRef,
      kind,
      flow_hash: flowHash(flowToken),
      qr_start_token: start?.qrStartToken ?? null,
      qr_start_secret: start?.qrStartSecret ?? null,
      auto_start_token: start?.autoStartToken ?? null,
      personal_number: personalNumber,
      started_at: startedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The order, only if this browser's flow started it in this municipality (null: a staff login's). */
export async function findOwnOrder<M extends string | null>(
  db: Kysely<Database>,
  municipalityId: M,
  orderId: string,
  flowToken: string | undefined,
): Promise<(StoredOrder & { municipality_id: M }) | undefined> {
  if (!flowToken || !UUID.test(orderId)) return undefined;
  const order = await db
    .selectFrom('bankid_orders')
    .selectAll()
    .where('id', '=', orderId)
    .where((eb) => (municipalityId === null ? eb('municipality_id', 'is', null) : eb('municipality_id', '=', municipalityId)))
    .where('flow_hash', '=', flowHash(flowToken))
    .executeTakeFirst();
  return order as (StoredOrder & { municipality_id: M }) | undefined;
}

/**
 * Claims the right to call collect now: true for one caller at most every `intervalMs`, however
 * many polls arrive at once (BankID asks for collect at most every other second).
 */
export async function claimCollect(db: Kysely<Database>, orderId: string, now: Date, intervalMs: number): Promise<boolean> {
  const result = await db
    .updateTable('bankid_orders')
    .set({ last_collect_at: now })
    .where('id', '=', orderId)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('last_collect_at', 'is', null), eb('last_collect_at', '<=', new Date(now.getTime() - intervalMs))]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function recordPending(db: Kysely<Database>, orderId: string, hintCode: string): Promise<void> {
  await db.updateTable('bankid_orders').set({ hint_code: hintCode }).where('id', '=', orderId).where('status', '=', 'pending').execute();
}

/** Ends a pending order; false when it had already ended (a concurrent poll got there first). */
export async function finishOrder(
  db: Kysely<Database>,
  orderId: string,
  outcome: { status: 'failed' | 'cancelled'; hintCode: string } | { status: 'complete'; completion: CompletionData },
): Promise<boolean> {
  const result = await db
    .updateTable('bankid_orders')
    .set({
      status: outcome.status,
      hint_code: 'hintCode' in outcome ? outcome.hintCode : null,
      completion: 'completion' in outcome ? { ...outcome.completion } : null,
      completed_at: new Date(),
    })
    .where('id', '=', orderId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
