import { stockholmDate } from '@etjanst/schemas';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { activityCounts } from '../statistics/repository.js';

/** How many e-services the catalogue's start shows first as the most used. */
export const MOST_USED_SHOWN = 3;

/**
 * The municipality's e-services most used in the last year (cases sent through the portal), most
 * first, ties by id; at most `MOST_USED_SHOWN`, and none that nobody used. Read from the
 * statistics' per-day totals, since every visit to the catalogue asks (counting a year's
 * submissions on each would put that scan on the portal's busiest page).
 */
export async function mostUsedEServices(db: Kysely<Database>, municipalityId: string, now = new Date()): Promise<string[]> {
  const yearAgo = new Date(now);
  yearAgo.setFullYear(yearAgo.getFullYear() - 1);
  const { cases } = await activityCounts(db, municipalityId, { from: stockholmDate(yearAgo), to: stockholmDate(now) });
  return [...cases]
    .filter(([, counts]) => counts.digital > 0)
    .sort(([a, x], [b, y]) => y.digital - x.digital || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MOST_USED_SHOWN)
    .map(([eserviceId]) => eserviceId);
}
