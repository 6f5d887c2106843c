import type { Kysely } from 'kysely';
import type { CheckReport, EServiceDefinition } from '@etjanst/schemas';
import type { Database, EServiceReviewRow, ReviewFailure } from '../db/tables.js';

/** Storage of reviews: drafts sent for review and the approvers' decisions. */

export interface NewReview {
  municipalityId: string;
  eserviceId: string;
  draftRevision: number;
  definition: EServiceDefinition;
  report: CheckReport;
  requestedBy: string;
  requestedByAccount: string | null;
  lastEditorAccount: string | null;
}

/** Stores a review; an earlier pending review of the same e-service is superseded by it. Returns it and how many it superseded. */
export async function insertReview(db: Kysely<Database>, review: NewReview): Promise<{ row: EServiceReviewRow; superseded: number }> {
  const superseded = await db
    .updateTable('eservice_reviews')
    .set({ status: 'superseded' })
    .where('municipality_id', '=', review.municipalityId)
    .where('eservice_id', '=', review.eserviceId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  const row = await db
    .insertInto('eservice_reviews')
    .values({
      municipality_id: review.municipalityId,
      eservice_id: review.eserviceId,
      draft_revision: review.draftRevision,
      definition: review.definition,
      report: review.report,
      status: 'pending',
      requested_by: review.requestedBy,
      requested_by_account: review.requestedByAccount,
      last_editor_account: review.lastEditorAccount,
      decided_by: null,
      decided_by_account: null,
      decided_at: null,
      comment: null,
      publish_at: null,
      publishing_since: null,
      published_version: null,
      failure: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, superseded: Number(superseded.numUpdatedRows) };
}

export async function listReviews(db: Kysely<Database>, municipalityId: string, eserviceId: string): Promise<EServiceReviewRow[]> {
  return db
    .selectFrom('eservice_reviews')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('eservice_id', '=', eserviceId)
    .orderBy('requested_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function findReview(db: Kysely<Database>, municipalityId: string, eserviceId: string, id: string): Promise<EServiceReviewRow | undefined> {
  return db
    .selectFrom('eservice_reviews')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('eservice_id', '=', eserviceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface Decision {
  decidedBy: string;
  decidedByAccount: string | null;
  decidedAt: Date;
}

const decisionColumns = (d: Decision) => ({ decided_by: d.decidedBy, decided_by_account: d.decidedByAccount, decided_at: d.decidedAt });

/**
 * Records a decision on a review that is still pending; undefined when it no longer is (another
 * approver decided first, or a newer review superseded it).
 */
export async function decidePending(
  db: Kysely<Database>,
  id: string,
  decision: Decision,
  outcome: { status: 'published'; publishedVersion: number } | { status: 'scheduled'; publishAt: Date } | { status: 'returned'; comment: string },
): Promise<EServiceReviewRow | undefined> {
  return db
    .updateTable('eservice_reviews')
    .set({
      ...decisionColumns(decision),
      status: outcome.status,
      ...(outcome.status === 'published' ? { published_version: outcome.publishedVersion } : {}),
      ...(outcome.status === 'scheduled' ? { publish_at: outcome.publishAt } : {}),
      ...(outcome.status === 'returned' ? { comment: outcome.comment } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Claims the scheduled review that is due first, for this scheduler instance only: the row is
 * locked while it is marked, and rows other instances hold are skipped, so two instances never
 * publish the same review.
 */
export async function claimDueReview(db: Kysely<Database>, now: Date): Promise<EServiceReviewRow | undefined> {
  const due = db
    .selectFrom('eservice_reviews')
    .select('id')
    .where('status', '=', 'scheduled')
    .where('publish_at', '<=', now)
    .orderBy('publish_at')
    .limit(1)
    .forUpdate()
    .skipLocked();
  return db
    .updateTable('eservice_reviews')
    .set({ status: 'publishing', publishing_since: now })
    .where('id', '=', (eb) => eb.selectFrom(due.as('due')).select('due.id'))
    .returningAll()
    .executeTakeFirst();
}

/** A claimed review that was published (in the publishing transaction). */
export async function markPublished(db: Kysely<Database>, id: string, version: number): Promise<void> {
  await db
    .updateTable('eservice_reviews')
    .set({ status: 'published', published_version: version, publishing_since: null })
    .where('id', '=', id)
    .where('status', '=', 'publishing')
    .execute();
}

/** A claimed review whose publishing was refused: the problem stays visible in the review. */
export async function markFailed(db: Kysely<Database>, id: string, failure: ReviewFailure): Promise<void> {
  await db
    .updateTable('eservice_reviews')
    .set({ status: 'failed', failure, publishing_since: null })
    .where('id', '=', id)
    .where('status', '=', 'publishing')
    .execute();
}

/** Claims older than `claimedBefore` go back to the queue: the instance that claimed them stopped. */
export async function releaseStaleClaims(db: Kysely<Database>, claimedBefore: Date): Promise<number> {
  const result = await db
    .updateTable('eservice_reviews')
    .set({ status: 'scheduled', publishing_since: null })
    .where('status', '=', 'publishing')
    .where('publishing_since', '<', claimedBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A claim that hit a passing fault (database, browser) goes back to the queue for the next pass. */
export async function releaseClaim(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('eservice_reviews').set({ status: 'scheduled', publishing_since: null }).where('id', '=', id).where('status', '=', 'publishing').execute();
}
