import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/tables.js';
import { PeriodicJob } from '../jobs/periodic-job.js';

/** Increments per statement: a pass holds its row locks briefly, however many have piled up. */
const BATCH = 5000;

/**
 * Folds up to `batch` of the oldest statistics increments into the per-day totals, in one
 * statement: the increments deleted and their sums added are one change, so a reader (who adds
 * totals and increments in one snapshot) sees each increment exactly once. Increments another
 * instance is folding are skipped (SKIP LOCKED). Returns how many were folded.
 */
export async function foldStatisticsIncrements(db: Kysely<Database>, batch = BATCH): Promise<number> {
  const { rows } = await sql<{ folded: string | number }>`
    with folded as (
      delete from statistics_increments where id in (select id from statistics_increments order by id limit ${batch} for update skip locked)
      returning municipality_id, eservice_id, day, digital, paper, sent_without_draft, drafts_created, drafts_not_sent, drafts_still_saved
    ), added as (
      insert into statistics_totals (municipality_id, eservice_id, day, digital, paper, sent_without_draft, drafts_created, drafts_not_sent, drafts_still_saved)
      select municipality_id, eservice_id, day, sum(digital), sum(paper), sum(sent_without_draft), sum(drafts_created), sum(drafts_not_sent), sum(drafts_still_saved)
      from folded group by municipality_id, eservice_id, day
      on conflict (municipality_id, day, eservice_id) do update set
        digital = statistics_totals.digital + excluded.digital,
        paper = statistics_totals.paper + excluded.paper,
        sent_without_draft = statistics_totals.sent_without_draft + excluded.sent_without_draft,
        drafts_created = statistics_totals.drafts_created + excluded.drafts_created,
        drafts_not_sent = statistics_totals.drafts_not_sent + excluded.drafts_not_sent,
        drafts_still_saved = statistics_totals.drafts_still_saved + excluded.drafts_still_saved
    )
    select count(*) as folded from folded`.execute(db);
  return Number(rows[0]?.folded ?? 0);
}

/** Folds until no increments are left (or only ones other instances hold). */
export async function foldAllStatisticsIncrements(db: Kysely<Database>, batch = BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const folded = await foldStatisticsIncrements(db, batch);
    total += folded;
    if (folded < batch) return total;
  }
}

/**
 * The statistics' housekeeping on a timer the process starts and stops: folds the increments the
 * triggers of migration 042 append into the per-day totals, so a statistics query reads few
 * rows. Figures are exact whether or not it has run; it only keeps the reading cheap. Safe on
 * several instances (one pass per interval; the rows are claimed with SKIP LOCKED).
 */
export class StatisticsFolding extends PeriodicJob<number> {
  constructor(db: Kysely<Database>, logger: Logger, options: { intervalMs?: number } = {}) {
    super({ job: 'statistics-folding', name: 'statistics folding', db, intervalMs: options.intervalMs ?? 3600_000, logger, failed: 0, pass: () => foldAllStatisticsIncrements(db) });
  }
}
