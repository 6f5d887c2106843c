import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import type { Database, EServiceRow, EServiceVersionRow } from '../db/tables.js';
import { notFound, Problem } from '../problems/problem.js';
import { findEService, findVersion } from './repository.js';

export const versionNotFound = (eserviceId: string, version: number) =>
  notFound(bilingual(`Version ${version} av e-tjänsten ”${eserviceId}”`, `Version ${version} of the e-service “${eserviceId}”`));

export const eserviceClosed = (eserviceId: string) =>
  new Problem(
    409,
    'eservice-not-published',
    bilingual('E-tjänsten är stängd', 'The e-service is closed'),
    bilingual(`E-tjänsten ”${eserviceId}” tar inte emot ansökningar just nu.`, `The e-service “${eserviceId}” is not accepting submissions right now.`),
  );

/**
 * A published version a citizen may answer: it exists, and its e-service is published. Older
 * versions stay open while the e-service is published, so a citizen who started before a new
 * version was published can still send; an unpublished e-service takes nothing.
 */
export async function findOpenVersion(
  db: Kysely<Database>,
  municipalityId: string,
  eserviceId: string,
  version: number,
  { mustBeOpen = true } = {},
): Promise<{ eservice: EServiceRow; pinned: EServiceVersionRow }> {
  const [eservice, pinned] = await Promise.all([findEService(db, municipalityId, eserviceId), findVersion(db, municipalityId, eserviceId, version)]);
  if (!eservice || !pinned) throw versionNotFound(eserviceId, version);
  if (mustBeOpen && eservice.published_version === null) throw eserviceClosed(eserviceId);
  return { eservice, pinned };
}
