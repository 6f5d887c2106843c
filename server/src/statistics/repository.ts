import { sql, type Kysely } from 'kysely';
import type { EServiceDefinition, LocalizedText, StatisticsPeriod } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { STATISTICS_FIGURES } from './totals.js';

export interface EServiceFigures {
  eserviceId: string;
  title: LocalizedText;
  published: boolean;
  benefit: EServiceDefinition['benefit'];
}

export interface CaseCounts {
  /** Sent through the portal and complete (signed where signing is required) */
  digital: number;
  /** Registered by a handler from a paper form, counted on the day it arrived */
  paper: number;
  /** Digital submissions, in any state, sent without a saved draft first (e.g. anonymous e-services) */
  sentWithoutDraft: number;
}

export interface DraftCounts {
  created: number;
  /** Drafts never sent: deleted by the citizen, expired, or still saved */
  notSent: number;
  /** Of those, still saved (may yet be sent) */
  stillSaved: number;
}

// Midnight in Sweden as an instant, so the range uses the indexes on the time columns
export const periodStart = (period: StatisticsPeriod) => sql<Date>`(${period.from}::date)::timestamp at time zone 'Europe/Stockholm'`;
export const periodEnd = (period: StatisticsPeriod) => sql<Date>`(${period.to}::date + 1)::timestamp at time zone 'Europe/Stockholm'`;
const count = (value: unknown) => Number(value ?? 0);

/** E-services that have at least one version, with the title and benefit figures of the current one (published, else the latest). */
export async function eservicesWithBenefit(db: Kysely<Database>, municipalityId: string): Promise<EServiceFigures[]> {
  const rows = await db
    .selectFrom('eservices')
    .innerJoin('eservice_versions', (join) =>
      join
        .onRef('eservice_versions.municipality_id', '=', 'eservices.municipality_id')
        .onRef('eservice_versions.eservice_id', '=', 'eservices.id')
        .on(sql<boolean>`eservice_versions.version = coalesce(eservices.published_version, eservices.latest_version)`),
    )
    .select([
      'eservices.id',
      'eservices.published_version',
      'eservice_versions.title',
      'eservice_versions.benefit',
    ])
    .where('eservices.municipality_id', '=', municipalityId)
    .orderBy('eservices.id')
    .execute();
  return rows.map((row) => ({ eserviceId: row.id, title: row.title, published: row.published_version !== null, benefit: row.benefit }));
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const monthStart = (year: number, monthIndex: number) => new Date(Date.UTC(year, monthIndex, 1));

/**
 * How a period's days are read: its whole calendar months from the monthly totals (`months`,
 * first days of months, `end` excluded), the days before and after them from the daily totals.
 * A calendar year is 12 monthly rows per e-service instead of 365 daily ones (issue #17).
 */
export function periodParts(period: StatisticsPeriod): { months?: { first: string; end: string }; days: { from: string; to: string }[] } {
  const [fromYear, fromMonth, fromDay] = period.from.split('-').map(Number) as [number, number, number];
  const [toYear, toMonth] = period.to.split('-').map(Number) as [number, number];
  const first = monthStart(fromYear, fromDay === 1 ? fromMonth - 1 : fromMonth);
  const afterTo = new Date(Date.parse(`${period.to}T00:00:00Z`) + 86_400_000);
  const end = afterTo.getUTCDate() === 1 ? afterTo : monthStart(toYear, toMonth - 1);
  if (first >= end) return { days: [period] };
  const days = [
    { from: period.from, to: day(new Date(first.getTime() - 86_400_000)) },
    { from: day(end), to: period.to },
  ].filter((part) => part.from <= part.to);
  return { months: { first: day(first), end: day(end) }, days };
}

/**
 * The figures of a period, per e-service and day (the first day of a month for a whole month's
 * row): the folded totals, monthly where whole months allow, and the increments not yet folded
 * (migrations 042 and 049, statistics/totals.ts), to be summed in the one statement that reads
 * them, so in one snapshot: exact whether or not the folding has run.
 */
const figuresOfPeriod = (municipalityId: string, period: StatisticsPeriod) => {
  const figures = sql.raw(STATISTICS_FIGURES.join(', '));
  const { months, days } = periodParts(period);
  const parts = [
    ...(months ? [sql`select eservice_id, month as day, ${figures} from statistics_monthly_totals where municipality_id = ${municipalityId} and month >= ${months.first}::date and month < ${months.end}::date`] : []),
    ...days.map((part) => sql`select eservice_id, day, ${figures} from statistics_totals where municipality_id = ${municipalityId} and day between ${part.from}::date and ${part.to}::date`),
    sql`select eservice_id, day, ${figures} from statistics_increments where municipality_id = ${municipalityId} and day between ${period.from}::date and ${period.to}::date`,
  ];
  return sql`(${sql.join(parts, sql` union all `)})`;
};

/** The period's figures per e-service. */
export async function activityCounts(db: Kysely<Database>, municipalityId: string, period: StatisticsPeriod): Promise<{ cases: Map<string, CaseCounts>; drafts: Map<string, DraftCounts> }> {
  const { rows } = await sql<Record<'eservice_id', string> & Record<'digital' | 'paper' | 'sent_without_draft' | 'drafts_created' | 'drafts_not_sent' | 'drafts_still_saved', string | number | null>>`
    select eservice_id, sum(digital) as digital, sum(paper) as paper, sum(sent_without_draft) as sent_without_draft,
      sum(drafts_created) as drafts_created, sum(drafts_not_sent) as drafts_not_sent, sum(drafts_still_saved) as drafts_still_saved
    from ${figuresOfPeriod(municipalityId, period)} as f group by eservice_id`.execute(db);
  return {
    cases: new Map(rows.map((row) => [row.eservice_id, { digital: count(row.digital), paper: count(row.paper), sentWithoutDraft: count(row.sent_without_draft) }])),
    drafts: new Map(rows.map((row) => [row.eservice_id, { created: count(row.drafts_created), notSent: count(row.drafts_not_sent), stillSaved: count(row.drafts_still_saved) }])),
  };
}

/** Digital and paper cases per e-service and month (`YYYY-MM`, Swedish days) of the period. */
export async function monthlyCaseCounts(db: Kysely<Database>, municipalityId: string, period: StatisticsPeriod): Promise<{ eserviceId: string; month: string; digital: number; paper: number }[]> {
  const { rows } = await sql<{ eservice_id: string; month: string; digital: string | number | null; paper: string | number | null }>`
    select eservice_id, to_char(day, 'YYYY-MM') as month, sum(digital) as digital, sum(paper) as paper
    from ${figuresOfPeriod(municipalityId, period)} as f group by eservice_id, month`.execute(db);
  return rows.map((row) => ({ eserviceId: row.eservice_id, month: row.month, digital: count(row.digital), paper: count(row.paper) }));
}
