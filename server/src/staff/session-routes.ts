import type { Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { PUBLIC } from '../http/access.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json } from '../openapi/operations.js';
import { endStaffSession, STAFF_SESSION_COOKIE, staffCookieOptions, staffOf, staffSessionView, type StaffSessionSettings } from './sessions.js';

const sessionView = { type: 'object', required: ['authenticated'], description: 'StaffSessionView: who, roles with their scope, CSRF token; or authenticated: false', properties: { authenticated: { type: 'boolean' } } };
const tags = ['staff'];

/**
 * Mounted at /api/staff/session: the staff member's own view of their login and roles ("my
 * roles"), activity and logout. Public, since it answers `authenticated: false` without a login.
 */
export function staffSessionRoutes(deps: { db: Kysely<Database>; settings: StaffSessionSettings }): RouteDeclaration[] {
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
        await endStaffSession(deps.db, req);
        res.clearCookie(STAFF_SESSION_COOKIE, staffCookieOptions(deps.settings));
        res.json({ redirectUrl: '/admin/logga-in' });
      },
      { tags, operation: { responses: { 200: json({ type: 'object', properties: { redirectUrl: { type: 'string' } } }) } } },
    ),
  ];
}
