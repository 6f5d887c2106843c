import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { PUBLIC } from '../http/access.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json } from '../openapi/operations.js';
import { auditStaffLogout } from './login-audit.js';
import { STAFF_LOGGED_OUT_PAGE, type StaffLoginMethod } from './login-methods.js';
import { endStaffSession, STAFF_SESSION_COOKIE, staffCookieOptions, staffOf, staffSessionView, type EndedStaffSession, type StaffSessionSettings } from './sessions.js';

const sessionView = { type: 'object', required: ['authenticated'], description: 'StaffSessionView: who, roles with their scope, CSRF token; or authenticated: false', properties: { authenticated: { type: 'boolean' } } };
const tags = ['staff'];

/**
 * Mounted at /api/staff/session: the staff member's own view of their login and roles ("my
 * roles"), activity and logout. Public, since it answers `authenticated: false` without a login.
 * Logging out of a single sign-on session ends the identity provider's session too, where the
 * provider offers single logout: the answer's redirectUrl is then the provider's.
 */
export function staffSessionRoutes(deps: { db: Kysely<Database>; settings: StaffSessionSettings; methods: readonly StaffLoginMethod[] }): RouteDeclaration[] {
  const status = (res: Response) => {
    const staff = staffOf(res);
    return staff ? staffSessionView(staff, deps.settings) : { authenticated: false, expired: res.locals.staffSessionExpired === true };
  };
  return [
    route(
      'get',
      '/',
      PUBLIC,
      'My staff login: who I am, my roles and where, the CSRF token for staff requests',
      (_req, res) => {
        res.set('Cache-Control', 'no-store').json(status(res));
      },
      { tags, operation: { responses: { 200: json(sessionView) } } },
    ),
    // loading the session already counted this request as activity
    route(
      'post',
      '/refresh',
      PUBLIC,
      'Keep my staff login alive',
      (_req, res) => {
        res.set('Cache-Control', 'no-store').json(status(res));
      },
      { tags, operation: { responses: { 200: json(sessionView) } } },
    ),
    route(
      'post',
      '/logout',
      PUBLIC,
      'Log out of the staff login',
      async (req, res) => {
        const staff = staffOf(res);
        const ended = await endStaffSession(deps.db, req);
        res.clearCookie(STAFF_SESSION_COOKIE, staffCookieOptions(deps.settings)).set('Cache-Control', 'no-store');
        const atProvider = ended && (await singleLogoutOf(deps.methods, ended, req, res));
        if (ended && staff) await auditStaffLogout(deps.db, req, { account: staff.account, method: ended.method, singleLogout: atProvider !== undefined });
        res.json({ redirectUrl: atProvider ?? STAFF_LOGGED_OUT_PAGE });
      },
      {
        tags,
        operation: {
          responses: {
            200: json({
              type: 'object',
              properties: { redirectUrl: { type: 'string', description: 'Where to go: the identity provider’s single logout (an absolute URL), or the staff login page' } },
            }),
          },
        },
      },
    ),
  ];
}

/** Where the login method of an ended session sends the browser to end the identity provider's session too, if anywhere. */
async function singleLogoutOf(methods: readonly StaffLoginMethod[], ended: EndedStaffSession, req: Request, res: Response): Promise<string | undefined> {
  for (const method of methods) {
    const url = await method.singleLogout?.(ended, req, res);
    if (url) return url;
  }
  return undefined;
}
