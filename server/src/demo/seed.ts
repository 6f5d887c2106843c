import type { Kysely } from 'kysely';
import { TEMPLATES, type EServiceDefinition, type RoleGrant } from '@etjanst/schemas';
import { fastCheck } from '../checks/full-check.js';
import type { Database } from '../db/tables.js';
import { createEService, publishEService, type TenantContext } from '../eservices/operations.js';
import { findEService } from '../eservices/repository.js';
import { saveMunicipality, type Municipality } from '../municipalities/repository.js';
import { seedStaffGroupMappings } from './staff-groups.js';
import { addGrant } from '../staff/accounts.js';
import { enrolPerson, type RegisterPerson } from '../staff/register/register.js';

const DEPARTMENTS: Municipality['departments'] = [
  { id: 'utbildning', name: { sv: 'Utbildningsförvaltningen', en: 'Education department' } },
  { id: 'stadsbyggnad', name: { sv: 'Stadsbyggnadsförvaltningen', en: 'City planning department' } },
  { id: 'miljo', name: { sv: 'Miljö- och tillståndsförvaltningen', en: 'Environment and licensing department' } },
  { id: 'kommunstyrelse', name: { sv: 'Kommunstyrelseförvaltningen', en: 'Municipal executive office' } },
];

/** Two fictional municipalities sharing one installation, as a regional e-office would. */
export const DEMO_MUNICIPALITIES: Municipality[] = [
  { id: 'solbacka', name: { sv: 'Solbacka kommun', en: 'Solbacka Municipality' }, receiptPrefix: 'SOL', departments: DEPARTMENTS },
  { id: 'ekdala', name: { sv: 'Ekdala kommun', en: 'Ekdala Municipality' }, receiptPrefix: 'EKD', departments: DEPARTMENTS },
];

/**
 * Demo case handlers in the staff register: people the BankID simulator can log in as (its test
 * persons; Anna through the SAML simulator), so the inbox can be tried with a staff e-ID login.
 * Erik and Anna handle Solbacka's education cases, Maja the wedding and licence cases; Erik also
 * city planning, and education in Ekdala.
 */
export const DEMO_STAFF: (RegisterPerson & { grants: RoleGrant[] })[] = [
  {
    personalIdentityNumber: '198506129876',
    name: 'Erik Provsson',
    email: 'erik.provsson@solbacka.example.se',
    grants: [
      { role: 'handler', municipalityId: 'solbacka', departmentId: 'utbildning' },
      { role: 'handler', municipalityId: 'solbacka', departmentId: 'stadsbyggnad' },
      { role: 'handler', municipalityId: 'ekdala', departmentId: 'utbildning' },
    ],
  },
  { personalIdentityNumber: '198507099805', name: 'Anna Svensson', email: 'anna.svensson@solbacka.example.se', grants: [{ role: 'handler', municipalityId: 'solbacka', departmentId: 'utbildning' }] },
  {
    personalIdentityNumber: '199304249429',
    name: 'Maja Exempeldotter',
    email: 'maja.exempeldotter@solbacka.example.se',
    grants: [
      { role: 'handler', municipalityId: 'solbacka', departmentId: 'kommunstyrelse' },
      { role: 'handler', municipalityId: 'solbacka', departmentId: 'miljo' },
    ],
  },
];

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A template adapted to a municipality: its owner, its contact and its connectors' mailbox domain. */
export function templateFor(template: EServiceDefinition, municipalityId: string): EServiceDefinition {
  const copy = structuredClone(template);
  copy.owner.organisation = municipalityId;
  const ownDomain = (email: string) => email.replace(/@[^.]+\./, `@${municipalityId}.`);
  copy.owner.contact.email = ownDomain(copy.owner.contact.email);
  if (copy.accessibility) copy.accessibility.feedback.email = ownDomain(copy.accessibility.feedback.email);
  // each municipality's cases go to its own mailboxes, never to the template's municipality
  for (const connector of copy.delivery.connectors) {
    const options = connector.options as Record<string, unknown>;
    for (const [name, value] of Object.entries(options)) {
      if (typeof value === 'string' && EMAIL.test(value)) options[name] = ownDomain(value);
    }
  }
  return copy;
}

/**
 * Seeds the demo municipalities with every example e-service published (`adapt` may change a
 * template first, e.g. demo mode's delivery settings), and the demo handlers. Idempotent: what exists is left as it
 * is, so a designer's changes in the demo survive a restart. Seeding runs before the server
 * listens, so the browser scan cannot run yet: the templates are published after the fast
 * rules (their full check, scan included, runs in the checks' browser test).
 */
export async function seedDemo(db: Kysely<Database>, adapt: (definition: EServiceDefinition) => EServiceDefinition = (d) => d): Promise<{ created: string[] }> {
  const created: string[] = [];
  for (const municipality of DEMO_MUNICIPALITIES) {
    await saveMunicipality(db, municipality);
    const ctx: TenantContext = { db, municipalityId: municipality.id, actor: 'demo-seed' };
    for (const template of TEMPLATES) {
      if (await findEService(db, municipality.id, template.id)) continue;
      await createEService(ctx, adapt(templateFor(template, municipality.id)));
      await publishEService(ctx, template.id, fastCheck);
      created.push(`${municipality.id}/${template.id}`);
    }
  }
  await seedStaffGroupMappings(db);
  for (const member of DEMO_STAFF) {
    const { account } = await enrolPerson(db, member);
    for (const grant of member.grants) await addGrant(db, account.id, { ...grant, grantedBy: 'demo-seed' });
  }
  return { created };
}
