import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/tables.js';
import { PeriodicJob } from '../jobs/periodic-job.js';

/** Increments per statement: a pass holds its row locks briefly, however many have piled up. */
const BATCH = 5000;

/** The counted figures, as the increments and both totals tables name them. */
export const STATISTICS_FIGURES = ['digital', 'paper', 'sent_without_draft', 'drafts_created', 'drafts_not_sent', 'drafts_still_saved'] as const;
const figures = sql.raw(STATISTICS_FIGURES.join(', '));
const sums = sql.raw(STATISTICS_FIGURES.map((f) => `sum(${f})`).join(', '));
/** `table.figure + excluded.figure` for each figure: an upsert that adds. */
const addedTo = (table: string) => sql.raw(STATISTICS_FIGURES.map((f) => `${f} = ${table}.${f} + excluded.${f}`).join(', '));

/**
 * Folds up to `batch` of the oldest statistics increments into the per-day totals and the
 * per-month totals (migration 049), in one statement: the increments deleted and their sums added
 * to both are one change, so a reader (who adds totals and increments in one snapshot) sees each
 * increment exactly once, and a month always equals its days. Increments another instance is
 * folding are skipped (SKIP LOCKED). Returns how many were folded.
 */
export async function foldStatisticsIncrements(db: Kysely<Database>, batch = BATCH): Promise<number> {
  const { rows } = await sql<{ folded: string | number }>`
    with folded as (
      delete from statistics_increments where id in (select id from statistics_increments order by id limit ${batch} for update skip locked)
      returning municipality_id, eservice_id, day, ${figures}
    ), days as (
      insert into statistics_totals (municipality_id, eservice_id, day, ${figures})
      select municipality_id, eservice_id, day, ${sums} from folded group by municipality_id, eservice_id, day
      on conflict (municipality_id, day, eservice_id) do update set ${addedTo('statistics_totals')}
    ), months as (
      insert into statistics_monthly_totals (municipality_id, eservice_id, month, ${figures})
      select municipality_id, eservice_id, date_trunc('month', day::timestamp)::date, ${sums} from folded group by 1, 2, 3
      on conflict (municipality_id, month, eservice_id) do update set ${addedTo('statistics_monthly_totals')}
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
 * triggers of migration 042 append into the per-day and per-month totals, so a statistics query reads few
 * rows. Figures are exact whether or not it has run; it only keeps the reading cheap. Safe on
 * several instances (one pass per interval; the rows are claimed with SKIP LOCKED).
 */
export class StatisticsFolding extends PeriodicJob<number> {
  constructor(db: Kysely<Database>, logger: Logger, options: { intervalMs?: number } = {}) {
    super({ job: 'statistics-folding', name: 'statistics folding', db, intervalMs: options.intervalMs ?? 3600_000, logger, failed: 0, pass: () => foldAllStatisticsIncrements(db) });
  }
}
