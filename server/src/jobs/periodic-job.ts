import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/tables.js';
import { claimPassWindow } from './pass-window.js';

export interface PeriodicJobSettings<Result> {
  /** The job's row in job_passes, where its timed passes are claimed (a slug, e.g. `draft-cleanup`) */
  job: string;
  /** Named in the log when a pass fails */
  name: string;
  db: Kysely<Database>;
  intervalMs: number;
  logger: Logger;
  /** One pass; may throw */
  pass: (now: Date) => Promise<Result>;
  /** What a failed pass counts as */
  failed: Result;
}

/**
 * A timed pass claims a window this much shorter than the interval, so an instance whose timer
 * fires a little early (or whose claim reaches the database a little sooner) still finds its
 * own last window over.
 */
const WINDOW_SHARE = 0.9;

/**
 * A background job: a pass on a timer the process starts and stops (the timer never keeps the
 * process alive), one pass at a time per instance. A pass never throws: a failure is logged and
 * the next pass tries again. However many instances run the timer, one pass runs per interval:
 * a tick first claims the job's pass window in the database (claimPassWindow) and does nothing
 * when another instance has it. `runOnce` (tests, a pass on access) runs at once, unclaimed; the
 * jobs claim their rows themselves (SKIP LOCKED or row locks), so any pass is safe anywhere.
 */
export class PeriodicJob<Result> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<Result> | undefined;

  constructor(private readonly settings: PeriodicJobSettings<Result>) {}

  start(): this {
    if (!this.timer) {
      this.timer = setInterval(() => void this.timedPass(), this.settings.intervalMs);
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

  runOnce(now = new Date()): Promise<Result> {
    this.running ??= this.settings
      .pass(now)
      .catch((error: unknown) => {
        this.settings.logger.warn({ err: error, job: this.settings.name }, `${this.settings.name} failed; the next pass tries again`);
        return this.settings.failed;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** A tick of the timer: a pass when this instance claims the window, none when another has it. */
  private async timedPass(): Promise<void> {
    const { db, job, intervalMs, logger, name } = this.settings;
    // an instance still busy with its last pass leaves the window to the others
    if (this.running) return;
    try {
      if (!(await claimPassWindow(db, job, intervalMs * WINDOW_SHARE))) return;
    } catch (error) {
      logger.warn({ err: error, job: name }, `${name} could not claim its pass; the next tick tries again`);
      return;
    }
    await this.runOnce();
  }
}
