import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/tables.js';
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
export class DraftCleanup {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private lastRun = 0;
  private readonly intervalMs: number;
  private readonly graceDays: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    options: DraftCleanupOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 3600_000;
    this.graceDays = options.graceDays ?? DRAFT_GRACE_DAYS;
  }

  start(): this {
    if (!this.timer) {
      this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
      this.timer.unref();
    }
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  get started(): boolean {
    return this.timer !== undefined;
  }

  /** One pass; never throws (a failed pass is logged and tried again on the next). */
  runOnce(now = new Date()): Promise<number> {
    this.running ??= deleteExpiredDrafts(this.db, now, this.graceDays)
      .then((count) => {
        if (count > 0) this.logger.info({ drafts: count }, 'expired drafts deleted');
        return count;
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'expired drafts could not be deleted');
        return 0;
      })
      .finally(() => {
        this.lastRun = Date.now();
        this.running = undefined;
      });
    return this.running;
  }

  /** On access to the drafts: a pass when none ran in the last minute (one indexed delete). */
  async onAccess(): Promise<void> {
    if (Date.now() - this.lastRun > 60_000) await this.runOnce();
  }
}
