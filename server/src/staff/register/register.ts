import type { Kysely } from 'kysely';
import type { StaffRole } from '@etjanst/schemas';
import type { Database } from '../../db/tables.js';
import { createAccount, findAccountByLogin, type StaffAccount } from '../accounts.js';

/**
 * The staff register of a municipality: the people who hold a role there and their grants. A
 * person is known by their e-ID (the personal identity number is the subject of their 'e-id'
 * login), so the register also decides who may log in with an e-ID as staff.
 */
export const E_ID_PROVIDER = 'e-id';

export interface RegisterGrant {
  id: string;
  role: StaffRole;
  departmentId: string | null;
  /** 'group': given by an identity provider's group at each login, not by the register */
  source: 'manual' | 'group';
}

export interface RegisterMember {
  /** The staff account's id */
  id: string;
  name: string;
  email: string | null;
  personalIdentityNumber: string | null;
  /** Only the grants in this municipality */
  grants: RegisterGrant[];
}

/** Everyone holding a role in the municipality, by name, with their grants there. */
export async function listRegister(db: Kysely<Database>, municipalityId: string, accountId?: string): Promise<RegisterMember[]> {
  let query = db
    .selectFrom('staff_role_grants as g')
    .innerJoin('staff_accounts as a', 'a.id', 'g.account_id')
    .select(['a.id as account_id', 'a.display_name', 'a.email', 'a.personal_identity_number', 'g.id', 'g.role', 'g.department_id', 'g.source'])
    .where('g.municipality_id', '=', municipalityId);
  if (accountId !== undefined) query = query.where('a.id', '=', accountId);
  const rows = await query.orderBy('a.display_name').orderBy('a.id').orderBy('g.role').orderBy('g.department_id').execute();
  const members = new Map<string, RegisterMember>();
  for (const r of rows) {
    const member = members.get(r.account_id) ?? { id: r.account_id, name: r.display_name, email: r.email, personalIdentityNumber: r.personal_identity_number, grants: [] };
    member.grants.push({ id: r.id, role: r.role, departmentId: r.department_id, source: r.source });
    members.set(r.account_id, member);
  }
  return [...members.values()];
}

export interface RegisterPerson {
  personalIdentityNumber: string;
  name: string;
  email: string;
}

/**
 * The account of the person with this e-ID, created (with its e-ID login) when there is none.
 * An existing account keeps its name and e-mail: it is the installation's, and may be in other
 * municipalities' registers too.
 */
export async function enrolPerson(db: Kysely<Database>, person: RegisterPerson): Promise<{ account: StaffAccount; created: boolean }> {
  const existing = await findAccountByLogin(db, E_ID_PROVIDER, person.personalIdentityNumber);
  if (existing) return { account: existing, created: false };
  const account = await createAccount(db, {
    provider: E_ID_PROVIDER,
    subject: person.personalIdentityNumber,
    displayName: person.name,
    email: person.email,
    personalIdentityNumber: person.personalIdentityNumber,
  });
  return { account, created: true };
}

/** The account whose e-ID login is this personal identity number (how every staff e-ID login ends). */
export const accountByEId = (db: Kysely<Database>, personalIdentityNumber: string) => findAccountByLogin(db, E_ID_PROVIDER, personalIdentityNumber);

/**
 * The case handlers of a department, to assign cases to: handler grants there or for every
 * department of the municipality, on accounts not switched off.
 */
export async function handlersOf(db: Kysely<Database>, municipalityId: string, departmentId: string): Promise<{ id: string; name: string; email: string | null }[]> {
  return db
    .selectFrom('staff_accounts as a')
    .select(['a.id', 'a.display_name as name', 'a.email'])
    .where('a.disabled_at', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('staff_role_grants as g')
          .select('g.id')
          .whereRef('g.account_id', '=', 'a.id')
          .where('g.role', '=', 'handler')
          .where('g.municipality_id', '=', municipalityId)
          .where((eb) => eb.or([eb('g.department_id', '=', departmentId), eb('g.department_id', 'is', null)])),
      ),
    )
    .orderBy('a.display_name')
    .orderBy('a.id')
    .execute();
}
