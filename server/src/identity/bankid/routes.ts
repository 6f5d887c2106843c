import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../../db/tables.js';
import { credential } from '../../http/access.js';
import { pathParam, tenantOf } from '../../http/context.js';
import { route, type RouteDeclaration } from '../../http/route-table.js';
import { json, object, param, problems } from '../../openapi/operations.js';
import { Problem } from '../../problems/problem.js';
import { cookieOptions, establishSession, randomToken, readCookie, type SessionSettings } from '../sessions.js';
import type { BankIdClient } from './client.js';
import { cancelPendingOrder, endUserIp, failedView, pendingView, pollPendingOrder, rethrowAsProblem } from './order-flow.js';
import { findOwnOrder, insertOrder, type StoredOrder } from './orders.js';

export interface BankIdLoginDependencies {
  db: Kysely<Database>;
  client: BankIdClient;
  sessions: SessionSettings;
  /** Seconds a login may stay pending before we cancel it (BankID's own limit is about 3 minutes); default 180. */
  orderTimeoutSeconds?: number;
}

/** Binds an order to the browser that started it: only that browser may poll or cancel it. */
export const FLOW_COOKIE = 'etjanst_bankid_flow';

/**
 * BankID login, mounted at /api/municipalities/:municipality/login/bankid. The browser starts an
 * order, polls it (fresh QR data each second), and the poll that sees `complete` starts the session.
 * `?autostart=true` tells that the app was started on this device, which changes the texts.
 */
export function bankIdLoginRoutes(deps: BankIdLoginDependencies): RouteDeclaration[] {
  const { db, client, sessions } = deps;
  const timeoutMs = (deps.orderTimeoutSeconds ?? 180) * 1000;
  const start: RequestHandler = async (req, res) => {
    const { municipalityId } = tenantOf(res);
    const order = await client.auth({ endUserIp: endUserIp(req) }).catch((error: unknown) => rethrowAsProblem(error));
    const flowToken = randomToken();
    const stored = await insertOrder(db, municipalityId, flowToken, order, new Date());
    res.cookie(FLOW_COOKIE, flowToken, cookieOptions(sessions, timeoutMs / 1000 + 60));
    res.status(201).json({ orderId: stored.id, autoStartToken: order.autoStartToken, ...pendingView(stored, req, new Date()) });
  };

  const poll: RequestHandler = async (req, res) => {
    const order = await ownOrder(req, res);
    if (order.status !== 'pending') return res.json(endedView(order, req));
    const now = new Date();
    const outcome = await pollPendingOrder({ db, client, timeoutMs }, order, now);
    if (outcome.status === 'pending') return res.json(pendingView(outcome.order, req, now));
    if (outcome.status === 'failed') return res.json(failedView(outcome.hintCode, req));
    const { user } = outcome.completionData;
    if (outcome.first) {
      await establishSession(db, sessions, req, res, {
        municipalityId: order.municipality_id,
        person: { personalIdentityNumber: user.personalNumber, givenName: user.givenName, surname: user.surname, displayName: user.name },
        loa: 3,
        method: 'bankid',
      });
      res.clearCookie(FLOW_COOKIE, cookieOptions(sessions));
    }
    res.json({ status: 'complete', person: { displayName: user.name } });
  };

  const cancel: RequestHandler = async (req, res) => {
    const order = await ownOrder(req, res);
    // The user is leaving either way.
    await cancelPendingOrder(db, client, order, req);
    res.clearCookie(FLOW_COOKIE, cookieOptions(sessions));
    res.status(204).end();
  };

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

  const flow = credential('login-flow');
  const orderId = param('orderId', "Our id of the BankID order (never BankID's orderRef)");
  const tags = ['identity'];
  return [
    route('post', '/', flow, 'Start a BankID login (RP API v6 auth); binds the order to this browser', start, { tags, operation: { responses: { 201: json(object), ...problems(404, 409, 503) } } }),
    route('get', '/:orderId', flow, 'Poll the order: status, user message, current animated QR data', poll, { tags, operation: { parameters: [orderId], responses: { 200: json(object), ...problems(404, 503) } } }),
    route('delete', '/:orderId', flow, 'Cancel the order', cancel, { tags, operation: { parameters: [orderId], responses: { 204: { description: 'Cancelled' }, ...problems(403, 404) } } }),
  ];
}

function endedView(order: StoredOrder, req: Request) {
  if (order.status === 'complete') {
    const user = (order.completion as { user?: { name?: string } } | null)?.user;
    return { status: 'complete' as const, person: { displayName: user?.name ?? '' } };
  }
  return failedView(order.hint_code, req);
}
