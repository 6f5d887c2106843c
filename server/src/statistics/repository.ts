import { sql, type Kysely } from 'kysely';
import type { EServiceDefinition, LocalizedText, StatisticsPeriod } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';


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

type Figure = 'digital' | 'paper' | 'sent_without_draft' | 'drafts_created' | 'drafts_not_sent' | 'drafts_still_saved';

/**
 * The period's figures per e-service: the folded per-day totals plus the increments not yet
 * folded (migration 042, statistics/totals.ts), summed in one statement, so in one snapshot:
 * exact whether or not the folding has run.
 */
async function figuresOf<F extends Figure>(db: Kysely<Database>, municipalityId: string, period: StatisticsPeriod, figures: readonly F[]) {
  const columns = sql.join(figures.map((figure) => sql.ref(figure)));
  const sums = sql.join(figures.map((figure) => sql`sum(${sql.ref(figure)}) as ${sql.ref(figure)}`));
  const inPeriod = sql`municipality_id = ${municipalityId} and day between ${period.from}::date and ${period.to}::date`;
  const { rows } = await sql<{ eservice_id: string } & Record<F, string | number | null>>`
    select eservice_id, ${sums} from (
      select eservice_id, ${columns} from statistics_totals where ${inPeriod}
      union all
      select eservice_id, ${columns} from statistics_increments where ${inPeriod}
    ) as f group by eservice_id`.execute(db);
  return rows;
}

/** Submissions of the period (the day each arrived) per e-service, by channel. */
export async function caseCounts(db: Kysely<Database>, municipalityId: string, period: StatisticsPeriod): Promise<Map<string, CaseCounts>> {
  const rows = await figuresOf(db, municipalityId, period, ['digital', 'paper', 'sent_without_draft']);
  return new Map(rows.map((row) => [row.eservice_id, { digital: count(row.digital), paper: count(row.paper), sentWithoutDraft: count(row.sent_without_draft) }]));
}

/** Drafts started in the period per e-service, and what became of them so far. */
export async function draftCounts(db: Kysely<Database>, municipalityId: string, period: StatisticsPeriod): Promise<Map<string, DraftCounts>> {
  const rows = await figuresOf(db, municipalityId, period, ['drafts_created', 'drafts_not_sent', 'drafts_still_saved']);
  return new Map(rows.map((row) => [row.eservice_id, { created: count(row.drafts_created), notSent: count(row.drafts_not_sent), stillSaved: count(row.drafts_still_saved) }]));
}
