import type { Request } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, STAFF_ROLES } from '@etjanst/schemas';
import { recordAudit } from '../../audit/audit-log.js';
import type { Database } from '../../db/tables.js';
import { staff } from '../../http/access.js';
import { route, type RouteGroup } from '../../http/route-table.js';
import { json, object, param, problems } from '../../openapi/operations.js';
import { Problem } from '../../problems/problem.js';
import { accountByEId } from '../register/register.js';
import { markReauthenticated, staffActor, staffOf, type StaffPrincipal } from '../sessions.js';
import { staffBankIdHandlers, type StaffBankIdDependencies } from './bankid.js';

/** Binds a re-authentication order to its browser; apart from the login's flow cookie, so neither order serves the other. */
export const STAFF_BANKID_REAUTH_FLOW_COOKIE = 'etjanst_staff_bankid_reauth_flow';

export const REAUTHENTICATE_E_ID_PATH = '/staff/session/reauthenticate/e-id/bankid';

export const otherPerson = () =>
  new Problem(
    403,
    'reauthentication-other-person',
    bilingual('Det var inte du som legitimerade dig', 'It was not you who identified'),
    bilingual(
      'E-legitimationen tillhör en annan person än den som är inloggad. Ändringen kan inte göras. Legitimera dig med din egen e-legitimation. Du är fortfarande inloggad som förut.',
      'The e-ID belongs to someone other than the person logged in, so the change cannot be made. Identify with your own e-ID. You are still logged in as before.',
    ),
  );

const notEIdSession = () =>
  new Problem(
    403,
    'reauthenticate-by-login',
    bilingual('Bekräfta genom att logga in igen', 'Confirm by logging in again'),
    bilingual('Du loggade inte in med e-legitimation. Logga in igen på samma sätt för att bekräfta att det är du.', 'You did not log in with an e-ID. Log in again the same way to confirm it is you.'),
  );

/** The session's login must have been an e-ID login: a local or single sign-on session proves itself its own way. */
const eIdPrincipal = (principal: StaffPrincipal): StaffPrincipal => {
  if (!principal.method.startsWith('e-id:')) throw notEIdSession();
  return principal;
};

async function auditReauthentication(db: Kysely<Database>, req: Request, principal: StaffPrincipal, outcome: 'success' | 'other-person'): Promise<void> {
  await recordAudit(db, {
    municipalityId: null,
    actor: staffActor(principal),
    action: 'staff.e-id-reauthentication',
    subjectType: 'staff-account',
    subjectId: principal.account.id,
    // the other person's personal identity number is not kept
    details: { method: principal.method, outcome, ip: req.ip ?? null },
  });
}

/**
 * A staff e-ID session's fresh proof before a sensitive action, /api/staff/session/reauthenticate/e-id/bankid:
 * a new BankID order (the login's start, poll and cancel), which counts only when the e-ID is the
 * session's own person. Then the session's time of authentication is now, as after the local
 * administrator's password and code, or a single sign-on provider's forced re-login; another
 * person's e-ID changes nothing. Both outcomes are audited.
 */
export function staffBankIdReauthenticationRoutes(deps: StaffBankIdDependencies): RouteGroup {
  const { db } = deps;
  const { start, poll, cancel } = staffBankIdHandlers(deps, STAFF_BANKID_REAUTH_FLOW_COOKIE, async (req, res, user, first) => {
    const principal = eIdPrincipal(staffOf(res)!);
    const account = await accountByEId(db, user.personalNumber);
    const same = account?.id === principal.account.id;
    if (first) {
      await auditReauthentication(db, req, principal, same ? 'success' : 'other-person');
      if (same) await markReauthenticated(db, req);
    }
    // a later poll of the ended order reports the outcome again, and changes nothing
    if (!same) throw otherPerson();
    return { status: 'complete', person: { displayName: principal.account.displayName } };
  });
  // a staff e-ID session of any role; the handlers check that it is an e-ID session
  const policy = staff('installation', ...STAFF_ROLES);
  const guarded =
    (handler: typeof start): typeof start =>
    (req, res, next) => {
      eIdPrincipal(staffOf(res)!);
      return handler(req, res, next);
    };
  const tags = ['staff'];
  const orderId = param('orderId', "Our id of the BankID order (never BankID's orderRef)");
  return {
    prefix: REAUTHENTICATE_E_ID_PATH,
    routes: [
      route('post', '/', policy, 'Prove again with BankID, in a staff e-ID session, who I am (before sensitive actions); ?autostart=true: the app is on this device', guarded(start), {
        tags,
        limit: 'staff-sign-in',
        operation: { responses: { 201: json(object), ...problems(403, 409, 429, 503) } },
      }),
      route(
        'get',
        '/:orderId',
        policy,
        'Poll the BankID re-authentication: pending with fresh QR data, failed, complete (the session counts as recently authenticated) or 403 reauthentication-other-person',
        guarded(poll),
        { tags, operation: { parameters: [orderId], responses: { 200: json(object), ...problems(403, 404, 503) } } },
      ),
      route('delete', '/:orderId', policy, 'Cancel the BankID re-authentication', guarded(cancel), {
        tags,
        operation: { parameters: [orderId], responses: { 204: { description: 'Cancelled' }, ...problems(403, 404) } },
      }),
    ],
  };
}
