import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, STAFF_ROLES } from '@etjanst/schemas';
import type { Database } from '../../db/tables.js';
import { PUBLIC, staff } from '../../http/access.js';
import { route } from '../../http/route-table.js';
import { jsonBody } from '../../openapi/operations.js';
import { badRequest, Problem } from '../../problems/problem.js';
import type { StaffLoginMethod } from '../login-methods.js';
import {
  establishStaffSession,
  loadStaffSession,
  markReauthenticated,
  STAFF_SESSION_COOKIE,
  staffActor,
  staffOf,
  staffSessionView,
  type StaffPrincipal,
  type StaffSessionSettings,
} from '../sessions.js';
import { LOCAL_PROVIDER } from './admins.js';
import { attempt, auditAttempt, DEFAULT_LOCKOUT, type AttemptResult, type LockoutPolicy, type Proof } from './attempts.js';

/**
 * The break-glass local administrator as a staff login method: POST /api/staff/login/local with
 * username, password and TOTP code, and POST /api/staff/session/reauthenticate/local for a local
 * session's fresh proof before a sensitive action. Meant for first set-up; STAFF_LOCAL_LOGIN=off
 * leaves the plugin out once single sign-on works.
 */
export function localAdminLoginMethod(db: Kysely<Database>, settings: StaffSessionSettings, lockout: LockoutPolicy = DEFAULT_LOCKOUT): StaffLoginMethod {
  return {
    id: LOCAL_PROVIDER,
    kind: 'local',
    name: { sv: 'Lokal administratör (nödinloggning)', en: 'Local administrator (break-glass)' },
    routes: [
      {
        prefix: '/staff/login/local',
        routes: [
          route(
            'post',
            '/',
            PUBLIC, // the login itself
            'Log in as the local break-glass administrator with password and TOTP code',
            async (req, res) => {
              const { username, ...proof } = loginInput(req.body);
              const result = await attempt(db, lockout, { username }, proof);
              if (result.outcome !== 'success') {
                await auditAttempt(db, { action: 'staff.local-login', actor: `local:${username}`, username, result, ip: req.ip });
                throw refusal(res, result);
              }
              await establishStaffSession(db, settings, req, res, { accountId: result.admin.account_id, method: LOCAL_PROVIDER });
              const principal = await startedSession(db, settings, req, res);
              await auditAttempt(db, { action: 'staff.local-login', actor: staffActor(principal), username, result, ip: req.ip });
              res.set('Cache-Control', 'no-store').json(staffSessionView(principal, settings));
            },
            { tags: ['staff'], limit: 'staff-sign-in', operation: operation(LOGIN_SCHEMA) },
          ),
        ],
      },
      {
        prefix: '/staff/session/reauthenticate/local',
        routes: [
          route(
            'post',
            '/',
            staff('installation', ...STAFF_ROLES),
            'Prove again, with password and TOTP code, who I am in a local administrator session (before sensitive actions)',
            async (req, res) => {
              const principal = staffOf(res)!;
              if (principal.method !== LOCAL_PROVIDER) throw otherMethod();
              const proof = proofInput(req.body);
              const result = await attempt(db, lockout, { accountId: principal.account.id }, proof);
              const username = result.admin?.username ?? principal.account.displayName;
              await auditAttempt(db, { action: 'staff.local-reauthentication', actor: staffActor(principal), username, result, ip: req.ip });
              if (result.outcome !== 'success') throw refusal(res, result);
              await markReauthenticated(db, req);
              res.set('Cache-Control', 'no-store').json(staffSessionView(principal, settings));
            },
            { tags: ['staff'], limit: 'staff-sign-in', operation: operation(PROOF_SCHEMA) },
          ),
        ],
      },
    ],
  };
}

/** The same answer for an unknown username, a wrong password and a wrong or used code. */
const loginFailed = () =>
  new Problem(
    401,
    'local-login-failed',
    bilingual('Inloggningen misslyckades', 'Login failed'),
    bilingual('Användarnamnet, lösenordet eller engångskoden stämmer inte.', 'The username, password or one-time code is wrong.'),
  );

