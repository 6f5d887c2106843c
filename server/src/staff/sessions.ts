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
  /** When the person last proved who they are; null when their identity provider did not say (never recent) */
  authenticatedAt: Date | null;
  expiresAt: Date;
}

/**
 * What a single sign-on login adds to its session: when the identity provider authenticated the
 * person (its auth_time or AuthnInstant, not our clock), and what single logout at it needs.
 */
export interface SsoSessionFacts {
  /** null when the provider did not say: the login then never counts as a recent one */
  authenticatedAt: Date | null;
  /** OIDC: the ID token, the id_token_hint of RP-initiated logout (kept here, never in the cookie) */
  idToken?: string | undefined;
  /** SAML: the assertion's NameID and SessionIndex, for LogoutRequests both ways */
  saml?: { nameId: string; nameIdFormat: string | null; sessionIndex: string | null } | undefined;
}

/** A staff session that has just ended, with what single logout at its identity provider needs. */
export interface EndedStaffSession {
  accountId: string;
  method: string;
  idToken: string | null;
  saml: { nameId: string; nameIdFormat: string | null; sessionIndex: string | null } | null;
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
export async function insertStaffSession(db: Kysely<Database>, settings: StaffSessionSettings, accountId: string, method: string, sso?: SsoSessionFacts): Promise<string> {
  const token = randomToken();
  const now = new Date();
  await db
    .insertInto('staff_sessions')
    .values({
      id_hash: sha256(token),
      account_id: accountId,
      method,
      csrf_token: randomToken(),
      // our own clock only for the logins we check ourselves (e-ID, the local administrator)
      authenticated_at: sso ? sso.authenticatedAt : now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + settings.absoluteSeconds * 1000),
      oidc_id_token: sso?.idToken ?? null,
      saml_name_id: sso?.saml?.nameId ?? null,
      saml_name_id_format: sso?.saml?.nameIdFormat ?? null,
      saml_session_index: sso?.saml?.sessionIndex ?? null,
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
  login: { accountId: string; method: string; sso?: SsoSessionFacts },
): Promise<void> {
  await endStaffSession(db, req);
  const token = await insertStaffSession(db, settings, login.accountId, login.method, login.sso);
  res.cookie(STAFF_SESSION_COOKIE, token, staffCookieOptions(settings, settings.absoluteSeconds));
}

/** What ending a session sets: the ID token is needed no longer (single logout has taken it). */
const ended = () => ({ ended_at: new Date(), oidc_id_token: null });

/** Ends the browser's staff session; returns it when there was one, for single logout. */
export async function endStaffSession(db: Kysely<Database>, req: Request): Promise<EndedStaffSession | undefined> {
  const token = readCookie(req, STAFF_SESSION_COOKIE);
  if (!token) return undefined;
  const row = await db
    .selectFrom('staff_sessions')
    .select(['id_hash', 'account_id', 'method', 'oidc_id_token', 'saml_name_id', 'saml_name_id_format', 'saml_session_index'])
    .where('id_hash', '=', sha256(token))
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const result = await db.updateTable('staff_sessions').set(ended()).where('id_hash', '=', row.id_hash).where('ended_at', 'is', null).executeTakeFirst();
  if (result.numUpdatedRows === 0n) return undefined; // ended meanwhile by another request
  return {
    accountId: row.account_id,
    method: row.method,
    idToken: row.oidc_id_token,
    saml: row.saml_name_id ? { nameId: row.saml_name_id, nameIdFormat: row.saml_name_id_format, sessionIndex: row.saml_session_index } : null,
  };
}

/** Ends every session of an account (disabled account, roles taken away by an administrator). */
export async function endStaffSessionsOf(db: Kysely<Database>, accountId: string): Promise<void> {
  await db.updateTable('staff_sessions').set(ended()).where('account_id', '=', accountId).where('ended_at', 'is', null).execute();
}

/**
 * Ends the sessions a SAML IdP's LogoutRequest names: its NameID and, when given, its
 * SessionIndex (SAML core 3.7.3.2), among the logins through that IdP. Returns the accounts.
 */
export async function endSamlStaffSessions(db: Kysely<Database>, method: string, nameId: string, sessionIndex: string | undefined): Promise<string[]> {
  let query = db.updateTable('staff_sessions').set(ended()).where('method', '=', method).where('saml_name_id', '=', nameId).where('ended_at', 'is', null);
  if (sessionIndex) query = query.where('saml_session_index', '=', sessionIndex);
  return (await query.returning('account_id').execute()).map((row) => row.account_id);
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
      if (row) await db.updateTable('staff_sessions').set(ended()).where('id_hash', '=', row.id_hash).execute();
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
