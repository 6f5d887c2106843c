import type { Kysely, Selectable } from 'kysely';
import type { EServiceDefinition, LocalizedText } from '@etjanst/schemas';
import type { Database, TemplateAdoptionTable, TemplateOfferTable } from '../db/tables.js';

/** Storage of the template library: the e-services offered to other municipalities and where adopted e-services came from. */

export type TemplateOfferRow = Selectable<TemplateOfferTable>;
export type TemplateAdoptionRow = Selectable<TemplateAdoptionTable>;

/** Offers an e-service; one offered already stays as it was. */
export async function insertOffer(db: Kysely<Database>, municipalityId: string, eserviceId: string, offeredBy: string): Promise<void> {
  await db
    .insertInto('template_offers')
    .values({ municipality_id: municipalityId, eservice_id: eserviceId, offered_by: offeredBy })
    .onConflict((oc) => oc.columns(['municipality_id', 'eservice_id']).doNothing())
    .execute();
}

/** Withdraws an offer; whether there was one. */
export async function deleteOffer(db: Kysely<Database>, municipalityId: string, eserviceId: string): Promise<boolean> {
  const deleted = await db.deleteFrom('template_offers').where('municipality_id', '=', municipalityId).where('eservice_id', '=', eserviceId).executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

export async function findOffer(db: Kysely<Database>, municipalityId: string, eserviceId: string): Promise<TemplateOfferRow | undefined> {
  return db.selectFrom('template_offers').selectAll().where('municipality_id', '=', municipalityId).where('eservice_id', '=', eserviceId).executeTakeFirst();
}

/** An offered e-service as the library shows it: its newest published version, its municipality's name. */
export interface OfferedTemplate {
  municipalityId: string;
  municipalityName: LocalizedText;
  eserviceId: string;
  offeredAt: Date;
  version: number;
  definition: EServiceDefinition;
}

/** Every offered e-service of the installation with its newest published version (an unpublished one still has its versions). */
export async function listOffered(db: Kysely<Database>, origin?: { municipalityId: string; eserviceId: string }): Promise<OfferedTemplate[]> {
  let query = db
    .selectFrom('template_offers as o')
    .innerJoin('eservices as e', (join) => join.onRef('e.municipality_id', '=', 'o.municipality_id').onRef('e.id', '=', 'o.eservice_id'))
    .innerJoin('eservice_versions as v', (join) =>
      join.onRef('v.municipality_id', '=', 'e.municipality_id').onRef('v.eservice_id', '=', 'e.id').onRef('v.version', '=', 'e.latest_version'),
    )
    .innerJoin('municipalities as m', 'm.id', 'o.municipality_id')
    .select(['o.municipality_id', 'm.name', 'o.eservice_id', 'o.offered_at', 'v.version', 'v.definition']);
  if (origin) query = query.where('o.municipality_id', '=', origin.municipalityId).where('o.eservice_id', '=', origin.eserviceId);
  const rows = await query.orderBy('o.municipality_id').orderBy('o.eservice_id').execute();
  return rows.map((r) => ({ municipalityId: r.municipality_id, municipalityName: r.name, eserviceId: r.eservice_id, offeredAt: r.offered_at, version: r.version, definition: r.definition }));
}

export async function insertAdoption(db: Kysely<Database>, adoption: Omit<TemplateAdoptionRow, 'adopted_at' | 'reviewed_version'>): Promise<void> {
  await db
    .insertInto('template_adoptions')
    .values({ ...adoption, reviewed_version: adoption.adopted_version })
    .execute();
}

export async function findAdoption(db: Kysely<Database>, municipalityId: string, eserviceId: string): Promise<TemplateAdoptionRow | undefined> {
  return db.selectFrom('template_adoptions').selectAll().where('municipality_id', '=', municipalityId).where('eservice_id', '=', eserviceId).executeTakeFirst();
}

/** The municipality's e-services made from templates. */
export async function listAdoptions(db: Kysely<Database>, municipalityId: string): Promise<TemplateAdoptionRow[]> {
  return db.selectFrom('template_adoptions').selectAll().where('municipality_id', '=', municipalityId).orderBy('eservice_id').execute();
}

/** How many e-services (in any municipality) were made from an offered e-service. */
export async function countAdoptionsOf(db: Kysely<Database>, originMunicipalityId: string, originEServiceId: string): Promise<number> {
  const row = await db
    .selectFrom('template_adoptions')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('origin_municipality_id', '=', originMunicipalityId)
    .where('origin_eservice_id', '=', originEServiceId)
    .executeTakeFirstOrThrow();
  return Number(row.count); // a string on pg (bigint)
}

export async function setReviewedVersion(db: Kysely<Database>, municipalityId: string, eserviceId: string, version: number): Promise<TemplateAdoptionRow | undefined> {
  return db
    .updateTable('template_adoptions')
    .set({ reviewed_version: version })
    .where('municipality_id', '=', municipalityId)
    .where('eservice_id', '=', eserviceId)
    .returningAll()
    .executeTakeFirst();
}
