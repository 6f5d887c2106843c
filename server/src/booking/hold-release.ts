import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/tables.js';
import { PeriodicJob } from '../jobs/periodic-job.js';
import { releaseExpiredHolds } from './repository.js';

/**
 * Releases booking holds whose minutes ran out (a citizen who chose a slot and left), every minute
 * by default, once per interval however many instances run it (PeriodicJob).
 */
export class BookingHoldRelease extends PeriodicJob<number> {
  constructor(db: Kysely<Database>, logger: Logger, options: { intervalMs?: number } = {}) {
    super({
      job: 'booking-hold-release',
      name: 'expired booking holds release',
      db,
      intervalMs: options.intervalMs ?? 60_000,
      logger,
      failed: 0,
      pass: async (now) => {
        const released = await releaseExpiredHolds(db, now);
        if (released > 0) logger.info({ holds: released }, 'expired booking holds released');
        return released;
      },
    });
  }
}
