import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { tenantOf } from '../../http/context.js';
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
export function bankIdLoginRoutes(deps: BankIdLoginDependencies): Router {
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
  return Router({ mergeParams: true }).post('/', start).get('/:orderId', poll).delete('/:orderId', cancel);
}
