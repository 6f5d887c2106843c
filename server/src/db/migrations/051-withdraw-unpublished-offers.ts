import { sql, type Kysely } from 'kysely';

/**
 * Unpublishing now withdraws an e-service's template offer (template-library/unpublishing.ts).
 * Offers of e-services unpublished before that are withdrawn here the same way, each with the
 * audit row unpublishing writes (unsealed; the sealer links it into the chain like any other).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    with withdrawn as (
      delete from template_offers o
      using eservices e
      where e.municipality_id = o.municipality_id and e.id = o.eservice_id and e.published_version is null
      returning o.municipality_id, o.eservice_id
    )
    insert into audit_log (municipality_id, occurred_at, actor, action, subject_type, subject_id, details)
    select municipality_id, date_trunc('milliseconds', now()), 'system:migration', 'eservice.template-withdrawn', 'eservice', eservice_id, '{"reason":"unpublished"}'::jsonb
    from withdrawn`.execute(db);
}

/** A withdrawal is not undone: the e-service's owner offers it again once it is published. */
export async function down(): Promise<void> {}
