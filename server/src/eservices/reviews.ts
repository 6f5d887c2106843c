import { bilingual, holdsRole, isUuid, type EServiceDefinition, type RoleGrant } from '@etjanst/schemas';
import { refuseFailedMustRules } from '../checks/full-check.js';
import { recordAudit } from '../audit/audit-log.js';
import type { EServiceReviewRow } from '../db/tables.js';
import { conflict, notFound, Problem } from '../problems/problem.js';
import { futureInstant, optionalBody, reviewComment } from './input.js';
import { auditSubject, eserviceNotFound, getEService, publishEService, validDraftOf, type PublishCheck, type TenantContext } from './operations.js';
import * as repository from './repository.js';
import * as reviews from './reviews-repository.js';

/**
 * The approval workflow: a designer sends the draft for review (it must be valid and meet the
 * must-requirements), an approver publishes it (now or at a set time) or returns it with a
 * comment. With the municipality's four-eyes rule nobody approves their own change.
 */

/** Whether the municipality applies the four-eyes rule (on unless it chose otherwise). */
async function fourEyes(ctx: TenantContext): Promise<boolean> {
  const row = await ctx.db.selectFrom('municipalities').select('four_eyes').where('id', '=', ctx.municipalityId).executeTakeFirst();
  return row?.four_eyes ?? true;
}

/** Whether the acting staff member sent or last edited the reviewed change. */
const ownChange = (ctx: TenantContext, review: EServiceReviewRow) =>
  ctx.staffAccountId === undefined || ctx.staffAccountId === review.requested_by_account || ctx.staffAccountId === review.last_editor_account;

const reviewNotFound = () => notFound(bilingual('Granskningen', 'The review'));

const notPending = (review: EServiceReviewRow) =>
  conflict(
    'review-decided',
    bilingual(`Granskningen är inte längre öppen (${review.status}).`, `The review is no longer open (${review.status}).`),
    { reviewStatus: review.status },
  );

const reviewRequired = () =>
  conflict(
    'review-required',
    bilingual(
      'Kommunen tillämpar fyraögonsprincipen: skicka utkastet på granskning, så publicerar en godkännare det.',
      'The municipality applies the four-eyes rule: send the draft for review, and an approver publishes it.',
    ),
  );

/** The refusal when a review stopped being pending under us: says what it is now. */
async function noLongerPending(ctx: TenantContext, review: EServiceReviewRow): Promise<never> {
  throw notPending((await reviews.findReview(ctx.db, ctx.municipalityId, review.eservice_id, review.id)) ?? review);
}

async function findReviewOf(ctx: TenantContext, eserviceId: string, reviewId: string): Promise<EServiceReviewRow> {
  const review = isUuid(reviewId) ? await reviews.findReview(ctx.db, ctx.municipalityId, eserviceId, reviewId) : undefined;
  if (!review) throw reviewNotFound();
  return review;
}

/**
 * Sends the current draft for review: valid for this municipality (an unfinished one is refused
 * with its findings) and meeting every must-requirement (the same check as publishing), stored
 * as it is now with its report and who changed it; an earlier pending review is superseded.
 */
export async function sendForReview(ctx: TenantContext, eserviceId: string, check: PublishCheck): Promise<EServiceReviewRow> {
  const checked = await getEService(ctx, eserviceId);
  const definition = await validDraftOf(ctx, checked, 'review');
  const report = { ...(await check(definition, ctx.municipalityId)), checkedAt: new Date().toISOString() };
  refuseFailedMustRules(report, definition);
  return ctx.db.transaction().execute(async (trx) => {
    const eservice = await repository.findEService(trx, ctx.municipalityId, eserviceId);
    if (!eservice) throw eserviceNotFound(eserviceId);
    if (eservice.revision !== checked.revision) {
      throw conflict('draft-changed', bilingual('Utkastet ändrades medan det kontrollerades. Skicka igen.', 'The draft changed while it was being checked. Send it again.'));
    }
    const { row, superseded } = await reviews.insertReview(trx, {
      municipalityId: ctx.municipalityId,
      eserviceId,
      draftRevision: eservice.revision,
      definition,
      report,
      requestedBy: ctx.actor,
      requestedByAccount: ctx.staffAccountId ?? null,
      lastEditorAccount: eservice.updated_by_account,
    });
    await recordAudit(trx, {
      ...auditSubject(ctx, eserviceId),
      action: 'eservice.review-requested',
      details: { review: row.id, draftRevision: row.draft_revision, superseded, warnings: report.counts.shouldFailed },
    });
    return row;
  });
}

export async function listReviews(ctx: TenantContext, eserviceId: string): Promise<EServiceReviewRow[]> {
  await getEService(ctx, eserviceId);
  return reviews.listReviews(ctx.db, ctx.municipalityId, eserviceId);
}

/** A review with what the approver compares it to: the published version's definition (null when none is published). */
export async function getReview(ctx: TenantContext, eserviceId: string, reviewId: string) {
  const review = await findReviewOf(ctx, eserviceId, reviewId);
  const [published, applies] = await Promise.all([repository.findPublishedVersion(ctx.db, ctx.municipalityId, eserviceId), fourEyes(ctx)]);
  return { review, publishedDefinition: (published?.definition ?? null) as EServiceDefinition | null, ownChange: applies && ownChange(ctx, review) };
}

