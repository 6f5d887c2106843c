import type { Kysely } from 'kysely';
import type { RoleGrant, StaffRole } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';

/** A staff member as access control sees them: who, and what they may do. */
export interface StaffAccount {
  id: string;
  displayName: string;
  email: string | null;
  personalIdentityNumber: string | null;
  disabled: boolean;
}

/** What a login method learned about the person, to find or create their account. */
export interface StaffLoginIdentity {
  /** 'local', 'oidc:<provider id>', 'saml:<idp id>', 'e-id' */
  provider: string;
  /** Stable id at the provider (SAML NameID or attribute, OIDC `sub`, personal identity number) */
  subject: string;
  displayName: string;
  email?: string | null;
  personalIdentityNumber?: string | null;
}

type AccountRow = { id: string; display_name: string; email: string | null; personal_identity_number: string | null; disabled_at: Date | null };
const toAccount = (r: AccountRow): StaffAccount => ({
  id: r.id,
  displayName: r.display_name,
  email: r.email,
  personalIdentityNumber: r.personal_identity_number,
  disabled: r.disabled_at !== null,
});

export async function findAccount(db: Kysely<Database>, id: string): Promise<StaffAccount | undefined> {
  const row = await db.selectFrom('staff_accounts').select(['id', 'display_name', 'email', 'personal_identity_number', 'disabled_at']).where('id', '=', id).executeTakeFirst();
  return row && toAccount(row);
}

export async function findAccountByLogin(db: Kysely<Database>, provider: string, subject: string): Promise<StaffAccount | undefined> {
  const row = await db
    .selectFrom('staff_logins')
    .innerJoin('staff_accounts', 'staff_accounts.id', 'staff_logins.account_id')
    .select(['staff_accounts.id', 'display_name', 'email', 'personal_identity_number', 'disabled_at'])
    .where('provider', '=', provider)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row && toAccount(row);
}

/**
 * The account a login leads to, created on first login (SSO users are provisioned just in time;
 * their roles come from group mappings or an administrator). Name and e-mail follow the IdP.
 */
export async function accountForLogin(db: Kysely<Database>, identity: StaffLoginIdentity): Promise<StaffAccount> {
  return db.transaction().execute(async (trx) => {
    const existing = await findAccountByLogin(trx, identity.provider, identity.subject);
    if (existing) {
      await trx
        .updateTable('staff_accounts')
        .set({ display_name: identity.displayName, ...(identity.email ? { email: identity.email } : {}) })
        .where('id', '=', existing.id)
        .execute();
      await trx.updateTable('staff_logins').set({ last_login_at: new Date() }).where('provider', '=', identity.provider).where('subject', '=', identity.subject).execute();
      return { ...existing, displayName: identity.displayName, email: identity.email ?? existing.email };
    }
    const created = await createAccount(trx, identity);
    await trx.updateTable('staff_logins').set({ last_login_at: new Date() }).where('provider', '=', identity.provider).where('subject', '=', identity.subject).execute();
    return created;
  });
}

/** A new account with its first login (used by login provisioning, the admin CLI and the staff register). */
export async function createAccount(db: Kysely<Database>, identity: StaffLoginIdentity): Promise<StaffAccount> {
  const row = await db
    .insertInto('staff_accounts')
    .values({ display_name: identity.displayName, email: identity.email ?? null, personal_identity_number: identity.personalIdentityNumber ?? null })
    .returning(['id', 'display_name', 'email', 'personal_identity_number', 'disabled_at'])
    .executeTakeFirstOrThrow();
  await db.insertInto('staff_logins').values({ provider: identity.provider, subject: identity.subject, account_id: row.id }).execute();
  return toAccount(row);
}

export async function grantsOf(db: Kysely<Database>, accountId: string): Promise<RoleGrant[]> {
  const rows = await db
    .selectFrom('staff_role_grants')
    .select(['role', 'municipality_id', 'department_id'])
    .where('account_id', '=', accountId)
    .orderBy('municipality_id')
    .orderBy('role')
    .orderBy('department_id')
    .execute();
  const seen = new Set<string>();
  const grants: RoleGrant[] = [];
  for (const r of rows) {
    const key = `${r.role}|${r.municipality_id ?? ''}|${r.department_id ?? ''}`;
    if (seen.has(key)) continue; // the same role both by hand and by group
    seen.add(key);
    grants.push({ role: r.role, municipalityId: r.municipality_id, departmentId: r.department_id });
  }
  return grants;
}

export interface NewGrant extends RoleGrant {
  source?: 'manual' | 'group';
  grantedBy: string;
}

/** Adds a grant; one that exists already is left as it is. */
export async function addGrant(db: Kysely<Database>, accountId: string, grant: NewGrant): Promise<void> {
  await db
    .insertInto('staff_role_grants')
    .values({
      account_id: accountId,
      role: grant.role,
      municipality_id: grant.role === 'platform-admin' ? null : grant.municipalityId,
      department_id: grant.departmentId,
      source: grant.source ?? 'manual',
      granted_by: grant.grantedBy,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Replaces the grants an identity provider's groups gave, at each login of that person. */
export async function replaceGroupGrants(db: Kysely<Database>, accountId: string, grants: RoleGrant[], grantedBy: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('staff_role_grants').where('account_id', '=', accountId).where('source', '=', 'group').execute();
    for (const grant of grants) await addGrant(trx, accountId, { ...grant, source: 'group', grantedBy });
  });
}

/** How many accounts hold `role` in a municipality (to refuse removing the last administrator). */
export async function countRoleHolders(db: Kysely<Database>, role: StaffRole, municipalityId: string): Promise<number> {
  const row = await db
    .selectFrom('staff_role_grants')
    .innerJoin('staff_accounts', 'staff_accounts.id', 'staff_role_grants.account_id')
    .select((eb) => eb.fn.count<string>('staff_role_grants.account_id').distinct().as('n'))
    .where('role', '=', role)
    .where('municipality_id', '=', municipalityId)
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The roles an identity provider's groups give: each mapping names a provider's group (an AD
 * group, an Entra ID group object id, an OIDC `groups` value) and the grant it carries.
 */
export async function grantsFromGroups(db: Kysely<Database>, provider: string, groups: readonly string[]): Promise<RoleGrant[]> {
  if (groups.length === 0) return [];
  const rows = await db
    .selectFrom('staff_group_mappings')
    .select(['role', 'municipality_id', 'department_id'])
    .where('provider', '=', provider)
    .where('group_name', 'in', [...groups])
    .execute();
  return rows.map((r) => ({ role: r.role, municipalityId: r.municipality_id, departmentId: r.department_id }));
}
