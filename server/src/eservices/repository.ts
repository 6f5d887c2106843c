import type { Kysely } from 'kysely';
import type { EServiceDefinition } from '@etjanst/schemas';
import type { Database, EServiceRow, EServiceVersionRow } from '../db/tables.js';

/** Storage of e-services: a mutable draft per e-service and its immutable published versions. */

export async function insertEService(
  db: Kysely<Database>,
  municipalityId: string,
  definition: EServiceDefinition,
  editorAccount: string | null = null,
): Promise<EServiceRow> {
  return db
    .insertInto('eservices')
    .values({
      municipality_id: municipalityId,
      id: definition.id,
      department_id: definition.owner.department,
      draft: definition,
      revision: 1,
      latest_version: 0,
      published_version: null,
      published_revision: null,
      updated_at: new Date(),
      updated_by_account: editorAccount,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findEService(db: Kysely<Database>, municipalityId: string, id: string): Promise<EServiceRow | undefined> {
  return db
    .selectFrom('eservices')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listEServices(db: Kysely<Database>, municipalityId: string): Promise<EServiceRow[]> {
  return db.selectFrom('eservices').selectAll().where('municipality_id', '=', municipalityId).orderBy('id').execute();
}

/**
 * Saves a draft only if nobody saved since `expectedRevision` was read (optimistic locking).
 * Returns undefined when the revision no longer matches.
 */
export async function updateDraft(
  db: Kysely<Database>,
  municipalityId: string,
  definition: EServiceDefinition,
  expectedRevision: number,
  editorAccount: string | null,
): Promise<EServiceRow | undefined> {
  return db
    .updateTable('eservices')
    .set((eb) => ({
      draft: definition,
      department_id: definition.owner.department,
      revision: eb('revision', '+', 1),
      updated_at: new Date(),
      updated_by_account: editorAccount,
    }))
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', definition.id)
    .where('revision', '=', expectedRevision)
    .returningAll()
    .executeTakeFirst();
}

/** Freezes the current draft as the next version and makes it the published one. */
export async function insertPublishedVersion(
  db: Kysely<Database>,
  eservice: EServiceRow,
  publishedBy: string,
): Promise<EServiceVersionRow> {
  const version = eservice.latest_version + 1;
  const row = await db
    .insertInto('eservice_versions')
    .values({
      municipality_id: eservice.municipality_id,
      eservice_id: eservice.id,
      version,
      definition: eservice.draft,
      draft_revision: eservice.revision,
      published_by: publishedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .updateTable('eservices')
    .set({ latest_version: version, published_version: version, published_revision: eservice.revision, updated_at: new Date() })
    .where('municipality_id', '=', eservice.municipality_id)
    .where('id', '=', eservice.id)
    .execute();
  return row;
}

export async function setUnpublished(db: Kysely<Database>, municipalityId: string, id: string): Promise<void> {
  await db
    .updateTable('eservices')
    .set({ published_version: null, updated_at: new Date() })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .execute();
}

export async function findVersion(
  db: Kysely<Database>,
  municipalityId: string,
  eserviceId: string,
  version: number,
): Promise<EServiceVersionRow | undefined> {
  return db
    .selectFrom('eservice_versions')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('eservice_id', '=', eserviceId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function listVersions(db: Kysely<Database>, municipalityId: string, eserviceId: string) {
  return db
    .selectFrom('eservice_versions')
    .select(['version', 'published_at', 'published_by', 'draft_revision'])
    .where('municipality_id', '=', municipalityId)
    .where('eservice_id', '=', eserviceId)
    .orderBy('version', 'desc')
    .execute();
}

/** The published version of every e-service in a municipality: the citizen catalogue. */
export async function listPublishedVersions(db: Kysely<Database>, municipalityId: string): Promise<EServiceVersionRow[]> {
  return db
    .selectFrom('eservice_versions as v')
    .innerJoin('eservices as e', (join) =>
      join.onRef('e.municipality_id', '=', 'v.municipality_id').onRef('e.id', '=', 'v.eservice_id').onRef('e.published_version', '=', 'v.version'),
    )
    .selectAll('v')
    .where('v.municipality_id', '=', municipalityId)
    .orderBy('v.eservice_id')
    .execute();
}

export async function findPublishedVersion(db: Kysely<Database>, municipalityId: string, eserviceId: string): Promise<EServiceVersionRow | undefined> {
  const eservice = await findEService(db, municipalityId, eserviceId);
  if (!eservice || eservice.published_version === null) return undefined;
  return findVersion(db, municipalityId, eserviceId, eservice.published_version);
}
