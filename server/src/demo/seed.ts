import type { Kysely } from 'kysely';
import { TEMPLATES, type EServiceDefinition, type RoleGrant } from '@etjanst/schemas';
import { fastCheck } from '../checks/full-check.js';
import type { Database } from '../db/tables.js';
import { auditTrail } from '../audit/audit-log.js';
import { createEService, publishEService, type TenantContext } from '../eservices/operations.js';
import { findEService } from '../eservices/repository.js';
import { saveMunicipality, type Municipality } from '../municipalities/repository.js';
import { offerTemplate } from '../template-library/operations.js';
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

/**
 * What a demo municipality shares with the other in the template library, so Ekdala's library has
 * a municipality's offers beside the platform's: Solbacka's preschool application (prefill and a
 * co-signer, whose take-over the designer shows) and its civil wedding (booking).
 */
export const DEMO_OFFERS: { municipalityId: string; eserviceIds: string[] }[] = [{ municipalityId: 'solbacka', eserviceIds: ['forskoleplats', 'borgerlig-vigsel'] }];
/** The audit actions of an offer decided on; the seed offers an e-service only while there is none. */
const OFFER_DECISIONS = ['eservice.template-offered', 'eservice.template-withdrawn'];

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
 * template first, e.g. demo mode's delivery settings), a few of them offered to the other
 * municipality in the template library (seedOffers), and the demo handlers. Idempotent: what exists is left as it
 * is, so a designer's changes in the demo survive a restart. Seeding runs before the server
 * listens, so the browser scan cannot run yet: the templates are published after the fast
 * rules (their full check, scan included, runs in the checks' browser test).
 */
export async function seedDemo(
  db: Kysely<Database>,
  adapt: (definition: EServiceDefinition) => EServiceDefinition = (d) => d,
): Promise<{ created: string[]; offered: string[] }> {
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
  const offered = await seedOffers(db);
  await seedStaffGroupMappings(db);
  for (const member of DEMO_STAFF) {
    const { account } = await enrolPerson(db, member);
    for (const grant of member.grants) await addGrant(db, account.id, { ...grant, grantedBy: 'demo-seed' });
  }
  return { created, offered };
}

/**
 * Offers the demo's shared e-services (DEMO_OFFERS) once: an e-service whose offer was ever decided
 * (offered, withdrawn by hand or by unpublishing) is left as the demo's users left it, and one not
 * published now is not offered. A demo database seeded before the offers were added gets them too.
 */
async function seedOffers(db: Kysely<Database>): Promise<string[]> {
  const offered: string[] = [];
  for (const { municipalityId, eserviceIds } of DEMO_OFFERS) {
    const ctx: TenantContext = { db, municipalityId, actor: 'demo-seed' };
    for (const id of eserviceIds) {
      if ((await findEService(db, municipalityId, id))?.published_version == null) continue;
      if ((await auditTrail(db, municipalityId, 'eservice', id)).some((event) => OFFER_DECISIONS.includes(event.action))) continue;
      await offerTemplate(ctx, id);
      offered.push(`${municipalityId}/${id}`);
    }
  }
  return offered;
}
