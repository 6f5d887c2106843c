import { sql, type Kysely } from 'kysely';
import type { LocalizedText } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { swedishDay } from '../db/swedish-day.js';
import { usePermit } from './permits.js';

export interface NewRating {
  eserviceId: string;
  version: number;
  grade: number;
  comment: string | null;
}

/**
 * Stores a rating with the Swedish day it was given and nothing about who gave it, using up its
 * permit in the same statement: false, and nothing stored, when the permit is not valid here.
 * The rating row keeps nothing of the permit.
 */
export async function insertRating(db: Kysely<Database>, municipalityId: string, rating: NewRating, permitHash: string): Promise<boolean> {
  const stored = await db
    .with('used', (q) => usePermit(q, municipalityId, rating.eserviceId, permitHash))
    .insertInto('eservice_ratings')
    .columns(['municipality_id', 'eservice_id', 'version', 'grade', 'comment', 'rated_on'])
    .expression((eb) =>
      eb
        .selectFrom('used')
        .select([
          sql<string>`${municipalityId}::text`.as('municipality_id'),
          sql<string>`${rating.eserviceId}::text`.as('eservice_id'),
          sql<number>`${rating.version}::integer`.as('version'),
          sql<number>`${rating.grade}::smallint`.as('grade'),
          sql<string | null>`${rating.comment}::text`.as('comment'),
          swedishDay.as('rated_on'),
        ]),
    )
    .executeTakeFirst();
  return Number(stored.numInsertedOrUpdatedRows ?? 0) === 1;
}

export interface GradeCount {
  eserviceId: string;
  title: LocalizedText;
  grade: number;
  count: number;
}

/** How many gave each grade per e-service in the period, with the title of the rated e-service's latest version. */
export async function gradeCounts(db: Kysely<Database>, municipalityId: string, from: string, to: string): Promise<GradeCount[]> {
  const rows = await db
    .selectFrom('eservice_ratings as r')
    .innerJoin('eservices as e', (join) => join.onRef('e.municipality_id', '=', 'r.municipality_id').onRef('e.id', '=', 'r.eservice_id'))
    .innerJoin('eservice_versions as v', (join) =>
      join.onRef('v.municipality_id', '=', 'e.municipality_id').onRef('v.eservice_id', '=', 'e.id').onRef('v.version', '=', 'e.latest_version'),
    )
    .select((eb) => ['r.eservice_id', 'v.title', 'r.grade', eb.fn.countAll().as('count')])
    .where('r.municipality_id', '=', municipalityId)
    .where('r.rated_on', '>=', from)
    .where('r.rated_on', '<=', to)
    .groupBy(['r.eservice_id', 'v.title', 'r.grade'])
    .execute();
  return rows.map((row) => ({ eserviceId: row.eservice_id, title: row.title, grade: row.grade, count: Number(row.count) }));
}

/** The period's comments, newest first, at most `limit` per municipality. */
export async function latestComments(db: Kysely<Database>, municipalityId: string, from: string, to: string, limit: number) {
  return db
    .selectFrom('eservice_ratings')
    .select(['eservice_id as eserviceId', 'grade', 'comment', sql<string>`rated_on::text`.as('ratedOn')])
    .where('municipality_id', '=', municipalityId)
    .where('rated_on', '>=', from)
    .where('rated_on', '<=', to)
    .where('comment', 'is not', null)
    .orderBy('rated_on', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}
