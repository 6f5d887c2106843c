import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/tables.js';

/** How many e-services the catalogue's start shows first as the most used. */
export const MOST_USED_SHOWN = 3;

/**
 * The municipality's e-services most used in the last year (cases sent through the portal), most
 * first, ties by id; at most `MOST_USED_SHOWN`, and none that nobody used.
 */
export async function mostUsedEServices(db: Kysely<Database>, municipalityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('submissions')
    .select((eb) => ['eservice_id', eb.fn.countAll().as('cases')])
    .where('municipality_id', '=', municipalityId)
    .where('channel', '=', 'digital')
    .where('submitted_at', '>=', sql<Date>`now() - interval '1 year'`)
    .groupBy('eservice_id')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('eservice_id')
    .limit(MOST_USED_SHOWN)
    .execute();
  return rows.map((row) => row.eservice_id);
}
