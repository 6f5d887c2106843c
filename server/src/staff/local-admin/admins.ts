import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import { recordAudit } from '../../audit/audit-log.js';
import type { Database } from '../../db/tables.js';
import { badRequest, conflict, notFound } from '../../problems/problem.js';
import { addGrant, createAccount } from '../accounts.js';
import { endStaffSessionsOf } from '../sessions.js';
import { generatePassword, hashPassword, newTotpSecret, sealTotpSecret, totpEnrolment } from './credentials.js';

/**
 * The local break-glass administrators: created, reset, disabled and enabled by the admin CLI
 * (and once by `npm start` for the demo). Each is a staff account with the login ('local',
 * username) and the platform-admin grant. Every change is audited as an installation event.
 */

export const LOCAL_PROVIDER = 'local';

/** What the person is shown once, when created or reset, and never again. */
export interface LocalAdminCredentials {
  username: string;
  password: string;
  totp: { base32: string; uri: string };
}

export interface LocalAdminSummary {
  username: string;
  displayName: string;
  email: string | null;
  disabled: boolean;
  lockedUntil: Date | null;
  demo: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

const USERNAME = /^[a-z][a-z0-9._-]{1,62}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

const unknownAdmin = (username: string) => notFound(bilingual(`Den lokala administratören ${username}`, `The local administrator ${username}`));

export function normalUsername(raw: string): string {
  const username = raw.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw badRequest(
      'invalid-username',
      bilingual(
        'Användarnamnet ska vara 2–63 tecken: a–z, siffror, punkt, bindestreck eller understreck, och börja med en bokstav.',
        'The username must be 2–63 characters: a–z, digits, dot, hyphen or underscore, starting with a letter.',
      ),
    );
  }
  return username;
}

/** A new password and TOTP secret, the secret sealed under the password. */
async function newCredentials(adminId: string, username: string) {
  const password = generatePassword();
  const secret = newTotpSecret();
  const { sealed, keySalt } = await sealTotpSecret(secret, password, adminId);
  return {
    shown: { username, password, totp: totpEnrolment(secret, username) } satisfies LocalAdminCredentials,
    stored: { password_hash: await hashPassword(password), totp_secret_sealed: sealed, key_salt: keySalt },
  };
}

export async function createLocalAdmin(
  db: Kysely<Database>,
  input: { username: string; displayName: string; email?: string | undefined; demo?: boolean },
  actor: string,
): Promise<LocalAdminCredentials> {
  const username = normalUsername(input.username);
  const displayName = input.displayName.trim();
  if (displayName.length === 0 || displayName.length > 200) throw badRequest('invalid-name', bilingual('Ange ett namn på 1–200 tecken.', 'Give a name of 1–200 characters.'));
  const email = input.email?.trim() || null;
  if (email !== null && !EMAIL.test(email)) throw badRequest('invalid-email', bilingual(`${email} är ingen e-postadress.`, `${email} is not an e-mail address.`));
  const id = randomUUID();
  const { shown, stored } = await newCredentials(id, username);
  await db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('staff_logins').select('account_id').where('provider', '=', LOCAL_PROVIDER).where('subject', '=', username).executeTakeFirst();
    if (taken) throw conflict('local-admin-exists', bilingual(`Den lokala administratören ${username} finns redan. Använd reset för nya uppgifter.`, `The local administrator ${username} exists already. Use reset for new credentials.`));
    const account = await createAccount(trx, { provider: LOCAL_PROVIDER, subject: username, displayName, email });
    await addGrant(trx, account.id, { role: 'platform-admin', municipalityId: null, departmentId: null, grantedBy: actor });
    await trx.insertInto('local_admins').values({ id, username, account_id: account.id, demo: input.demo ?? false, ...stored }).execute();
    await recordAudit(trx, { municipalityId: null, actor, action: 'local-admin.created', subjectType: 'staff-account', subjectId: account.id, details: { username, demo: input.demo ?? false } });
  });
  return shown;
}

/** New password and TOTP secret; unlocks, and ends the administrator's sessions (the old credentials may be known to someone). */
export async function resetLocalAdmin(db: Kysely<Database>, rawUsername: string, actor: string): Promise<LocalAdminCredentials> {
  const username = normalUsername(rawUsername);
  const admin = await db.selectFrom('local_admins').select(['id', 'account_id']).where('username', '=', username).executeTakeFirst();
  if (!admin) throw unknownAdmin(username);
  const { shown, stored } = await newCredentials(admin.id, username);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('local_admins').set({ ...stored, last_totp_step: null, failed_attempts: 0, locked_until: null }).where('id', '=', admin.id).execute();
    await endStaffSessionsOf(trx, admin.account_id);
    await recordAudit(trx, { municipalityId: null, actor, action: 'local-admin.reset', subjectType: 'staff-account', subjectId: admin.account_id, details: { username } });
  });
  return shown;
}

/** Switches the administrator's login off (ending its sessions) or on again. */
export async function setLocalAdminDisabled(db: Kysely<Database>, rawUsername: string, disabled: boolean, actor: string): Promise<void> {
  const username = normalUsername(rawUsername);
  await db.transaction().execute(async (trx) => {
    const admin = await trx
      .updateTable('local_admins')
      .set({ disabled_at: disabled ? new Date() : null })
      .where('username', '=', username)
      .returning('account_id')
      .executeTakeFirst();
    if (!admin) throw unknownAdmin(username);
    if (disabled) await endStaffSessionsOf(trx, admin.account_id);
    await recordAudit(trx, { municipalityId: null, actor, action: disabled ? 'local-admin.disabled' : 'local-admin.enabled', subjectType: 'staff-account', subjectId: admin.account_id, details: { username } });
  });
}

export async function listLocalAdmins(db: Kysely<Database>): Promise<LocalAdminSummary[]> {
  const rows = await db
    .selectFrom('local_admins')
    .innerJoin('staff_accounts', 'staff_accounts.id', 'local_admins.account_id')
    .select(['username', 'display_name', 'email', 'local_admins.disabled_at', 'locked_until', 'demo', 'local_admins.created_at', 'last_login_at'])
    .orderBy('username')
    .execute();
  return rows.map((r) => ({
    username: r.username,
    displayName: r.display_name,
    email: r.email,
    disabled: r.disabled_at !== null,
    lockedUntil: r.locked_until,
    demo: r.demo,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
  }));
}

/** The administrator's stored credentials and state, with its account's name and whether the account itself is disabled. */
export async function findLocalAdmin(db: Kysely<Database>, by: { username: string } | { accountId: string }) {
  return db
    .selectFrom('local_admins')
    .innerJoin('staff_accounts', 'staff_accounts.id', 'local_admins.account_id')
    .select([
      'local_admins.id',
      'username',
      'account_id',
      'password_hash',
      'totp_secret_sealed',
      'key_salt',
      'last_totp_step',
      'failed_attempts',
      'locked_until',
      'demo',
      'display_name',
      'local_admins.disabled_at',
      'staff_accounts.disabled_at as account_disabled_at',
    ])
    .where((eb) => ('username' in by ? eb('username', '=', by.username) : eb('account_id', '=', by.accountId)))
    .executeTakeFirst();
}

export type LocalAdminRecord = NonNullable<Awaited<ReturnType<typeof findLocalAdmin>>>;
