import { sql, type Kysely } from 'kysely';

const FIGURES = ['digital', 'paper', 'sent_without_draft', 'drafts_created', 'drafts_not_sent', 'drafts_still_saved'] as const;

/**
 * The statistics' per-day totals (migration 042) rolled up per calendar month (issue #17: a
 * municipality's year read 365 rows per e-service from the daily totals, 62 ms at a million
 * submissions; whole months are now read from at most 12). `month` is the month's first day.
 * The folding pass (statistics/totals.ts) adds to both tables in one statement, so a month's row
 * is always the sum of its days' rows; here the months are summed from the days folded so far,
 * with the daily totals locked against a concurrent fold (another instance) until the migration's
 * transaction ends.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table statistics_monthly_totals (
    municipality_id text not null,
    eservice_id text not null,
    month date not null check (extract(day from month) = 1),
    ${sql.raw(FIGURES.map((f) => `${f} integer not null default 0`).join(', '))},
    -- covering, like the daily totals: a municipality's months are read from the index alone
    primary key (municipality_id, month, eservice_id) include (${sql.raw(FIGURES.join(', '))}))`.execute(db);
  await sumMonthlyTotals(db);
}

/** The months summed from the daily totals: by this migration, and after the scale bench's seed. */
export async function sumMonthlyTotals(db: Kysely<unknown>): Promise<void> {
  await sql`lock table statistics_totals in share mode`.execute(db);
  await sql`insert into statistics_monthly_totals (municipality_id, eservice_id, month, ${sql.raw(FIGURES.join(', '))})
    select municipality_id, eservice_id, date_trunc('month', day::timestamp)::date, ${sql.raw(FIGURES.map((f) => `sum(${f})`).join(', '))}
    from statistics_totals group by 1, 2, 3`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table statistics_monthly_totals`.execute(db);
}
