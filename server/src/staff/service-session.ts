import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RoleGrant } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { randomToken } from '../identity/sessions.js';
import { addGrant, createAccount } from './accounts.js';
import { insertStaffSession, STAFF_CSRF_HEADER, STAFF_SESSION_COOKIE, type StaffSessionSettings } from './sessions.js';

export interface ServiceSession {
  accountId: string;
  cookie: string;
  csrfToken: string;
  /** The cookie and CSRF header a staff request sends */
  headers: Record<string, string>;
}

/**
 * A staff account with the given grants and a session on it, made directly rather than through a
 * login: for a process that runs the platform's own app in-process on a throw-away database (the
 * check CLI), and for tests of what staff may do. Never for a database people use.
 */
export async function openServiceSession(
  db: Kysely<Database>,
  settings: StaffSessionSettings,
  grants: RoleGrant[],
  { displayName, provider }: { displayName: string; provider: string },
): Promise<ServiceSession> {
  const account = await createAccount(db, { provider, subject: randomToken(), displayName, email: null });
  for (const grant of grants) await addGrant(db, account.id, { ...grant, grantedBy: provider });
  return openSessionOf(db, settings, account.id, provider);
}

/** A new session of an existing account, with the grants it has. */
export async function openSessionOf(db: Kysely<Database>, settings: StaffSessionSettings, accountId: string, method: string): Promise<ServiceSession> {
  const token = await insertStaffSession(db, settings, accountId, method);
  const { csrf_token: csrfToken } = await db.selectFrom('staff_sessions').select('csrf_token').where('id_hash', '=', createHash('sha256').update(token).digest('hex')).executeTakeFirstOrThrow();
  const cookie = `${STAFF_SESSION_COOKIE}=${token}`;
  return { accountId, cookie, csrfToken, headers: { cookie, [STAFF_CSRF_HEADER]: csrfToken } };
}
