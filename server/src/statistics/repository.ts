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

/**
 * Submissions of the period per e-service, by channel. Whether a submission was sent from a draft
 * is told by the audit log (the draft's deletion names it); the municipality's such deletions are
 * read once and joined, not looked up submission by submission (migration 038's indexes).
 */
export async function caseCounts(db: Kysely<Database>, municipalityId: string, period: StatisticsPeriod): Promise<Map<string, CaseCounts>> {
  const sentFromDraft = db
    .selectFrom('audit_log')
    .select(sql<string>`details ->> 'submissionId'`.as('submission_id'))
    .distinct()
    .where('municipality_id', '=', municipalityId)
    .where('action', '=', 'draft.deleted')
    .where(sql<boolean>`details ->> 'submissionId' is not null`);
  const rows = await db
    .selectFrom('submissions as s')
    .leftJoin(sentFromDraft.as('d'), (join) => join.on(sql<boolean>`d.submission_id = s.id::text`))
    .select((eb) => [
      's.eservice_id',
      eb.fn.countAll().filterWhere((w) => w.and([w('s.channel', '=', 'digital'), w('s.state', '=', 'submitted')])).as('digital'),
      eb.fn.countAll().filterWhere('s.channel', '=', 'paper').as('paper'),
      eb.fn.countAll().filterWhere((w) => w.and([w('s.channel', '=', 'digital'), w('d.submission_id', 'is', null)])).as('sent_without_draft'),
    ])
    .where('s.municipality_id', '=', municipalityId)
    .where('s.submitted_at', '>=', periodStart(period))
    .where('s.submitted_at', '<', periodEnd(period))
    .groupBy('s.eservice_id')
    .execute();
  return new Map(rows.map((row) => [row.eservice_id, { digital: count(row.digital), paper: count(row.paper), sentWithoutDraft: count(row.sent_without_draft) }]));
}

/**
 * Drafts created in the period per e-service (from the audit log: a sent draft is deleted) and
 * what became of them: the municipality's draft deletions, one row per draft saying whether it
 * was sent, joined to the period's creations.
 */
export async function draftCounts(db: Kysely<Database>, municipalityId: string, period: StatisticsPeriod): Promise<Map<string, DraftCounts>> {
  const deletions = db
    .selectFrom('audit_log')
    .select((eb) => ['subject_id', eb.fn<boolean | null>('bool_or', [sql<boolean>`details ->> 'reason' = ${'submitted'}`]).as('sent')])
    .where('municipality_id', '=', municipalityId)
    .where('subject_type', '=', 'draft')
    .where('action', '=', 'draft.deleted')
    .groupBy('subject_id');
  const rows = await db
    .selectFrom('audit_log as c')
    .leftJoin(deletions.as('d'), 'd.subject_id', 'c.subject_id')
    .select((eb) => [
      sql<string>`c.details ->> 'eserviceId'`.as('eservice_id'),
      eb.fn.countAll().as('created'),
      eb.fn.countAll().filterWhere(sql<boolean>`d.sent is not true`).as('not_sent'),
      eb.fn.countAll().filterWhere('d.subject_id', 'is', null).as('still_saved'),
    ])
    .where('c.municipality_id', '=', municipalityId)
    .where('c.action', '=', 'draft.created')
    .where('c.occurred_at', '>=', periodStart(period))
    .where('c.occurred_at', '<', periodEnd(period))
    .groupBy(sql`c.details ->> 'eserviceId'`)
    .execute();
  return new Map(rows.map((row) => [row.eservice_id, { created: count(row.created), notSent: count(row.not_sent), stillSaved: count(row.still_saved) }]));
}
