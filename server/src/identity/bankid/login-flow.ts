import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../../db/tables.js';
import { pathParam } from '../../http/context.js';
import { Problem } from '../../problems/problem.js';
import { randomToken, readCookie } from '../sessions.js';
import type { CompletionData } from './api.js';
import type { BankIdClient } from './client.js';
import { cancelPendingOrder, endUserIp, failedView, pendingView, pollPendingOrder, rethrowAsProblem } from './order-flow.js';
import { findOwnOrder, insertOrder, type StoredOrder } from './orders.js';

/**
 * A BankID login as the browser drives it: start an order, poll it (fresh QR data each second)
 * until it ends, or cancel it. The citizens' login (in one municipality) and the staff e-ID login
 * (installation-wide) both run on it; they differ in where orders belong, the cookie that binds
 * an order to its browser, and what a completed order leads to.
 */
export interface BankIdLoginFlow {
  db: Kysely<Database>;
  client: BankIdClient;
  /** Seconds a login may stay pending before we cancel it (BankID's own limit is about 3 minutes) */
  orderTimeoutSeconds?: number | undefined;
  /** The municipality the login's orders belong to; null for a staff login */
  municipalityOf: (res: Response) => string | null;
  /** Binds an order to the browser that started it: only that browser may poll or cancel it */
  flowCookie: { name: string; options: (maxAgeSeconds?: number) => CookieOptions };
  /**
   * What a completed order leads to, as the poll's answer. `first` is true only for the poll that
   * ended the order: the session starts then, and a later poll only reports the outcome.
   */
  complete: (req: Request, res: Response, user: CompletionData['user'], first: boolean) => Promise<Record<string, unknown>>;
}

export const DEFAULT_ORDER_TIMEOUT_SECONDS = 180;

/** The handlers of POST / (start), GET /:orderId (poll) and DELETE /:orderId (cancel). */
export function bankIdLoginHandlers(flow: BankIdLoginFlow): { start: RequestHandler; poll: RequestHandler; cancel: RequestHandler } {
  const { db, client, flowCookie } = flow;
  const timeoutMs = (flow.orderTimeoutSeconds ?? DEFAULT_ORDER_TIMEOUT_SECONDS) * 1000;

  const ownOrder = async (req: Request, res: Response): Promise<StoredOrder> => {
    const order = await findOwnOrder(db, flow.municipalityOf(res), pathParam(req, 'orderId'), readCookie(req, flowCookie.name));
    if (!order) {
      throw new Problem(
        404,
        'order-not-found',
        bilingual('Inloggningen hittades inte', 'Login not found'),
        bilingual('Inloggningen finns inte eller startades i en annan webbläsare. Börja om.', 'The login does not exist or was started in another browser. Please start again.'),
      );
    }
    return order;
  };

  return {
    start: async (req, res) => {
      // BankID's risk assessment comes back in completionData.risk, stored with the order and logged
      const order = await client.auth({ endUserIp: endUserIp(req), returnRisk: true }).catch((error: unknown) => rethrowAsProblem(error));
      const flowToken = randomToken();
      const stored = await insertOrder(db, flow.municipalityOf(res), flowToken, order, new Date());
      res.cookie(flowCookie.name, flowToken, flowCookie.options(timeoutMs / 1000 + 60));
      res.status(201).json({ orderId: stored.id, autoStartToken: order.autoStartToken, ...pendingView(stored, req, new Date()) });
    },

    poll: async (req, res) => {
      const order = await ownOrder(req, res);
      if (order.status === 'complete') {
        const user = (order.completion as CompletionData | null)?.user;
        res.json(user ? await flow.complete(req, res, user, false) : failedView('unknown', req));
        return;
      }
      if (order.status !== 'pending') {
        res.json(failedView(order.hint_code, req));
        return;
      }
      const now = new Date();
      const outcome = await pollPendingOrder({ db, client, timeoutMs }, order, now);
      if (outcome.status === 'pending') {
        res.json(pendingView(outcome.order, req, now));
        return;
      }
      if (outcome.status === 'failed') {
        res.json(failedView(outcome.hintCode, req));
        return;
      }
      if (outcome.first) req.log?.info({ orderId: order.id, risk: outcome.completionData.risk ?? null }, 'BankID login order complete');
      const answer = await flow.complete(req, res, outcome.completionData.user, outcome.first);
      if (outcome.first) res.clearCookie(flowCookie.name, flowCookie.options());
      res.json(answer);
    },

    cancel: async (req, res) => {
      const order = await ownOrder(req, res);
      // The user is leaving either way.
      await cancelPendingOrder(db, client, order, req);
      res.clearCookie(flowCookie.name, flowCookie.options());
      res.status(204).end();
    },
  };
}
