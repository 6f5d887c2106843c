import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RoleGrant } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { randomToken } from '../identity/sessions.js';
import { addGrant, createAccount } from '../staff/accounts.js';
import { accountByEId } from '../staff/register/register.js';
import { insertStaffSession, STAFF_CSRF_HEADER, STAFF_SESSION_COOKIE, type StaffSessionSettings } from '../staff/sessions.js';

export interface StaffSignIn {
  accountId: string;
  cookie: string;
  csrfToken: string;
  /** Cookie and CSRF header, and JSON, as the staff pages send them */
  headers: Record<string, string>;
}

const TEST_STAFF_SESSIONS: StaffSessionSettings = { idleSeconds: 1200, absoluteSeconds: 8 * 3600, reauthenticateSeconds: 600, secureCookies: true };

/**
 * A staff member with the given roles and a session, as a login method leaves them (account,
 * login, grants, session row): for tests of what staff may do, not of how they log in.
 */
export async function signInStaff(db: Kysely<Database>, grants: RoleGrant[], displayName = 'Testa Personal'): Promise<StaffSignIn> {
  const account = await createAccount(db, { provider: 'test', subject: randomToken(), displayName, email: null });
  for (const grant of grants) await addGrant(db, account.id, { ...grant, grantedBy: 'test' });
  return signInAccount(db, account.id);
}

/** A new session of an existing account (e.g. a demo handler), with the grants it has. */
export async function signInAccount(db: Kysely<Database>, accountId: string): Promise<StaffSignIn> {
  const token = await insertStaffSession(db, TEST_STAFF_SESSIONS, accountId, 'test');
  const { csrf_token: csrfToken } = await db.selectFrom('staff_sessions').select('csrf_token').where('id_hash', '=', createHash('sha256').update(token).digest('hex')).executeTakeFirstOrThrow();
  const cookie = `${STAFF_SESSION_COOKIE}=${token}`;
  return { accountId, cookie, csrfToken, headers: { cookie, [STAFF_CSRF_HEADER]: csrfToken } };
}

/** A session of a person in the staff register (a demo handler), as their e-ID login would start it. */
export async function signInByEId(db: Kysely<Database>, personalIdentityNumber: string): Promise<StaffSignIn> {
  const account = await accountByEId(db, personalIdentityNumber);
  if (!account) throw new Error(`${personalIdentityNumber} is not in the staff register`);
  return signInAccount(db, account.id);
}

/** Every role in every municipality of the database: the administrator that tests set up e-services as. */
export async function allRoleGrants(db: Kysely<Database>): Promise<RoleGrant[]> {
  const municipalities = await db.selectFrom('municipalities').select('id').orderBy('id').execute();
  return [
    { role: 'platform-admin', municipalityId: null, departmentId: null },
    ...municipalities.flatMap(({ id }) =>
      (['municipality-admin', 'designer', 'approver', 'handler', 'statistics-reader'] as const).map((role) => ({ role, municipalityId: id, departmentId: null })),
    ),
  ];
}
