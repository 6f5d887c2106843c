import { createHash, randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { Problem } from '../problems/problem.js';

/** The person an e-ID vouched for. */
export interface AuthenticatedPerson {
  /** 12 digits, ÅÅÅÅMMDDNNNN */
  personalIdentityNumber: string;
  givenName: string;
  surname: string;
  displayName: string;
}

export interface CitizenSession {
  municipalityId: string;
  person: AuthenticatedPerson;
  loa: number;
  /** 'bankid' or 'saml:<idp id>' */
  method: string;
  csrfToken: string;
  lastSeenAt: Date;
  /** When the session ends unless used: last use + idle timeout, capped by the absolute limit. */
  expiresAt: Date;
  saml?: { idp: string; nameId: string; nameIdFormat: string; sessionIndex: string | null };
}

export interface SessionSettings {
  /** Idle timeout in seconds; the session ends when unused this long. */
  idleSeconds: number;
  /** Absolute lifetime in seconds, however active. */
  absoluteSeconds: number;
  /** Send cookies with Secure (always in production; tests over http://127.0.0.1 too, browsers allow it). */
  secureCookies: boolean;
}

export const SESSION_COOKIE = 'etjanst_session';
export const CSRF_HEADER = 'x-csrf-token';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const randomToken = () => randomBytes(32).toString('base64url');

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function cookieOptions(settings: SessionSettings, maxAgeSeconds?: number) {
  return {
    httpOnly: true,
    secure: settings.secureCookies,
    sameSite: 'lax' as const,
    path: '/',
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds * 1000 }),
  };
}

/**
 * Starts a session after a successful e-ID login. Always a new token (no session fixation);
 * an earlier session of this browser is ended.
 */
export async function establishSession(
  db: Kysely<Database>,
  settings: SessionSettings,
  req: Request,
  res: Response,
  login: SessionLogin,
): Promise<CitizenSession> {
  await endSession(db, req);
  const { token, session } = await insertSession(db, settings, login);
  res.cookie(SESSION_COOKIE, token, cookieOptions(settings, settings.absoluteSeconds));
  return session;
}

export type SessionLogin = Omit<CitizenSession, 'csrfToken' | 'lastSeenAt' | 'expiresAt'>;

/** Stores a new session and returns its cookie token (only its hash is stored). */
export async function insertSession(
  db: Kysely<Database>,
  settings: SessionSettings,
  login: SessionLogin,
): Promise<{ token: string; session: CitizenSession }> {
  const token = randomToken();
  const now = new Date();
  const csrfToken = randomToken();
  await db
    .insertInto('sessions')
    .values({
      id_hash: sha256(token),
      municipality_id: login.municipalityId,
      personal_identity_number: login.person.personalIdentityNumber,
      given_name: login.person.givenName,
      surname: login.person.surname,
      display_name: login.person.displayName,
      loa: login.loa,
      method: login.method,
      csrf_token: csrfToken,
      saml_idp: login.saml?.idp ?? null,
      saml_name_id: login.saml?.nameId ?? null,
      saml_name_id_format: login.saml?.nameIdFormat ?? null,
      saml_session_index: login.saml?.sessionIndex ?? null,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + settings.absoluteSeconds * 1000),
    })
    .execute();
  const expiresAt = new Date(now.getTime() + settings.idleSeconds * 1000);
  return { token, session: { ...login, csrfToken, lastSeenAt: now, expiresAt } };
}

