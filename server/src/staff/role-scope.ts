import type { Kysely } from 'kysely';
import { bilingual, DEPARTMENT_ROLES, isStaffRole, STAFF_ROLES, type StaffRole } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { unprocessable } from '../problems/problem.js';

/** Roles a municipality administrator gives (by hand or by group mapping); the platform administrator is the installation's. */
export const MUNICIPALITY_ROLES: readonly StaffRole[] = STAFF_ROLES.filter((role) => role !== 'platform-admin');

/**
 * A role in one municipality, from what a municipality administrator sent: a role they may give,
 * and for the roles held per department either none (every department) or one of this
 * municipality's departments. Refusals name the field.
 */
export async function parseMunicipalRole(db: Kysely<Database>, municipalityId: string, role: unknown, departmentId: unknown): Promise<{ role: StaffRole; departmentId: string | null }> {
  if (!isStaffRole(role) || !MUNICIPALITY_ROLES.includes(role)) {
    throw unprocessable(
      'role-invalid',
      bilingual(`Rollen ”${String(role)}” kan inte ges här. Välj en av: ${MUNICIPALITY_ROLES.join(', ')}.`, `The role “${String(role)}” cannot be given here. Choose one of: ${MUNICIPALITY_ROLES.join(', ')}.`),
      { field: 'role', allowed: MUNICIPALITY_ROLES },
    );
  }
  if (departmentId === undefined || departmentId === null) return { role, departmentId: null };
  if (!DEPARTMENT_ROLES.includes(role)) {
    throw unprocessable('department-not-applicable', bilingual(`Rollen ”${role}” gäller hela kommunen och har ingen förvaltning.`, `The role “${role}” covers the whole municipality and has no department.`), { field: 'departmentId' });
  }
  const exists =
    typeof departmentId === 'string' &&
    (await db.selectFrom('departments').select('id').where('municipality_id', '=', municipalityId).where('id', '=', departmentId).executeTakeFirst()) !== undefined;
  if (!exists) throw unprocessable('department-unknown', bilingual(`Förvaltningen ”${String(departmentId)}” finns inte i kommunen.`, `The department “${String(departmentId)}” does not exist in the municipality.`), { field: 'departmentId' });
  return { role, departmentId: departmentId as string };
}
