import type { Logger } from 'pino';

export interface PeriodicJobSettings<Result> {
  /** Named in the log when a pass fails */
  name: string;
  intervalMs: number;
  logger: Logger;
  /** One pass; may throw */
  pass: (now: Date) => Promise<Result>;
  /** What a failed pass counts as */
  failed: Result;
}

/**
 * A background job: a pass on a timer the process starts and stops (the timer never keeps the
 * process alive), one pass at a time per instance. A pass never throws: a failure is logged and
 * the next pass tries again. Jobs that several instances run claim their rows themselves (SKIP
 * LOCKED), so a pass is safe anywhere.
 */
export class PeriodicJob<Result> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<Result> | undefined;

  constructor(private readonly settings: PeriodicJobSettings<Result>) {}

  start(): this {
    if (!this.timer) {
      this.timer = setInterval(() => void this.runOnce(), this.settings.intervalMs);
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
}
