import type { Express } from 'express';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { recordAudit } from '../audit/audit-log.js';
import type { Database, EServiceReviewRow } from '../db/tables.js';
import { Problem } from '../problems/problem.js';
import { publishEService, type PublishCheck } from './operations.js';
import * as repository from './repository.js';
import * as reviews from './reviews-repository.js';
import { PeriodicJob } from '../jobs/periodic-job.js';
import { withdrawOfferOfUnpublished } from '../template-library/unpublishing.js';

export interface EServiceScheduleOptions {
  /** How often due publishings and unpublishings are looked for; every minute by default. */
  intervalMs?: number;
  /** A claim older than this is from an instance that stopped mid-publish; 10 minutes by default. */
  staleClaimMs?: number;
}

export interface SchedulePass {
  published: number;
  failed: number;
  unpublished: number;
  /** Claims of stopped instances put back in the queue */
  released: number;
}

/** The actor of what the schedule does by itself (the decision was audited with its staff actor). */
const SCHEDULE_ACTOR = 'system:schedule';
/** Unpublishings per transaction: a pass is short even when many fall due at once. */
const UNPUBLISH_BATCH = 50;

/**
 * Publishes approved reviews and unpublishes e-services at their set times: on a timer the app's
 * process starts and stops (the timer never keeps the process alive). Several instances may run
 * it against one database: each claims its rows with SKIP LOCKED, so nothing happens twice.
 */
export class EServiceSchedule extends PeriodicJob<SchedulePass> {
  private readonly staleClaimMs: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    private readonly check: PublishCheck,
    options: EServiceScheduleOptions = {},
  ) {
    super({
      job: 'eservice-schedule',
      name: 'scheduled publishing pass',
      db,
      intervalMs: options.intervalMs ?? 60_000,
      logger,
      failed: { published: 0, failed: 0, unpublished: 0, released: 0 },
      pass: (now) => this.pass(now),
    });
    this.staleClaimMs = options.staleClaimMs ?? 10 * 60_000;
  }

  private async pass(now: Date): Promise<SchedulePass> {
    const released = await reviews.releaseStaleClaims(this.db, new Date(now.getTime() - this.staleClaimMs));
    if (released > 0) this.logger.warn({ reviews: released }, 'scheduled publishings of a stopped instance queued again');
    const result = { published: 0, failed: 0, unpublished: 0, released };
    // passing faults are retried in the next pass, not again in this one
    const retry: string[] = [];
    for (let review = await reviews.claimDueReview(this.db, now); review; review = await reviews.claimDueReview(this.db, now)) {
      const outcome = await this.publish(review);
      if (outcome === 'retry') retry.push(review.id);
      else result[outcome] += 1;
    }
    for (const id of retry) await reviews.releaseClaim(this.db, id);
    result.unpublished = await this.unpublishDue(now);
    return result;
  }

  /** Publishes a claimed review as its approver decided; a refusal of the check is recorded in the review. */
  private async publish(review: EServiceReviewRow): Promise<'published' | 'failed' | 'retry'> {
    const ctx = {
      db: this.db,
      municipalityId: review.municipality_id,
      actor: review.decided_by ?? SCHEDULE_ACTOR,
      staffAccountId: review.decided_by_account ?? undefined,
    };
    const where = { municipality: review.municipality_id, eservice: review.eservice_id, review: review.id };
    try {
      const version = await publishEService(ctx, review.eservice_id, this.check, {
        reviewed: { definition: review.definition, revision: review.draft_revision },
        alongside: (trx, published) => reviews.markPublished(trx, review.id, published.version),
      });
      this.logger.info({ ...where, version: version.version }, 'scheduled publishing done');
      return 'published';
    } catch (error) {
      if (error instanceof Problem && error.status < 500) {
        await reviews.markFailed(this.db, review.id, { code: error.code, title: error.title, detail: error.detail });
        this.logger.warn({ ...where, code: error.code }, 'scheduled publishing refused');
        return 'failed';
      }
      this.logger.warn({ ...where, err: error }, 'scheduled publishing will be tried again');
      return 'retry';
    }
  }

  /** Unpublishes the e-services whose time has come (withdrawing their template offers), a batch per transaction. */
  private async unpublishDue(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.db.transaction().execute(async (trx) => {
        const due = await repository.lockDueUnpublishings(trx, now, UNPUBLISH_BATCH);
        for (const eservice of due) {
          await repository.setUnpublished(trx, eservice.municipality_id, eservice.id);
          await recordAudit(trx, {
            municipalityId: eservice.municipality_id,
            actor: SCHEDULE_ACTOR,
            subjectType: 'eservice',
            subjectId: eservice.id,
            action: 'eservice.unpublished',
            details: { version: eservice.published_version, scheduledFor: eservice.unpublish_at?.toISOString() },
          });
          await withdrawOfferOfUnpublished(trx, { municipalityId: eservice.municipality_id, actor: SCHEDULE_ACTOR, eserviceId: eservice.id });
        }
        return due.length;
      });
      total += count;
      if (count < UNPUBLISH_BATCH) break;
    }
    if (total > 0) this.logger.info({ eservices: total }, 'scheduled unpublishings done');
    return total;
  }
}

/** The schedule of an app made by createApp (with its publish check), for the process to start and stop. */
export const scheduleOf = (app: Express): EServiceSchedule => app.locals.eserviceSchedule as EServiceSchedule;
