import type { Kysely } from 'kysely';
import type { RoleGrant } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';

/** The demo's staff OpenID Connect provider: its id in URLs and its logins' provider `oidc:<id>`. */
export const DEMO_STAFF_OIDC_PROVIDER = 'demo-idp';
export const DEMO_STAFF_OIDC_METHOD = `oidc:${DEMO_STAFF_OIDC_PROVIDER}`;
export const DEMO_STAFF_OIDC_CLIENT_ID = 'etjanstplattformen';

/** The simulator's groups and the roles they give on the platform (Ekdala bygg = stadsbyggnad). */
export const DEMO_STAFF_GROUP_MAPPINGS: Readonly<Record<string, RoleGrant>> = {
  'etjanst-plattform-admin': { role: 'platform-admin', municipalityId: null, departmentId: null },
  'etjanst-ekdala-admin': { role: 'municipality-admin', municipalityId: 'ekdala', departmentId: null },
  'etjanst-ekdala-bygg-designer': { role: 'designer', municipalityId: 'ekdala', departmentId: 'stadsbyggnad' },
  'etjanst-ekdala-bygg-approver': { role: 'approver', municipalityId: 'ekdala', departmentId: 'stadsbyggnad' },
  'etjanst-ekdala-bygg-handler': { role: 'handler', municipalityId: 'ekdala', departmentId: 'stadsbyggnad' },
  'etjanst-ekdala-statistik': { role: 'statistics-reader', municipalityId: 'ekdala', departmentId: null },
  'etjanst-solbacka-admin': { role: 'municipality-admin', municipalityId: 'solbacka', departmentId: null },
};

/** Maps the demo provider's groups to roles; idempotent (a mapping that exists is left as it is). */
export async function seedStaffGroupMappings(db: Kysely<Database>): Promise<void> {
  const rows = Object.entries(DEMO_STAFF_GROUP_MAPPINGS).map(([group, grant]) => ({
    provider: DEMO_STAFF_OIDC_METHOD,
    group_name: group,
    role: grant.role,
    municipality_id: grant.municipalityId,
    department_id: grant.departmentId,
  }));
  await db.insertInto('staff_group_mappings').values(rows).onConflict((oc) => oc.doNothing()).execute();
}
