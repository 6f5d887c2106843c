import type { Kysely } from 'kysely';
import type { LocalizedText } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import type { Database, DraftRow } from '../db/tables.js';

/** Whose drafts: every query is scoped to one municipality and one person. */
export interface DraftOwner {
  municipalityId: string;
  personalIdentityNumber: string;
}

export interface DraftListRow {
  id: string;
  eserviceId: string;
  version: number;
  eserviceTitle: LocalizedText;
  stepId: string | null;
  revision: number;
  updatedAt: Date;
  expiresAt: Date;
}

const owned = (owner: DraftOwner) =>
  ({ municipality: owner.municipalityId, person: owner.personalIdentityNumber }) as const;

export async function findDraft(db: Kysely<Database>, owner: DraftOwner, id: string): Promise<DraftRow | undefined> {
  const { municipality, person } = owned(owner);
  return db
    .selectFrom('drafts')
    .selectAll()
    .where('municipality_id', '=', municipality)
    .where('personal_identity_number', '=', person)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findDraftForEService(db: Kysely<Database>, owner: DraftOwner, eserviceId: string): Promise<DraftRow | undefined> {
  const { municipality, person } = owned(owner);
  return db
    .selectFrom('drafts')
    .selectAll()
    .where('municipality_id', '=', municipality)
    .where('personal_identity_number', '=', person)
    .where('eservice_id', '=', eserviceId)
    .executeTakeFirst();
}

/** The person's drafts with the title of the version each is pinned to, most recently saved first. */
export async function listDrafts(db: Kysely<Database>, owner: DraftOwner): Promise<DraftListRow[]> {
  const { municipality, person } = owned(owner);
  const rows = await db
    .selectFrom('drafts')
    .innerJoin('eservice_versions', (join) =>
      join
        .onRef('eservice_versions.municipality_id', '=', 'drafts.municipality_id')
        .onRef('eservice_versions.eservice_id', '=', 'drafts.eservice_id')
        .onRef('eservice_versions.version', '=', 'drafts.version'),
    )
    .select([
      'drafts.id',
      'drafts.eservice_id',
      'drafts.version',
      'drafts.step_id',
      'drafts.revision',
      'drafts.updated_at',
      'drafts.expires_at',
      'eservice_versions.title',
    ])
    .where('drafts.municipality_id', '=', municipality)
    .where('drafts.personal_identity_number', '=', person)
    .orderBy('drafts.updated_at', 'desc')
    .orderBy('drafts.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    eserviceId: row.eservice_id,
    version: row.version,
    eserviceTitle: row.title,
    stepId: row.step_id,
    revision: row.revision,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
  }));
}

export interface NewDraft {
  eserviceId: string;
  version: number;
  answers: Record<string, unknown>;
  stepId: string | null;
  expiresAt: Date;
}

export async function insertDraft(db: Kysely<Database>, owner: DraftOwner, draft: NewDraft): Promise<DraftRow> {
  const now = new Date();
  return db
    .insertInto('drafts')
    .values({
      municipality_id: owner.municipalityId,
      personal_identity_number: owner.personalIdentityNumber,
      eservice_id: draft.eserviceId,
      version: draft.version,
      answers: draft.answers,
      step_id: draft.stepId,
      created_at: now,
      updated_at: now,
      expires_at: draft.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Saves over the draft when `expectedRevision` is the stored one; undefined when it is not (stale). */
export async function updateDraft(
  db: Kysely<Database>,
  owner: DraftOwner,
  id: string,
  expectedRevision: number,
  change: { answers: Record<string, unknown>; stepId: string | null; expiresAt: Date },
): Promise<DraftRow | undefined> {
  const { municipality, person } = owned(owner);
  return db
    .updateTable('drafts')
    .set((eb) => ({
      answers: change.answers,
      step_id: change.stepId,
      revision: eb('revision', '+', 1),
      updated_at: new Date(),
      expires_at: change.expiresAt,
    }))
    .where('municipality_id', '=', municipality)
    .where('personal_identity_number', '=', person)
    .where('id', '=', id)
    .where('revision', '=', expectedRevision)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteDraft(db: Kysely<Database>, owner: DraftOwner, id: string): Promise<DraftRow | undefined> {
  const { municipality, person } = owned(owner);
  return db
    .deleteFrom('drafts')
    .where('municipality_id', '=', municipality)
    .where('personal_identity_number', '=', person)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes every draft that expired before `before` (all municipalities: housekeeping) and returns them. */
export async function deleteExpiredDrafts(db: Kysely<Database>, before: Date): Promise<Pick<DraftRow, 'id' | 'municipality_id' | 'eservice_id' | 'version' | 'expires_at'>[]> {
  return db
    .deleteFrom('drafts')
    .where('expires_at', '<', before)
    .returning(['id', 'municipality_id', 'eservice_id', 'version', 'expires_at'])
    .execute();
}

/** Appends to the audit log. Never the answers: only which draft, of what, and why. */
export async function recordDraftAudit(
  db: Kysely<Database>,
  entry: { municipalityId: string; actor: string; action: string; draftId: string; details: Record<string, unknown> },
): Promise<void> {
  await recordAudit(db, { municipalityId: entry.municipalityId, actor: entry.actor, action: entry.action, subjectType: 'draft', subjectId: entry.draftId, details: entry.details });
}