function refusal(res: Response, result: Exclude<AttemptResult, { outcome: 'success' }>): Problem {
  switch (result.outcome) {
    case 'locked':
      res.set('Retry-After', String(result.retryAfterSeconds));
      return new Problem(
        429,
        'local-login-locked',
        bilingual('För många misslyckade försök', 'Too many failed attempts'),
        bilingual(`Inloggningen är spärrad efter flera misslyckade försök. Försök igen om ${result.retryAfterSeconds} sekunder.`, `Login is locked after several failed attempts. Try again in ${result.retryAfterSeconds} seconds.`),
        { retryAfterSeconds: result.retryAfterSeconds },
      );
    case 'disabled':
      return new Problem(
        403,
        'local-admin-disabled',
        bilingual('Kontot är avstängt', 'The account is disabled'),
        bilingual(
          'Den lokala administratören är avstängd. Den kan slås på igen på servern med npm run admin -- enable.',
          'This local administrator is disabled. It can be switched on again on the server with npm run admin -- enable.',
        ),
      );
    default:
      return loginFailed();
  }
}

const otherMethod = () =>
  new Problem(
    403,
    'reauthenticate-by-login',
    bilingual('Bekräfta genom att logga in igen', 'Confirm by logging in again'),
    bilingual('Du loggade in på ett annat sätt än som lokal administratör. Logga in igen på samma sätt för att bekräfta att det är du.', 'You did not log in as the local administrator. Log in again the same way to confirm it is you.'),
  );

function fields(body: unknown): Record<string, unknown> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  throw badRequest('invalid-local-login', bilingual('Skicka ett JSON-objekt med inloggningsuppgifterna.', 'Send a JSON object with the login details.'));
}

function text(body: Record<string, unknown>, name: string, max: number): string {
  const value = body[name];
  if (typeof value === 'string' && value.length > 0 && value.length <= max) return value;
  throw badRequest('invalid-local-login', bilingual(`Fältet ${name} saknas, är inte text eller är längre än ${max} tecken.`, `The field ${name} is missing, not text or longer than ${max} characters.`), { field: name });
}

function proofInput(body: unknown): Proof {
  const given = fields(body);
  // authenticator apps show the code as "123 456"
  return { password: text(given, 'password', 200), totp: text(given, 'totp', 20).replace(/\s/g, '') };
}

function loginInput(body: unknown): Proof & { username: string } {
  return { username: text(fields(body), 'username', 100).trim().toLowerCase(), ...proofInput(body) };
}

/** The session establishStaffSession just started, loaded from its cookie as every later request loads it. */
async function startedSession(db: Kysely<Database>, settings: StaffSessionSettings, req: Request, res: Response): Promise<StaffPrincipal> {
  const prefix = `${STAFF_SESSION_COOKIE}=`;
  const cookie = [res.getHeader('Set-Cookie') ?? []].flat().map(String).find((c) => c.startsWith(prefix));
  req.headers.cookie = cookie?.split(';')[0];
  await new Promise<void>((resolve, reject) => {
    Promise.resolve(loadStaffSession(db, settings)(req, res, (error?: unknown) => (error ? reject(error) : resolve()))).catch(reject);
  });
  const principal = staffOf(res);
  if (!principal) throw new Error('the staff session just started could not be loaded');
  return principal;
}

const PROOF_PROPERTIES = {
  password: { type: 'string', maxLength: 200 },
  totp: { type: 'string', description: 'The 6-digit code of the authenticator app (RFC 6238)', example: '123456' },
};
const PROOF_SCHEMA = { type: 'object', required: ['password', 'totp'], properties: PROOF_PROPERTIES };
const LOGIN_SCHEMA = { type: 'object', required: ['username', 'password', 'totp'], properties: { username: { type: 'string', maxLength: 100 }, ...PROOF_PROPERTIES } };

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const operation = (schema: object) => ({
  requestBody: jsonBody(schema),
  responses: {
    200: { description: 'The staff session (as GET /api/staff/session)', content: { 'application/json': { schema: { type: 'object' } } } },
    400: problem('Missing or malformed fields'),
    401: problem('Wrong username, password or code, or a code already used (one answer for all)'),
    403: problem('The local administrator is disabled'),
    429: problem('Locked after repeated failures; see Retry-After'),
  },
});
