import { Router, type Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { cookieOptions, endSession, SESSION_COOKIE, sessionOf, type SessionSettings } from './sessions.js';

/** The browser's own view of its login: status (polled), refresh (activity) and logout. */
export function sessionRoutes(deps: { db: Kysely<Database>; sessions: SessionSettings }): Router {
  const router = Router();
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
  router.get('/', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(status(res));
  });
  // loadSession already counted this request as activity; answering is all that is left
  router.post('/refresh', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(status(res));
  });
  router.post('/logout', async (req, res) => {
    await endSession(deps.db, req);
    res.clearCookie(SESSION_COOKIE, cookieOptions(deps.sessions));
    res.json({ redirectUrl: '/' });
  });
  return router;
}