/** Ends the browser's session, if any, and returns what it was (for single logout). */
export async function endSession(db: Kysely<Database>, req: Request): Promise<CitizenSession | undefined> {
  const token = readCookie(req, SESSION_COOKIE);
  if (!token) return undefined;
  const row = await db
    .updateTable('sessions')
    .set({ ended_at: new Date() })
    .where('id_hash', '=', sha256(token))
    .where('ended_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row ? toSession(row, row.last_seen_at) : undefined;
}

/** Ends every session an IdP's single-logout names (by NameID and SessionIndex). */
export async function endSamlSessions(db: Kysely<Database>, idp: string, nameId: string, sessionIndex: string | undefined): Promise<number> {
  let query = db
    .updateTable('sessions')
    .set({ ended_at: new Date() })
    .where('saml_idp', '=', idp)
    .where('saml_name_id', '=', nameId)
    .where('ended_at', 'is', null);
  if (sessionIndex) query = query.where('saml_session_index', '=', sessionIndex);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

type SessionRow = Awaited<ReturnType<typeof findActiveRow>>;

async function findActiveRow(db: Kysely<Database>, token: string) {
  return db.selectFrom('sessions').selectAll().where('id_hash', '=', sha256(token)).where('ended_at', 'is', null).executeTakeFirst();
}

function toSession(row: NonNullable<SessionRow>, lastSeenAt: Date, idleSeconds = 0): CitizenSession {
  const idleEnd = new Date(lastSeenAt.getTime() + idleSeconds * 1000);
  return {
    municipalityId: row.municipality_id,
    person: {
      personalIdentityNumber: row.personal_identity_number,
      givenName: row.given_name,
      surname: row.surname,
      displayName: row.display_name,
    },
    loa: row.loa,
    method: row.method,
    csrfToken: row.csrf_token,
    lastSeenAt,
    expiresAt: idleEnd < row.expires_at ? idleEnd : row.expires_at,
    ...(row.saml_idp && row.saml_name_id
      ? { saml: { idp: row.saml_idp, nameId: row.saml_name_id, nameIdFormat: row.saml_name_id_format ?? '', sessionIndex: row.saml_session_index } }
      : {}),
  };
}

export const sessionExpired = () =>
  new Problem(
    401,
    'session-expired',
    bilingual('Du har loggats ut', 'You have been logged out'),
    bilingual('Din inloggning har gått ut eftersom den inte använts på en stund. Logga in igen.', 'Your login has expired because it was not used for a while. Please log in again.'),
  );

/** A session's last use is recorded at most once in this part of the idle timeout (30 s of the default 20 minutes). */
const TOUCH_PART_OF_IDLE = 1 / 40;

/**
 * Loads the browser's session into res.locals.session. A session unused longer than the idle
 * timeout, or older than the absolute limit, is ended and flagged as expired. With
 * `touch` false (the session status poll) using the page does not count as activity.
 */
export function loadSession(db: Kysely<Database>, settings: SessionSettings): RequestHandler {
  return async (req, res, next) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (!token) return next();
    const row = await findActiveRow(db, token);
    if (!row) {
      res.clearCookie(SESSION_COOKIE, cookieOptions(settings));
      return next();
    }
    const now = new Date();
    const idleEnd = row.last_seen_at.getTime() + settings.idleSeconds * 1000;
    if (now.getTime() > idleEnd || now > row.expires_at) {
      await db.updateTable('sessions').set({ ended_at: now }).where('id_hash', '=', row.id_hash).execute();
      res.clearCookie(SESSION_COOKIE, cookieOptions(settings));
      // public pages stay public; what needs the login answers session-expired (requireSession)
      res.locals.sessionExpired = true;
      return next();
    }
    // use counts as activity, written at most once in a fortieth of the idle timeout: a busy
    // citizen's requests (autosaves, steps, the submission) are not each a write
    const touch = req.get('x-session-touch') !== 'false' && now.getTime() - row.last_seen_at.getTime() >= settings.idleSeconds * 1000 * TOUCH_PART_OF_IDLE;
    if (touch) await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', row.id_hash).execute();
    res.locals.session = toSession(row, touch ? now : row.last_seen_at, settings.idleSeconds);
    next();
  };
}

export const sessionOf = (res: Response): CitizenSession | undefined => res.locals.session as CitizenSession | undefined;

/** The session, required: 401 when the browser is not logged in (to this municipality). */
export function requireSession(res: Response, municipalityId: string): CitizenSession {
  const session = sessionOf(res);
  if (!session && res.locals.sessionExpired === true) throw sessionExpired();
  if (!session || session.municipalityId !== municipalityId) {
    throw new Problem(401, 'login-required', bilingual('Inloggning krävs', 'Login required'), bilingual('Logga in med e-legitimation för att fortsätta.', 'Log in with an e-ID to continue.'));
  }
  return session;
}
