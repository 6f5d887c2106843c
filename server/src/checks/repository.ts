import type { Kysely } from 'kysely';
import type { CheckReport } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';

export type StoredReport = CheckReport & { checkedAt: string };

/** Keeps the report that let a version be published, with that version. */
export async function saveVersionCheck(db: Kysely<Database>, municipalityId: string, eserviceId: string, version: number, report: StoredReport): Promise<void> {
  await db
    .insertInto('eservice_version_checks')
    .values({
      municipality_id: municipalityId,
      eservice_id: eserviceId,
      version,
      catalogue_version: report.catalogueVersion,
      verdict: report.verdict,
      report,
      checked_at: new Date(report.checkedAt),
    })
    .execute();
}

export async function findVersionCheck(db: Kysely<Database>, municipalityId: string, eserviceId: string, version: number): Promise<StoredReport | undefined> {
  const row = await db
    .selectFrom('eservice_version_checks')
    .select('report')
    .where('municipality_id', '=', municipalityId)
    .where('eservice_id', '=', eserviceId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.report;
}
