import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { credential } from '../../http/access.js';
import { route, type RouteGroup } from '../../http/route-table.js';
import type { BankIdClient } from '../../identity/bankid/client.js';
import { bankIdLoginHandlers } from '../../identity/bankid/login-flow.js';
import { staffCookieOptions, type StaffSessionSettings } from '../sessions.js';
import { completeStaffEIdLogin, inStaffRegister, notInStaffRegister } from './login.js';
import { json, object, param, problems } from '../../openapi/operations.js';

/** Binds a staff BankID order to the browser that started it; apart from the citizens' flow cookie. */
export const STAFF_BANKID_FLOW_COOKIE = 'etjanst_staff_bankid_flow';

export interface StaffBankIdDependencies {
  db: Kysely<Database>;
  client: BankIdClient;
  settings: StaffSessionSettings;
  orderTimeoutSeconds?: number | undefined;
}

type CompleteOrder = Parameters<typeof bankIdLoginHandlers>[0]['complete'];

/** The citizens' BankID order flow for staff: orders of the installation, bound to the browser by their own flow cookie. */
export const staffBankIdHandlers = ({ db, client, settings, orderTimeoutSeconds }: StaffBankIdDependencies, flowCookie: string, complete: CompleteOrder) =>
  bankIdLoginHandlers({
    db,
    client,
    orderTimeoutSeconds,
    municipalityOf: () => null,
    flowCookie: { name: flowCookie, options: (maxAgeSeconds) => staffCookieOptions(settings, maxAgeSeconds) },
    complete,
  });

/**
 * Staff BankID login, /api/staff/login/e-id/bankid: the citizens' order flow (start, poll with
 * fresh QR data, cancel; same answers, so the client's BankID panel serves both), but the orders
 * belong to the installation and a completed one leads to the staff account in the register.
 */
export function staffBankIdRoutes(deps: StaffBankIdDependencies): RouteGroup {
  const { db, settings } = deps;
  const { start, poll, cancel } = staffBankIdHandlers(deps, STAFF_BANKID_FLOW_COOKIE, async (req, res, user, first) => {
    const person = { personalIdentityNumber: user.personalNumber, displayName: user.name };
    if (first) {
      const { displayName } = await completeStaffEIdLogin(db, settings, req, res, { person, method: 'e-id:bankid' });
      return { status: 'complete', person: { displayName } };
    }
    // a later poll of the ended order reports the outcome again, and starts nothing
    if (!(await inStaffRegister(db, user.personalNumber))) throw notInStaffRegister();
    return { status: 'complete', person: { displayName: user.name } };
  });
  const flow = credential('login-flow');
  const tags = ['staff-login'];
  const orderId = param('orderId', "Our id of the BankID order (never BankID's orderRef)");
  return {
    prefix: '/staff/login/e-id/bankid',
    routes: [
      route('post', '/', flow, 'Start a staff BankID login (?autostart=true: the app is on this device)', start, { tags, limit: 'staff-sign-in', operation: { responses: { 201: json(object), ...problems(409, 429, 503) } } }),
      route('get', '/:orderId', flow, 'Poll the staff BankID login: pending with fresh QR data, failed, complete (a staff session) or 403 not-in-staff-register', poll, {
        tags,
        operation: { parameters: [orderId], responses: { 200: json(object), ...problems(403, 404, 503) } },
      }),
      route('delete', '/:orderId', flow, 'Cancel the staff BankID login', cancel, { tags, operation: { parameters: [orderId], responses: { 204: { description: 'Cancelled' }, ...problems(404) } } }),
    ],
  };
}
