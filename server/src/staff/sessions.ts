import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import type { RoleGrant, StaffSessionView } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { randomToken, readCookie } from '../identity/sessions.js';
import { findAccount, grantsOf, type StaffAccount } from './accounts.js';

/**
 * Staff sessions are apart from citizen sessions: their own cookie, SameSite=Strict (no staff
 * request is ever started by another site), a shorter idle time, and a record of when the person
 * last proved who they are, for actions that ask for a recent login.
 */
export interface StaffSessionSettings {
  idleSeconds: number;
  absoluteSeconds: number;
  /** How recent the last login must be for sensitive actions (role changes, secret rotation) */
  reauthenticateSeconds: number;
  secureCookies: boolean;
}

export const DEFAULT_STAFF_SESSION_SETTINGS: Omit<StaffSessionSettings, 'secureCookies'> = {
  idleSeconds: 15 * 60,
  absoluteSeconds: 10 * 3600,
  reauthenticateSeconds: 10 * 60,
};

export const STAFF_SESSION_COOKIE = 'etjanst_staff';
export const STAFF_CSRF_HEADER = 'x-staff-csrf-token';

/** The staff member a request runs as. */
export interface StaffPrincipal {
  account: StaffAccount;
  grants: RoleGrant[];
  method: string;
  csrfToken: string;
  authenticatedAt: Date;
  expiresAt: Date;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function staffCookieOptions(settings: StaffSessionSettings, maxAgeSeconds?: number) {
  return {
    httpOnly: true,
    secure: settings.secureCookies,
    sameSite: 'strict' as const,
    path: '/',
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds * 1000 }),
  };
}

/** Stores a new staff session and returns its cookie token (only the hash is stored). */
export async function insertStaffSession(db: Kysely<Database>, settings: StaffSessionSettings, accountId: string, method: string): Promise<string> {
  const token = randomToken();
  const now = new Date();
  await db
    .insertInto('staff_sessions')
    .values({
      id_hash: sha256(token),
      account_id: accountId,
      method,
      csrf_token: randomToken(),
      authenticated_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + settings.absoluteSeconds * 1000),
    })
    .execute();
  return token;
}

/** Starts a staff session after a login; any earlier staff session of this browser ends (no fixation). */
export async function establishStaffSession(
  db: Kysely<Database>,
  settings: StaffSessionSettings,
  req: Request,
  res: Response,
  login: { accountId: string; method: string },
): Promise<void> {
  await endStaffSession(db, req);
  const token = await insertStaffSession(db, settings, login.accountId, login.method);
  res.cookie(STAFF_SESSION_COOKIE, token, staffCookieOptions(settings, settings.absoluteSeconds));
}

export async function endStaffSession(db: Kysely<Database>, req: Request): Promise<void> {
  const token = readCookie(req, STAFF_SESSION_COOKIE);
  if (!token) return;
  await db.updateTable('staff_sessions').set({ ended_at: new Date() }).where('id_hash', '=', sha256(token)).where('ended_at', 'is', null).execute();
}

/** Ends every session of an account (disabled account, roles taken away by an administrator). */
export async function endStaffSessionsOf(db: Kysely<Database>, accountId: string): Promise<void> {
  await db.updateTable('staff_sessions').set({ ended_at: new Date() }).where('account_id', '=', accountId).where('ended_at', 'is', null).execute();
}

/** Records a fresh proof of identity in the current session (re-authentication). */
export async function markReauthenticated(db: Kysely<Database>, req: Request): Promise<void> {
  const token = readCookie(req, STAFF_SESSION_COOKIE);
  if (token) await db.updateTable('staff_sessions').set({ authenticated_at: new Date() }).where('id_hash', '=', sha256(token)).execute();
}

/**
 * Loads the browser's staff session, its account and its current grants into res.locals.staff.
 * Grants are read on every request, so a role taken away takes effect at once. An idle or too
 * old session is ended and flagged, so staff routes answer 'staff-session-expired'.
 */
export function loadStaffSession(db: Kysely<Database>, settings: StaffSessionSettings): RequestHandler {
  return async (req, res, next) => {
    const token = readCookie(req, STAFF_SESSION_COOKIE);
    if (!token) return next();
    const row = await db.selectFrom('staff_sessions').selectAll().where('id_hash', '=', sha256(token)).where('ended_at', 'is', null).executeTakeFirst();
    const now = new Date();
    const idleEnd = row && new Date(row.last_seen_at.getTime() + settings.idleSeconds * 1000);
    const account = row && (await findAccount(db, row.account_id));
    if (!row || !idleEnd || !account || account.disabled || now > idleEnd || now > row.expires_at) {
      if (row) await db.updateTable('staff_sessions').set({ ended_at: now }).where('id_hash', '=', row.id_hash).execute();
      res.clearCookie(STAFF_SESSION_COOKIE, staffCookieOptions(settings));
      res.locals.staffSessionExpired = row !== undefined;
      return next();
    }
    const touch = req.get('x-session-touch') !== 'false';
    if (touch) await db.updateTable('staff_sessions').set({ last_seen_at: now }).where('id_hash', '=', row.id_hash).execute();
    const seen = touch ? now : row.last_seen_at;
    const idle = new Date(seen.getTime() + settings.idleSeconds * 1000);
    res.locals.staff = {
      account,
      grants: await grantsOf(db, account.id),
      method: row.method,
      csrfToken: row.csrf_token,
      authenticatedAt: row.authenticated_at,
      expiresAt: idle < row.expires_at ? idle : row.expires_at,
    } satisfies StaffPrincipal;
    next();
  };
}

export const staffOf = (res: Response): StaffPrincipal | undefined => res.locals.staff as StaffPrincipal | undefined;

export function staffSessionView(staff: StaffPrincipal, settings: StaffSessionSettings): StaffSessionView {
  return {
    authenticated: true,
    accountId: staff.account.id,
    displayName: staff.account.displayName,
    email: staff.account.email,
    method: staff.method,
    grants: staff.grants,
    csrfToken: staff.csrfToken,
    expiresAt: staff.expiresAt.toISOString(),
    idleSeconds: settings.idleSeconds,
  };
}

/** The audit log's actor for a staff account: stable id and the name at the time. */
export const accountActor = (account: Pick<StaffAccount, 'id' | 'displayName'>) => `staff:${account.id} (${account.displayName})`;

/** The audit log's actor for the staff member a request runs as. */
export const staffActor = (staff: StaffPrincipal) => accountActor(staff.account);