const decision = (ctx: TenantContext): reviews.Decision => ({ decidedBy: ctx.actor, decidedByAccount: ctx.staffAccountId ?? null, decidedAt: new Date() });

/**
 * Approves a pending review: it is published now, or scheduled when the body gives `publishAt`.
 * Refused when it is the approver's own change (four-eyes) or the draft has changed since it was
 * sent (the approver must judge what is published).
 */
export async function approveReview(ctx: TenantContext, eserviceId: string, reviewId: string, body: unknown, check: PublishCheck): Promise<EServiceReviewRow> {
  const publishAt = futureInstant(optionalBody(body).publishAt, 'publishAt', new Date());
  const review = await findReviewOf(ctx, eserviceId, reviewId);
  if (review.status !== 'pending') throw notPending(review);
  if ((await fourEyes(ctx)) && ownChange(ctx, review)) {
    throw new Problem(
      403,
      'own-change',
      bilingual('Din egen ändring', 'Your own change'),
      bilingual(
        'Du har skickat eller senast ändrat det här utkastet. Enligt fyraögonsprincipen godkänns det av någon annan.',
        'You sent or last changed this draft. Under the four-eyes rule someone else approves it.',
      ),
    );
  }
  const eservice = await getEService(ctx, eserviceId);
  if (eservice.revision !== review.draft_revision) {
    throw conflict(
      'review-outdated',
      bilingual(
        `Utkastet har ändrats sedan det skickades på granskning (version ${eservice.revision}, granskad ${review.draft_revision}). Det behöver skickas igen.`,
        `The draft has changed since it was sent for review (revision ${eservice.revision}, reviewed ${review.draft_revision}). It needs to be sent again.`,
      ),
      { currentRevision: eservice.revision, reviewedRevision: review.draft_revision },
    );
  }
  const decided = decision(ctx);
  if (publishAt) {
    return ctx.db.transaction().execute(async (trx) => {
      const scheduled = await reviews.decidePending(trx, review.id, decided, { status: 'scheduled', publishAt });
      if (!scheduled) return noLongerPending({ ...ctx, db: trx }, review);
      await recordAudit(trx, { ...auditSubject(ctx, eserviceId), action: 'eservice.review-approved', details: { review: review.id, publishAt: publishAt.toISOString() } });
      return scheduled;
    });
  }
  let approved: EServiceReviewRow | undefined;
  await publishEService(ctx, eserviceId, check, {
    reviewed: { definition: review.definition, revision: review.draft_revision },
    alongside: async (trx, version) => {
      approved = await reviews.decidePending(trx, review.id, decided, { status: 'published', publishedVersion: version.version });
      // decided by someone else, or superseded, while the check ran: nothing is published
      if (!approved) await noLongerPending({ ...ctx, db: trx }, review);
      await recordAudit(trx, { ...auditSubject(ctx, eserviceId), action: 'eservice.review-approved', details: { review: review.id, version: version.version } });
    },
  });
  return approved!;
}

/** Returns a pending review to the designer with the approver's comment. */
export async function returnReview(ctx: TenantContext, eserviceId: string, reviewId: string, body: unknown): Promise<EServiceReviewRow> {
  const comment = reviewComment(optionalBody(body).comment);
  const review = await findReviewOf(ctx, eserviceId, reviewId);
  if (review.status !== 'pending') throw notPending(review);
  return ctx.db.transaction().execute(async (trx) => {
    const returned = await reviews.decidePending(trx, review.id, decision(ctx), { status: 'returned', comment });
    if (!returned) return noLongerPending({ ...ctx, db: trx }, review);
    await recordAudit(trx, { ...auditSubject(ctx, eserviceId), action: 'eservice.review-returned', details: { review: review.id } });
    return returned;
  });
}

/**
 * Whether the staff member may publish the municipality's e-services without a review: an
 * approver where the four-eyes rule is off. Elsewhere publishing is refused (403, or 409
 * review-required), so the designer offers "Skicka för granskning" instead.
 */
export async function mayPublishDirectly(ctx: TenantContext, grants: readonly RoleGrant[]): Promise<boolean> {
  return holdsRole(grants, 'approver', ctx.municipalityId) && !(await fourEyes(ctx));
}

/** Publishing without a review: only where the municipality has turned the four-eyes rule off. */
export async function publishWithoutReview(ctx: TenantContext, eserviceId: string, check: PublishCheck) {
  if (await fourEyes(ctx)) throw reviewRequired();
  return publishEService(ctx, eserviceId, check);
}

/** A review as the designer's list and the approver's page show it. */
export const reviewSummary = (r: EServiceReviewRow) => ({
  id: r.id,
  status: r.status,
  draftRevision: r.draft_revision,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  comment: r.comment,
  publishAt: r.publish_at,
  publishedVersion: r.published_version,
  failure: r.failure,
  checks: { complete: r.report.complete, counts: r.report.counts },
});
