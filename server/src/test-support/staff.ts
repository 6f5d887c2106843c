import type { Kysely } from 'kysely';
import type { RoleGrant } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { accountByEId } from '../staff/register/register.js';
import { openServiceSession, openSessionOf, type ServiceSession } from '../staff/service-session.js';
import type { StaffSessionSettings } from '../staff/sessions.js';

export type StaffSignIn = ServiceSession;

const TEST_STAFF_SESSIONS: StaffSessionSettings = { idleSeconds: 1200, absoluteSeconds: 8 * 3600, reauthenticateSeconds: 600, secureCookies: true };

/**
 * A staff member with the given roles and a session, as a login method leaves them (account,
 * login, grants, session row): for tests of what staff may do, not of how they log in.
 */
export const signInStaff = (db: Kysely<Database>, grants: RoleGrant[], displayName = 'Testa Personal'): Promise<StaffSignIn> =>
  openServiceSession(db, TEST_STAFF_SESSIONS, grants, { displayName, provider: 'test' });

/** A new session of an existing account (e.g. a demo handler), with the grants it has. */
export const signInAccount = (db: Kysely<Database>, accountId: string): Promise<StaffSignIn> => openSessionOf(db, TEST_STAFF_SESSIONS, accountId, 'test');

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
