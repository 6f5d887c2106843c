import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/tables.js';
import { PeriodicJob } from '../jobs/periodic-job.js';
import { deleteExpiredDrafts, DRAFT_GRACE_DAYS } from './operations.js';

export interface DraftCleanupOptions {
  /** How often expired drafts are looked for; hourly by default. */
  intervalMs?: number;
  graceDays?: number;
}

/**
 * Deletes drafts whose grace period after expiry has passed: on a timer the app starts and stops,
 * and on access to the draft list (at most once a minute). The timer never keeps the process alive.
 */
export class DraftCleanup extends PeriodicJob<number> {
  private lastRun = 0;

  constructor(db: Kysely<Database>, logger: Logger, options: DraftCleanupOptions = {}) {
    const graceDays = options.graceDays ?? DRAFT_GRACE_DAYS;
    super({
      job: 'draft-cleanup',
      name: 'expired drafts cleanup',
      db,
      intervalMs: options.intervalMs ?? 3600_000,
      logger,
      failed: 0,
      pass: async (now) => {
        this.lastRun = Date.now();
        const count = await deleteExpiredDrafts(db, now, graceDays);
        if (count > 0) logger.info({ drafts: count }, 'expired drafts deleted');
        return count;
      },
    });
  }

  /**
   * On access to the drafts: a pass when none ran in this instance in the last minute (one
   * indexed delete). Unclaimed: each instance may run one, and the delete's row locks still
   * delete and audit each draft once.
   */
  async onAccess(): Promise<void> {
    if (Date.now() - this.lastRun > 60_000) await this.runOnce();
  }
}
