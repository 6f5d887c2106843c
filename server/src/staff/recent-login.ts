import type { RequestHandler } from 'express';
import { bilingual } from '@etjanst/schemas';
import { Problem } from '../problems/problem.js';
import { staffOf, type StaffSessionSettings } from './sessions.js';

export const reauthenticationRequired = (seconds: number) =>
  new Problem(
    401,
    'reauthentication-required',
    bilingual('Logga in igen för att fortsätta', 'Log in again to continue'),
    bilingual(
      `Den här ändringen kräver att du har loggat in under de senaste ${Math.round(seconds / 60)} minuterna. Logga in igen och försök sedan på nytt.`,
      `This change requires a login within the last ${Math.round(seconds / 60)} minutes. Log in again, then try once more.`,
    ),
    { reauthenticateSeconds: seconds },
  );

/**
 * Sensitive actions (role changes, secret rotation) ask for a recent proof of identity, not only a
 * live session: a browser left logged in is not enough to give someone a role. For single sign-on
 * the time is the identity provider's (auth_time, AuthnInstant), so riding an old SSO session is
 * not recent; a login started with `reauthenticate=1` makes the provider authenticate anew. Runs
 * after the route's staff access check.
 */
export function requireRecentLogin(settings: Pick<StaffSessionSettings, 'reauthenticateSeconds'>): RequestHandler {
  return (_req, res, next) => {
    const authenticatedAt = staffOf(res)?.authenticatedAt;
    if (!authenticatedAt || Date.now() - authenticatedAt.getTime() > settings.reauthenticateSeconds * 1000) throw reauthenticationRequired(settings.reauthenticateSeconds);
    next();
  };
}
