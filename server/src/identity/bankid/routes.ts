import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { credential } from '../../http/access.js';
import { tenantOf } from '../../http/context.js';
import { route, type RouteDeclaration } from '../../http/route-table.js';
import { json, object, param, problems } from '../../openapi/operations.js';
import { cookieOptions, establishSession, type SessionSettings } from '../sessions.js';
import type { BankIdClient } from './client.js';
import { bankIdLoginHandlers } from './login-flow.js';

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
  const { db, sessions } = deps;
  const { start, poll, cancel } = bankIdLoginHandlers({
    db,
    client: deps.client,
    orderTimeoutSeconds: deps.orderTimeoutSeconds,
    municipalityOf: (res) => tenantOf(res).municipalityId,
    flowCookie: { name: FLOW_COOKIE, options: (maxAgeSeconds) => cookieOptions(sessions, maxAgeSeconds) },
    complete: async (req, res, user, first) => {
      if (first) {
        await establishSession(db, sessions, req, res, {
          municipalityId: tenantOf(res).municipalityId,
          person: { personalIdentityNumber: user.personalNumber, givenName: user.givenName, surname: user.surname, displayName: user.name },
          loa: 3,
          method: 'bankid',
        });
      }
      return { status: 'complete', person: { displayName: user.name } };
    },
  });
  const flow = credential('login-flow');
  const orderId = param('orderId', "Our id of the BankID order (never BankID's orderRef)");
  const tags = ['identity'];
  return [
    route('post', '/', flow, 'Start a BankID login (RP API v6 auth); binds the order to this browser', start, { tags, limit: 'e-id-start', operation: { responses: { 201: json(object), ...problems(404, 409, 429, 503) } } }),
    route('get', '/:orderId', flow, 'Poll the order: status, user message, current animated QR data', poll, { tags, operation: { parameters: [orderId], responses: { 200: json(object), ...problems(404, 503) } } }),
    route('delete', '/:orderId', flow, 'Cancel the order', cancel, { tags, operation: { parameters: [orderId], responses: { 204: { description: 'Cancelled' }, ...problems(403, 404) } } }),
  ];
}
