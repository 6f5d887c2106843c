import { bilingual, RATING_COMMENT_MAX_LENGTH, type EServiceRatings, type StatisticsPeriod } from '@etjanst/schemas';
import { objectBody } from '../cases/status.js';
import { findPublishedVersion, findVersion } from '../eservices/repository.js';
import type { TenantContext } from '../eservices/operations.js';
import { positiveInteger } from '../http/context.js';
import { notFound, unprocessable } from '../problems/problem.js';
import { gradeCounts, insertRating, latestComments, type NewRating } from './repository.js';
import { permitHashOf, refusedPermit } from './permits.js';
import { scrubPersonalData } from './scrub.js';

/** The most comments the owner's list shows for a period (the grades count them all). */
const COMMENTS_SHOWN = 200;

/** A rating as sent, with the hash of the permit it came with. */
export interface SentRating extends NewRating {
  permitHash: string;
}

/** A rating as sent by the portal: the version sent, a grade 1-5, an optional comment scrubbed of personal data, and the permit to rate. */
export function parseRating(eserviceId: string, body: unknown): SentRating {
  const input = objectBody(body);
  const version = positiveInteger(input.version, 'version');
  const grade = input.grade;
  if (typeof grade !== 'number' || !Number.isInteger(grade) || grade < 1 || grade > 5) {
    throw unprocessable('grade-invalid', bilingual('Välj ett betyg från 1 till 5.', 'Choose a grade from 1 to 5.'), { field: 'grade' });
  }
  const comment = input.comment === undefined || input.comment === null ? '' : input.comment;
  if (typeof comment !== 'string' || comment.length > RATING_COMMENT_MAX_LENGTH) {
    throw unprocessable(
      'comment-invalid',
      bilingual(`Kommentaren får vara högst ${RATING_COMMENT_MAX_LENGTH} tecken.`, `The comment may be at most ${RATING_COMMENT_MAX_LENGTH} characters.`),
      { field: 'comment' },
    );
  }
  const scrubbed = scrubPersonalData(comment.trim());
  return { eserviceId, version, grade, comment: scrubbed === '' ? null : scrubbed, permitHash: permitHashOf(input.permit) };
}

/**
 * Ratings are taken for a published e-service and a version of it that exists, one per permit
 * (issued with a submission's answer, see permits.ts): a permit used, expired or of another
 * e-service is refused.
 */
export async function rate(ctx: TenantContext, { permitHash, ...rating }: SentRating): Promise<void> {
  const published = await findPublishedVersion(ctx.db, ctx.municipalityId, rating.eserviceId);
  const version = published && (await findVersion(ctx.db, ctx.municipalityId, rating.eserviceId, rating.version));
  if (!version) throw notFound(bilingual(`E-tjänsten ”${rating.eserviceId}” i version ${rating.version}`, `The e-service “${rating.eserviceId}” in version ${rating.version}`));
  if (!(await insertRating(ctx.db, ctx.municipalityId, rating, permitHash))) throw await refusedPermit(ctx.db, ctx.municipalityId, rating.eserviceId, permitHash);
}

const twoDecimals = (value: number) => Math.round(value * 100) / 100;

/** Each rated e-service's grades in the period, its mean and its newest comments, by e-service id. */
export async function ratingsOf(ctx: TenantContext, period: StatisticsPeriod): Promise<EServiceRatings[]> {
  const [counts, comments] = await Promise.all([
    gradeCounts(ctx.db, ctx.municipalityId, period.from, period.to),
    latestComments(ctx.db, ctx.municipalityId, period.from, period.to, COMMENTS_SHOWN),
  ]);
  const byEService = new Map<string, EServiceRatings>();
  for (const row of counts) {
    const entry = byEService.get(row.eserviceId) ?? { eserviceId: row.eserviceId, title: row.title, count: 0, average: 0, grades: [0, 0, 0, 0, 0], comments: [] };
    entry.grades[row.grade - 1] = (entry.grades[row.grade - 1] ?? 0) + row.count;
    entry.count += row.count;
    byEService.set(row.eserviceId, entry);
  }
  for (const entry of byEService.values()) {
    entry.average = twoDecimals(entry.grades.reduce((sum, n, i) => sum + n * (i + 1), 0) / entry.count);
    entry.comments = comments.filter((c) => c.eserviceId === entry.eserviceId).map(({ grade, comment, ratedOn }) => ({ grade, comment: comment ?? '', ratedOn }));
  }
  return [...byEService.values()].sort((a, b) => a.eserviceId.localeCompare(b.eserviceId));
}
