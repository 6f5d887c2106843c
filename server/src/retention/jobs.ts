import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/tables.js';
import { PeriodicJob } from '../jobs/periodic-job.js';
import { removeExpiredIdempotencyKeys, removeOldBankIdOrders, removeOldSamlRequests, removeUnsubmittedAttachments } from './housekeeping.js';
import type { RetentionPeriods } from './periods.js';
import { anonymiseExpiredSubmissions } from './submissions.js';
import { eraseOldRatingComments, removeExpiredRatingPermits } from '../ratings/retention.js';

export interface RetentionPass {
  bankIdOrdersRemoved: number;
  bankIdOrdersEmptied: number;
  unsubmittedAttachments: number;
  samlRequests: number;
  anonymisedSubmissions: number;
  idempotencyKeys: number;
  ratingComments: number;
  ratingPermits: number;
}

/**
 * The retention jobs on a timer the app's process starts and stops (hourly; the timer never keeps
 * the process alive): BankID orders, unsubmitted attachments, SAML requests and rating comments
 * past their configured periods, submissions past their e-service's retention period, and expired
 * Idempotency-Keys and permits to rate. (The portal's step counters are counts per day with no
 * personal data, so they are kept.) Several
 * instances may run them against one database: every job claims its rows with SKIP LOCKED, so
 * each row is handled, and audited, once.
 */
export class RetentionJobs extends PeriodicJob<RetentionPass> {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    private readonly options: { periods: RetentionPeriods; intervalMs?: number },
  ) {
    const nothing: RetentionPass = { bankIdOrdersRemoved: 0, bankIdOrdersEmptied: 0, unsubmittedAttachments: 0, samlRequests: 0, anonymisedSubmissions: 0, idempotencyKeys: 0, ratingComments: 0, ratingPermits: 0 };
    super({ job: 'retention', name: 'retention pass', db, intervalMs: options.intervalMs ?? 3600_000, logger, failed: nothing, pass: (now) => this.pass(now) });
  }

  private async pass(now: Date): Promise<RetentionPass> {
    const { periods } = this.options;
    const job = async <T>(name: string, run: () => Promise<T>, none: T): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        this.logger.warn({ err: error, job: name }, 'retention job failed; the next pass tries again');
        return none;
      }
    };
    const bankId = await job('bankid-orders', () => removeOldBankIdOrders(this.db, periods.bankIdOrderHours, now), { removed: 0, emptied: 0 });
    const pass: RetentionPass = {
      bankIdOrdersRemoved: bankId.removed,
      bankIdOrdersEmptied: bankId.emptied,
      unsubmittedAttachments: await job('unsubmitted-attachments', () => removeUnsubmittedAttachments(this.db, periods.unsubmittedAttachmentDays, now), 0),
      samlRequests: await job('saml-requests', () => removeOldSamlRequests(this.db, periods.samlRequestHours, now), 0),
      anonymisedSubmissions: await job('submissions', () => anonymiseExpiredSubmissions(this.db, now), 0),
      idempotencyKeys: await job('idempotency-keys', () => removeExpiredIdempotencyKeys(this.db, now), 0),
      ratingComments: await job('rating-comments', () => eraseOldRatingComments(this.db, periods.ratingCommentDays, now), 0),
      ratingPermits: await job('rating-permits', () => removeExpiredRatingPermits(this.db, now), 0),
    };
    if (Object.values(pass).some((count) => count > 0)) this.logger.info({ ...pass, periods }, 'retention pass done');
    return pass;
  }
}
