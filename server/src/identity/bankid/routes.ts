import { Router, type Request, type Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../../db/tables.js';
import { pathParam, tenantOf } from '../../http/context.js';
import { Problem } from '../../problems/problem.js';
import { cookieOptions, establishSession, randomToken, readCookie, type SessionSettings } from '../sessions.js';
import type { CollectResponse } from './api.js';
import { BankIdError, type BankIdClient } from './client.js';
import { messageForError, messageForStatus } from './messages.js';
import { claimCollect, findOwnOrder, finishOrder, insertOrder, recordPending, type StoredOrder } from './orders.js';
import { bankIdQrData } from './qr.js';

export interface BankIdLoginDependencies {
  db: Kysely<Database>;
  client: BankIdClient;
  sessions: SessionSettings;
  /** Seconds a login may stay pending before we cancel it (BankID's own limit is about 3 minutes); default 180. */
  orderTimeoutSeconds?: number;
}

/** Binds an order to the browser that started it: only that browser may poll or cancel it. */
export const FLOW_COOKIE = 'etjanst_bankid_flow';
/** BankID wants collect at most every other second; the browser polls every second for fresh QR codes. */
const COLLECT_INTERVAL_MS = 2000;

/**
 * BankID login, mounted at /api/municipalities/:municipality/login/bankid. The browser starts an
 * order, polls it (fresh QR data each second), and the poll that sees `complete` starts the session.
 * `?autostart=true` tells that the app was started on this device, which changes the texts.
 */
export function bankIdLoginRoutes(deps: BankIdLoginDependencies): Router {
  const { db, client, sessions } = deps;
  const timeoutMs = (deps.orderTimeoutSeconds ?? 180) * 1000;
  const router = Router({ mergeParams: true });

  router.post('/', async (req, res) => {
    const { municipalityId } = tenantOf(res);
    const order = await client.auth({ endUserIp: endUserIp(req) }).catch(rethrowAsProblem);
    const flowToken = randomToken();
    const stored = await insertOrder(db, municipalityId, flowToken, order, new Date());
    res.cookie(FLOW_COOKIE, flowToken, cookieOptions(sessions, timeoutMs / 1000 + 60));
    res.status(201).json({ orderId: stored.id, autoStartToken: order.autoStartToken, ...pendingView(stored, req, new Date()) });
  });

  router.get('/:orderId', async (req, res) => {
    const order = await ownOrder(req, res);
    if (order.status !== 'pending') return res.json(endedView(order, req));
    const now = new Date();
    if (now.getTime() - order.started_at.getTime() > timeoutMs) {
      await client.cancel(order.order_ref).catch(() => undefined); // BankID may already have ended it
      await finishOrder(db, order.id, { status: 'failed', hintCode: 'expiredTransaction' });
      return res.json(failedView('expiredTransaction', req));
    }
    if (!(await claimCollect(db, order.id, now, COLLECT_INTERVAL_MS))) return res.json(pendingView(order, req, now));

    const result = await collect(client, order.order_ref);
    if (result.status === 'pending') {
      await recordPending(db, order.id, result.hintCode);
      return res.json(pendingView({ ...order, hint_code: result.hintCode }, req, now));
    }
    if (result.status === 'failed') {
      await finishOrder(db, order.id, { status: 'failed', hintCode: result.hintCode });
      return res.json(failedView(result.hintCode, req));
    }
    const { user } = result.completionData;
    if (await finishOrder(db, order.id, { status: 'complete', completion: result.completionData })) {
      await establishSession(db, sessions, req, res, {
        municipalityId: order.municipality_id,
        person: { personalIdentityNumber: user.personalNumber, givenName: user.givenName, surname: user.surname, displayName: user.name },
        loa: 3,
        method: 'bankid',
      });
      res.clearCookie(FLOW_COOKIE, cookieOptions(sessions));
    }
    res.json({ status: 'complete', person: { displayName: user.name } });
  });

  router.delete('/:orderId', async (req, res) => {
    const order = await ownOrder(req, res);
    if (order.status === 'pending') {
      // The user is leaving either way; an order BankID cannot cancel now simply expires there.
      await client.cancel(order.order_ref).catch((error: unknown) => req.log?.warn({ err: error }, 'BankID cancel failed'));
      await finishOrder(db, order.id, { status: 'cancelled', hintCode: 'userCancel' });
    }
    res.clearCookie(FLOW_COOKIE, cookieOptions(sessions));
    res.status(204).end();
  });

  async function ownOrder(req: Request, res: Response): Promise<StoredOrder> {
    const order = await findOwnOrder(db, tenantOf(res).municipalityId, pathParam(req, 'orderId'), readCookie(req, FLOW_COOKIE));
    if (!order) {
      throw new Problem(
        404,
        'order-not-found',
        bilingual('Inloggningen hittades inte', 'Login not found'),
        bilingual('Inloggningen finns inte eller startades i en annan webbläsare. Börja om.', 'The login does not exist or was started in another browser. Please start again.'),
      );
    }
    return order;
  }

  return router;
}

/** The address BankID compares with the app's; IPv4 clients reach Node as ::ffff:a.b.c.d. */
const endUserIp = (req: Request) => (req.ip ?? req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');

const usesQr = (req: Request) => req.query.autostart !== 'true';

function pendingView(order: StoredOrder, req: Request, now: Date) {
  const hintCode = order.hint_code ?? 'outstandingTransaction';
  return {
    status: 'pending' as const,
    hintCode,
    message: messageForStatus({ status: 'pending', hintCode, qr: usesQr(req) }),
    qrData: bankIdQrData(order.qr_start_token, order.qr_start_secret, (now.getTime() - order.started_at.getTime()) / 1000),
  };
}

const failedView = (hintCode: string | null, req: Request) => ({
  status: 'failed' as const,
  hintCode,
  message: messageForStatus({ status: 'failed', hintCode, qr: usesQr(req) }),
});

function endedView(order: StoredOrder, req: Request) {
  if (order.status === 'complete') {
    const user = (order.completion as { user?: { name?: string } } | null)?.user;
    return { status: 'complete' as const, person: { displayName: user?.name ?? '' } };
  }
  return failedView(order.hint_code, req);
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

function rethrowAsProblem(error: unknown): never {
  if (!(error instanceof BankIdError)) throw error;
  const detail = messageForError(error);
  if (error.errorCode === 'alreadyInProgress') {
    throw new Problem(409, 'bankid-already-in-progress', bilingual('Inloggning pågår redan', 'A login is already in progress'), detail);
  }
  if (TRANSIENT.has(error.errorCode)) {
    throw new Problem(503, 'bankid-unavailable', bilingual('BankID svarar inte just nu', 'BankID is not answering right now'), detail);
  }
  throw new Problem(502, 'bankid-error', bilingual('Fel i kontakten med BankID', 'Error in the contact with BankID'), detail);
}
