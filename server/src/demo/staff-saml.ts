import path from 'node:path';
import type { Kysely } from 'kysely';
import type { RoleGrant } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { issueCertificate, persistentKeyPair } from '../identity/certificates.js';
import { startStaffSamlIdpSimulator } from '../simulators/saml-idp/staff-simulator.js';
import { STAFF_SAML_GROUPS } from '../simulators/saml-idp/staff-personas.js';
import { DEFAULT_ATTRIBUTE_MAPPING } from '../staff/saml/attributes.js';
import { samlStartPath, staffSamlEndpoints } from '../staff/saml/plugin.js';
import { defaultStaffSpEntityId, type StaffSamlIdentityProvider, type StaffSamlServiceProvider } from '../staff/saml/settings.js';

/** The demo's staff IdP: its id in URLs and its logins' provider `saml:<id>`. */
export const DEMO_STAFF_SAML_IDP = 'kommun-sso';

/** The staff IdP simulator's groups and the roles they give. */
export const DEMO_STAFF_SAML_GROUP_GRANTS: Readonly<Record<string, RoleGrant>> = {
  [STAFF_SAML_GROUPS.platformAdmin]: { role: 'platform-admin', municipalityId: null, departmentId: null },
  [STAFF_SAML_GROUPS.ekdalaAdmin]: { role: 'municipality-admin', municipalityId: 'ekdala', departmentId: null },
  [STAFF_SAML_GROUPS.ekdalaDesigner]: { role: 'designer', municipalityId: 'ekdala', departmentId: 'utbildning' },
  [STAFF_SAML_GROUPS.ekdalaApprover]: { role: 'approver', municipalityId: 'ekdala', departmentId: 'utbildning' },
  [STAFF_SAML_GROUPS.ekdalaHandler]: { role: 'handler', municipalityId: 'ekdala', departmentId: 'utbildning' },
  [STAFF_SAML_GROUPS.ekdalaStatistics]: { role: 'statistics-reader', municipalityId: 'ekdala', departmentId: null },
  [STAFF_SAML_GROUPS.solbackaAdmin]: { role: 'municipality-admin', municipalityId: 'solbacka', departmentId: null },
};

/** Maps the simulator's groups to roles for logins through `saml:<idpId>`; idempotent. */
export async function seedStaffSamlGroupMappings(db: Kysely<Database>, idpId = DEMO_STAFF_SAML_IDP): Promise<void> {
  const rows = Object.entries(DEMO_STAFF_SAML_GROUP_GRANTS).map(([group, grant]) => ({
    provider: `saml:${idpId}`,
    group_name: group,
    role: grant.role,
    municipality_id: grant.municipalityId,
    department_id: grant.departmentId,
  }));
  await db.insertInto('staff_group_mappings').values(rows).onConflict((oc) => oc.doNothing()).execute();
}

export interface DemoStaffSaml {
  /** The simulator as an IdP of the configuration (`saml:kommun-sso`) */
  idp: StaffSamlIdentityProvider;
  /** The staff SP's entity id and signing keys (kept in the demo's key folder) */
  sp: Omit<StaffSamlServiceProvider, 'baseUrl'>;
  /** The simulator's start page (who is logged in) */
  url: string;
  /** How to log in as each demo staff member, for `npm start` to print */
  howToLogIn: string[];
  close(): Promise<void>;
}

/**
 * Demo mode's staff single sign-on: a simulated municipal IdP (SAML 2.0) with one persona per
 * role, wired as a real AD FS or Entra ID would be; only URLs and keys differ. The staff SP has
 * its own entity id and signing key, apart from the citizens' SP.
 */
export async function startDemoStaffSaml(options: { db: Kysely<Database>; publicUrl: string; keyDir?: string }): Promise<DemoStaffSaml> {
  const { db, publicUrl, keyDir } = options;
  const simulator = await startStaffSamlIdpSimulator({
    keyDir: keyDir && path.join(keyDir, 'staff-saml-idp'),
    spMetadataUrl: staffSamlEndpoints(publicUrl, DEMO_STAFF_SAML_IDP).metadata,
  });
  const createSpKeys = () => issueCertificate({ commonName: 'E-tjänstplattformen SP för personal', usage: 'signing' });
  const signing = keyDir ? await persistentKeyPair(path.join(keyDir, 'staff-saml-sp'), 'signing', createSpKeys) : createSpKeys();
  await seedStaffSamlGroupMappings(db);
  const idp: StaffSamlIdentityProvider = {
    id: DEMO_STAFF_SAML_IDP,
    name: { sv: 'Kommunens inloggning för personal (SAML, simulator)', en: 'Municipal staff single sign-on (SAML, simulator)' },
    ...simulator.config,
    attributes: DEFAULT_ATTRIBUTE_MAPPING,
  };
  const width = Math.max(...simulator.persons.map((person) => person.displayName.length));
  return {
    idp,
    sp: { entityId: defaultStaffSpEntityId(publicUrl), signing },
    url: simulator.url,
    howToLogIn: [
      `  Personalinloggning / staff login (SAML IdP-simulator ${simulator.url}):`,
      `    ${publicUrl}${samlStartPath(idp.id)}  → välj / pick:`,
      ...simulator.persons.map((person) => `    ${person.displayName.padEnd(width)}  ${person.description.sv} / ${person.description.en}  [${person.groups.join(', ')}]`),
    ],
    close: () => simulator.close(),
  };
}
