import type { RequestHandler } from 'express';
import { bilingual } from '@etjanst/schemas';
import { Problem } from '../problems/problem.js';
import { staffOf, type StaffSessionSettings } from './sessions.js';

export const reauthenticationRequired = () =>
  new Problem(
    401,
    'reauthentication-required',
    bilingual('Logga in igen', 'Log in again'),
    bilingual('Det här kräver att du nyligen har loggat in. Logga in igen och försök sedan på nytt.', 'This requires a recent login. Log in again, then try once more.'),
  );

/**
 * For sensitive actions (secrets, roles): the staff member's last proof of identity must be
 * younger than `reauthenticateSeconds`, or 401 reauthentication-required. Runs after the
 * route's access check, which has made sure there is a staff login.
 */
export const requireRecentLogin =
  (settings: Pick<StaffSessionSettings, 'reauthenticateSeconds'>): RequestHandler =>
  (_req, res, next) => {
    const principal = staffOf(res);
    if (!principal || Date.now() - principal.authenticatedAt.getTime() > settings.reauthenticateSeconds * 1000) throw reauthenticationRequired();
    next();
  };
