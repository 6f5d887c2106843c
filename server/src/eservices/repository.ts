import { sql, type Kysely } from 'kysely';
import type { DefinitionProblem, EServiceDefinition, LocalizedText } from '@etjanst/schemas';
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
      // only when a staff member edits: a system (the demo seed) leaves it empty
      ...(editorAccount === null ? {} : { updated_by_account: editorAccount }),
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

/** The title of each e-service's draft as last saved, valid or not: only that part of the drafts is read. */
export async function listDraftTitles(db: Kysely<Database>, municipalityId: string): Promise<{ id: string; title: unknown }[]> {
  return db
    .selectFrom('eservices')
    // a draft holding an escaped NUL (kept as typed in the json column) cannot be walked by PostgreSQL's
    // json operators, which refuse to unescape it; such a draft's title is left out of the comparison
    .select([
      'id',
      sql<unknown>`case when strpos(coalesce(unfinished_draft, draft)::text, '\\u0000') = 0 then coalesce(unfinished_draft, draft)->'catalogue'->'title' end`.as('title'),
    ])
    .where('municipality_id', '=', municipalityId)
    .orderBy('id')
    .execute();
}

/**
 * Saves a valid draft only if nobody saved since `expectedRevision` was read (optimistic
 * locking); an unfinished one saved before is done with. Returns undefined when the revision no
 * longer matches.
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
      unfinished_draft: null,
      unfinished_problems: null,
    }))
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', definition.id)
    .where('revision', '=', expectedRevision)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Saves a draft that failed validation, with its findings, beside the last valid one (which the
 * department, connectors and the inbox keep following); optimistic locking as updateDraft.
 */
export async function saveUnfinishedDraft(
  db: Kysely<Database>,
  municipalityId: string,
  id: string,
  unfinished: { draft: Record<string, unknown>; problems: DefinitionProblem[] },
  expectedRevision: number,
  editorAccount: string | null,
): Promise<EServiceRow | undefined> {
  return db
    .updateTable('eservices')
    .set((eb) => ({
      unfinished_draft: unfinished.draft,
      unfinished_problems: JSON.stringify(unfinished.problems),
      revision: eb('revision', '+', 1),
      updated_at: new Date(),
      updated_by_account: editorAccount,
    }))
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .where('revision', '=', expectedRevision)
    .returningAll()
    .executeTakeFirst();
}

/** Freezes a draft revision (the current one, or the one an approver reviewed) as the next version and makes it the published one. */
export async function insertPublishedVersion(
  db: Kysely<Database>,
  eservice: EServiceRow,
  publishedBy: string,
  source: { definition: EServiceDefinition; revision: number },
): Promise<EServiceVersionRow> {
  const version = eservice.latest_version + 1;
  const row = await db
    .insertInto('eservice_versions')
    .values({
      municipality_id: eservice.municipality_id,
      eservice_id: eservice.id,
      version,
      definition: source.definition,
      draft_revision: source.revision,
      published_by: publishedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .updateTable('eservices')
    .set({ latest_version: version, published_version: version, published_revision: source.revision, updated_at: new Date() })
    .where('municipality_id', '=', eservice.municipality_id)
    .where('id', '=', eservice.id)
    .execute();
  return row;
}

/** Out of the catalogue; a scheduled unpublishing and a pause end with it. */
export async function setUnpublished(db: Kysely<Database>, municipalityId: string, id: string): Promise<void> {
  await db
    .updateTable('eservices')
    .set({ published_version: null, unpublish_at: null, paused_at: null, pause_message: null, updated_at: new Date() })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .execute();
}

export async function setUnpublishAt(db: Kysely<Database>, municipalityId: string, id: string, at: Date): Promise<EServiceRow> {
  return db
    .updateTable('eservices')
    .set({ unpublish_at: at })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Pauses (with the message to citizens) or, given null, resumes. */
export async function setPause(db: Kysely<Database>, municipalityId: string, id: string, pause: { at: Date; message: LocalizedText } | null): Promise<EServiceRow> {
  return db
    .updateTable('eservices')
    .set({ paused_at: pause?.at ?? null, pause_message: pause?.message ?? null })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The e-services whose scheduled unpublishing is due, locked for this scheduler instance (rows
 * another instance holds are skipped); call inside the transaction that unpublishes them.
 */
export async function lockDueUnpublishings(db: Kysely<Database>, now: Date, limit: number): Promise<EServiceRow[]> {
  return db
    .selectFrom('eservices')
    .selectAll()
    .where('unpublish_at', '<=', now)
    .where('published_version', 'is not', null)
    .orderBy('unpublish_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
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

export type PublishedVersion = EServiceVersionRow & Pick<EServiceRow, 'paused_at' | 'pause_message'>;

/** The published version of every e-service in a municipality, with whether it is paused: the citizen catalogue. */
export async function listPublishedVersions(db: Kysely<Database>, municipalityId: string): Promise<PublishedVersion[]> {
  return db
    .selectFrom('eservice_versions as v')
    .innerJoin('eservices as e', (join) =>
      join.onRef('e.municipality_id', '=', 'v.municipality_id').onRef('e.id', '=', 'v.eservice_id').onRef('e.published_version', '=', 'v.version'),
    )
    .selectAll('v')
    .select(['e.paused_at', 'e.pause_message'])
    .where('v.municipality_id', '=', municipalityId)
    .orderBy('v.eservice_id')
    .execute();
}

export async function findPublishedVersion(db: Kysely<Database>, municipalityId: string, eserviceId: string): Promise<PublishedVersion | undefined> {
  const eservice = await findEService(db, municipalityId, eserviceId);
  if (!eservice || eservice.published_version === null) return undefined;
  const version = await findVersion(db, municipalityId, eserviceId, eservice.published_version);
  return version && { ...version, paused_at: eservice.paused_at, pause_message: eservice.pause_message };
}
