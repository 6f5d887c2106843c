import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/tables.js';

/** This process among the instances, as job_passes names it. */
export const INSTANCE = `${hostname()}:${process.pid}`;

/**
 * Claims a job's pass window: true, and the job's row moved on, when no instance started a
 * timed pass of it within the last `windowMs`; false when another did. One statement: of two
 * instances claiming at once, the second waits for the first's row and then sees it taken. The
 * database's clock decides, so the instances' clocks need not agree.
 */
export async function claimPassWindow(db: Kysely<Database>, job: string, windowMs: number, instance = INSTANCE): Promise<boolean> {
  const claimed = await db
    .insertInto('job_passes')
    .values({ job, started_at: sql<Date>`now()`, instance, passes: 1 })
    .onConflict((conflict) =>
      conflict
        .column('job')
        .doUpdateSet({ started_at: sql<Date>`now()`, instance, passes: sql<number>`job_passes.passes + 1` })
        .where('job_passes.started_at', '<=', sql<Date>`now() - make_interval(secs => ${windowMs / 1000})`),
    )
    .returning('passes')
    .executeTakeFirst();
  return claimed !== undefined;
}
