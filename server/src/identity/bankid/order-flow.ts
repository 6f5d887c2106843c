import type { Request } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, type BilingualMessage } from '@etjanst/schemas';
import type { Database } from '../../db/tables.js';
import { Problem } from '../../problems/problem.js';
import type { CollectResponse, CompletionData } from './api.js';
import { BankIdError, type BankIdClient } from './client.js';
import { messageForError, messageForStatus } from './messages.js';
import { claimCollect, finishOrder, recordPending, type StoredOrder } from './orders.js';
import { bankIdQrData } from './qr.js';

/**
 * What every BankID order flow (login, signing) shares: polling an order with BankID's collect
 * throttle and our own timeout, the pending/failed views with BankID's recommended messages, and
 * BankID errors as problems. The flows differ only in what a completed order leads to.
 */

/** BankID wants collect at most every other second; the browser polls every second for fresh QR codes. */
export const COLLECT_INTERVAL_MS = 2000;

/** The address BankID compares with the app's; IPv4 clients reach Node as ::ffff:a.b.c.d. */
export const endUserIp = (req: Request) => (req.ip ?? req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');

/** `?autostart=true` tells that the app was started on this device, which changes the texts. */
export const usesQr = (req: Request) => req.query.autostart !== 'true';

/** How the texts are chosen: orders started with requirement.personalNumber get RFA14 rather than RFA15. */
export interface ViewOptions {
  personalNumberGiven?: boolean;
}

/** A pending order as the browser shows it; a phone order has no QR code (the person confirms the call in the app). */
export function pendingView(order: StoredOrder, req: Request, now: Date, options: ViewOptions = {}) {
  const hintCode = order.hint_code ?? 'outstandingTransaction';
  const { qr_start_token: token, qr_start_secret: secret } = order;
  return {
    status: 'pending' as const,
    hintCode,
    message: messageForStatus({ status: 'pending', hintCode, qr: usesQr(req), ...options }),
    ...(token && secret ? { qrData: bankIdQrData(token, secret, (now.getTime() - order.started_at.getTime()) / 1000) } : {}),
  };
}

export const failedView = (hintCode: string | null, req: Request, options: ViewOptions = {}) => ({
  status: 'failed' as const,
  hintCode,
  message: messageForStatus({ status: 'failed', hintCode, qr: usesQr(req), ...options }),
});

/** The result of one poll of a pending order. */
export type PollOutcome =
  | { status: 'pending'; order: StoredOrder }
  /** `first`: this poll ended the order (a concurrent poll that also saw it end gets false) */
  | { status: 'failed'; hintCode: string; first: boolean }
  | { status: 'complete'; completionData: CompletionData; first: boolean };

/**
 * Polls a pending order: cancels it when older than `timeoutMs`, asks BankID at most every
 * COLLECT_INTERVAL_MS however often the browser polls, and records what BankID answered.
 */
export async function pollPendingOrder(
  deps: { db: Kysely<Database>; client: BankIdClient; timeoutMs: number },
  order: StoredOrder,
  now: Date,
): Promise<PollOutcome> {
  const { db, client, timeoutMs } = deps;
  if (now.getTime() - order.started_at.getTime() > timeoutMs) {
    await client.cancel(order.order_ref).catch(() => undefined); // BankID may already have ended it
    const first = await finishOrder(db, order.id, { status: 'failed', hintCode: 'expiredTransaction' });
    return { status: 'failed', hintCode: 'expiredTransaction', first };
  }
  if (!(await claimCollect(db, order.id, now, COLLECT_INTERVAL_MS))) return { status: 'pending', order };

  const result = await collect(client, order.order_ref);
  if (result.status === 'pending') {
    await recordPending(db, order.id, result.hintCode);
    return { status: 'pending', order: { ...order, hint_code: result.hintCode } };
  }
  if (result.status === 'failed') {
    const first = await finishOrder(db, order.id, { status: 'failed', hintCode: result.hintCode });
    return { status: 'failed', hintCode: result.hintCode, first };
  }
  const first = await finishOrder(db, order.id, { status: 'complete', completion: result.completionData });
  return { status: 'complete', completionData: result.completionData, first };
}

/**
 * Cancels a pending order at BankID and here; an order BankID cannot cancel now simply expires
 * there. True when this call ended the order (not an order that had ended, or a concurrent end).
 */
export async function cancelPendingOrder(db: Kysely<Database>, client: BankIdClient, order: StoredOrder, req: Request): Promise<boolean> {
  if (order.status !== 'pending') return false;
  await client.cancel(order.order_ref).catch((error: unknown) => req.log?.warn({ err: error }, 'BankID cancel failed'));
  return finishOrder(db, order.id, { status: 'cancelled', hintCode: 'userCancel' });
}

const TRANSIENT = new Set(['connectionFailed', 'maintenance', 'internalError', 'requestTimeout']);

/** Collect; an order BankID no longer knows counts as failed, while an unreachable BankID is a 503 to retry. */
async function collect(client: BankIdClient, orderRef: string): Promise<CollectResponse> {
  try {
    return await client.collect(orderRef);
  } catch (error) {
    if (error instanceof BankIdError && !TRANSIENT.has(error.errorCode)) return { orderRef, status: 'failed', hintCode: 'unknown' };
    return rethrowAsProblem(error);
  }
}

const IN_PROGRESS_TITLE = {
  login: bilingual('Inloggning pågår redan', 'A login is already in progress'),
  sign: bilingual('Underskrift pågår redan', 'A signing is already in progress'),
  identification: bilingual('Identifiering pågår redan', 'An identification is already in progress'),
} as const satisfies Record<string, BilingualMessage>;

/** A failed call to BankID as a problem: 409 already in progress, 503 to retry, 502 otherwise. */
export function rethrowAsProblem(error: unknown, purpose: keyof typeof IN_PROGRESS_TITLE = 'login'): never {
  if (!(error instanceof BankIdError)) throw error;
  const detail = messageForError(error);
  if (error.errorCode === 'alreadyInProgress') {
    throw new Problem(409, 'bankid-already-in-progress', IN_PROGRESS_TITLE[purpose], detail);
  }
  if (TRANSIENT.has(error.errorCode)) {
    throw new Problem(503, 'bankid-unavailable', bilingual('BankID svarar inte just nu', 'BankID is not answering right now'), detail);
  }
  throw new Problem(502, 'bankid-error', bilingual('Fel i kontakten med BankID', 'Error in the contact with BankID'), detail);
}
