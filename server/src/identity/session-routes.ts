import type { Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { PUBLIC } from '../http/access.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json, problems } from '../openapi/operations.js';
import { cookieOptions, endSession, SESSION_COOKIE, sessionOf, type SessionSettings } from './sessions.js';

const sessionStatus = {
  type: 'object',
  required: ['authenticated'],
  properties: {
    authenticated: { type: 'boolean' },
    expired: { type: 'boolean', description: 'Without a login: whether the browser had one that has run out' },
    municipalityId: { type: 'string' },
    person: { type: 'object' },
    loa: { type: 'integer' },
    method: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time' },
    idleSeconds: { type: 'integer' },
    csrfToken: { type: 'string' },
  },
};
const tags = ['identity'];

/**
 * Mounted at /api/session: the browser's own view of its login: status (polled), refresh
 * (activity) and logout. Public: without a login the status says so and logout does nothing.
 */
export function sessionRoutes(deps: { db: Kysely<Database>; sessions: SessionSettings }): RouteDeclaration[] {
  const status = (res: Response) => {
    const session = sessionOf(res);
    if (!session) return { authenticated: false, expired: res.locals.sessionExpired === true };
    return {
      authenticated: true,
      municipalityId: session.municipalityId,
      person: session.person,
      loa: session.loa,
      method: session.method,
      expiresAt: session.expiresAt,
      idleSeconds: deps.sessions.idleSeconds,
      csrfToken: session.csrfToken,
    };
  };
  return [
    route(
      'get',
      '/',
      PUBLIC,
      "The browser's login status (send x-session-touch: false to poll without counting as activity)",
      (_req, res) => {
        res.set('Cache-Control', 'no-store').json(status(res));
      },
      { tags, operation: { responses: { 200: json(sessionStatus) } } },
    ),
    // loadSession already counted this request as activity; answering is all that is left
    route(
      'post',
      '/refresh',
      PUBLIC,
      'Keep the session alive',
      (_req, res) => {
        res.set('Cache-Control', 'no-store').json(status(res));
      },
      { tags, operation: { responses: { 200: json(sessionStatus), ...problems(403) } } },
    ),
    route(
      'post',
      '/logout',
      PUBLIC,
      'End the session',
      async (req, res) => {
        await endSession(deps.db, req);
        res.clearCookie(SESSION_COOKIE, cookieOptions(deps.sessions));
        res.json({ redirectUrl: '/' });
      },
      { tags, operation: { responses: { 200: json({ type: 'object', properties: { redirectUrl: { type: 'string' } } }), ...problems(403) } } },
    ),
  ];
}
