import type { Express } from 'express';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CheckReport } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import type { FullCheck } from './full-check.js';
import { hasBrowserScan } from './statement.js';

export interface PublishedVersionRef {
  municipalityId: string;
  eserviceId: string;
  version: number;
}

/**
 * Published versions whose stored report has no browser scan: the demo seed publishes with the
 * fast rules before the server listens, so their accessibility statements would say "not yet
 * assessed". The demo has tens of them, so they are read whole.
 */
export async function unscannedVersions(db: Kysely<Database>): Promise<PublishedVersionRef[]> {
  const rows = await db
    .selectFrom('eservices as e')
    .innerJoin('eservice_version_checks as c', (join) =>
      join.onRef('c.municipality_id', '=', 'e.municipality_id').onRef('c.eservice_id', '=', 'e.id').onRef('c.version', '=', 'e.published_version'),
    )
    .select(['e.municipality_id', 'e.id', 'c.version', 'c.report'])
    .orderBy('e.municipality_id')
    .orderBy('e.id')
    .execute();
  return rows.filter((row) => !hasBrowserScan(row.report)).map((row) => ({ municipalityId: row.municipality_id, eserviceId: row.id, version: row.version }));
}

/**
 * Runs the full check, browser scan included, on a published version and keeps its report with
 * the version in place of the one without a scan; the statement then rests on that scan. A
 * report that has a scan by now (another instance got there first) is left as it is.
 */
export async function assessVersion(db: Kysely<Database>, check: FullCheck, ref: PublishedVersionRef): Promise<CheckReport> {
  const { definition } = await db
    .selectFrom('eservice_versions')
    .select('definition')
    .where('municipality_id', '=', ref.municipalityId)
    .where('eservice_id', '=', ref.eserviceId)
    .where('version', '=', ref.version)
    .executeTakeFirstOrThrow();
  const report = await check(definition, { municipalityId: ref.municipalityId });
  const checkedAt = new Date();
  await db
    .updateTable('eservice_version_checks')
    .set({ report: { ...report, checkedAt: checkedAt.toISOString() }, verdict: report.verdict, catalogue_version: report.catalogueVersion, checked_at: checkedAt })
    .where('municipality_id', '=', ref.municipalityId)
    .where('eservice_id', '=', ref.eserviceId)
    .where('version', '=', ref.version)
    // hasBrowserScan in SQL; jsonb_path_exists has its own operators: && and != here are JSONPath's
    .where(sql<boolean>`not jsonb_path_exists(report, '$.results[*] ? (@.id == "SK-ACC-002" && @.status != "not-run")')`)
    .execute();
  return report;
}

export type VersionAssessment = (ref: PublishedVersionRef) => Promise<CheckReport>;

/** Assesses every unscanned published version, one after another (each scan keeps a core busy for seconds). */
export async function assessUnscannedVersions(db: Kysely<Database>, assess: VersionAssessment, logger: Logger): Promise<number> {
  let assessed = 0;
  for (const ref of await unscannedVersions(db)) {
    try {
      await assess(ref);
      assessed++;
    } catch (error) {
      // without a browser nothing can be scanned: the statements keep saying so
      logger.warn({ err: error, eservice: ref.eserviceId, municipality: ref.municipalityId }, 'a published version could not be scanned');
      break;
    }
  }
  return assessed;
}

/** The assessment with the full check of an app made by createApp, for the process to run. */
export const assessmentOf = (app: Express): VersionAssessment => app.locals.versionAssessment as VersionAssessment;
