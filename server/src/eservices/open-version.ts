import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import type { Database, EServiceRow, EServiceVersionRow } from '../db/tables.js';
import { notFound, Problem } from '../problems/problem.js';
import { remembered } from '../caching/remembered.js';
import { findVersion } from './repository.js';

export const versionNotFound = (eserviceId: string, version: number) =>
  notFound(bilingual(`Version ${version} av e-tjänsten ”${eserviceId}”`, `Version ${version} of the e-service “${eserviceId}”`));

export const eserviceClosed = (eserviceId: string) =>
  new Problem(
    409,
    'eservice-not-published',
    bilingual('E-tjänsten är stängd', 'The e-service is closed'),
    bilingual(`E-tjänsten ”${eserviceId}” tar inte emot ansökningar just nu.`, `The e-service “${eserviceId}” is not accepting submissions right now.`),
  );

/** What citizens see of a pause (the catalogue, the summary): since when and the message; null when not paused. */
export const pausedView = (row: Pick<EServiceRow, 'paused_at' | 'pause_message'>) =>
  row.paused_at === null ? null : { since: row.paused_at, message: row.pause_message };

/** Paused by its municipality: the message says why and until when (the catalogue shows it too). */
export const eservicePaused = (eserviceId: string, message: { sv: string; en?: string | undefined } | null) =>
  new Problem(
    503,
    'eservice-paused',
    bilingual('E-tjänsten är pausad', 'The e-service is paused'),
    bilingual(
      message?.sv ?? `E-tjänsten ”${eserviceId}” tar tillfälligt inte emot ansökningar. Försök igen senare.`,
      message?.en ?? `The e-service “${eserviceId}” is temporarily not accepting submissions. Please try again later.`,
    ),
  );

/** Published versions, by municipality, e-service and version, per database handle (see findOpenVersion). */
const publishedVersions = new WeakMap<Kysely<Database>, Map<string, Promise<EServiceVersionRow>>>();
const VERSIONS_KEPT = 500;

/**
 * A published version a citizen may answer: it exists, and its e-service is published. Older
 * versions stay open while the e-service is published, so a citizen who started before a new
 * version was published can still send; an unpublished e-service takes nothing. The e-service's
 * state is read every time; the version once (publishedVersion).
 */
export async function findOpenVersion(
  db: Kysely<Database>,
  municipalityId: string,
  eserviceId: string,
  version: number,
  options: Openness = {},
): Promise<{ pinned: EServiceVersionRow }> {
  const [eservice, pinned] = await Promise.all([
    db.selectFrom('eservices').select(['published_version', 'paused_at', 'pause_message']).where('municipality_id', '=', municipalityId).where('id', '=', eserviceId).executeTakeFirst(),
    publishedVersion(db, municipalityId, eserviceId, version),
  ]);
  requireOpen(eservice, eserviceId, version, options);
  return { pinned };
}

/** What findOpenVersion requires of the e-service: published (mustBeOpen), and not paused (takingSubmissions). */
export interface Openness {
  mustBeOpen?: boolean;
  takingSubmissions?: boolean;
}

/** Throws the problem that says why an e-service (its row, or undefined when there is none) is not open. */
export function requireOpen(
  eservice: Pick<EServiceRow, 'published_version' | 'paused_at' | 'pause_message'> | undefined,
  eserviceId: string,
  version: number,
  { mustBeOpen = true, takingSubmissions = false }: Openness,
): void {
  if (!eservice) throw versionNotFound(eserviceId, version);
  if (mustBeOpen && eservice.published_version === null) throw eserviceClosed(eserviceId);
  if (takingSubmissions && eservice.paused_at !== null) throw eservicePaused(eserviceId, eservice.pause_message);
}

/**
 * A stored version, or versionNotFound. A published version never changes (a trigger refuses
 * it), so each is read once per database handle and kept (the last 500 used).
 */
export async function publishedVersion(db: Kysely<Database>, municipalityId: string, eserviceId: string, version: number): Promise<EServiceVersionRow> {
  let versions = publishedVersions.get(db);
  if (!versions) publishedVersions.set(db, (versions = new Map()));
  // not found is not kept: the version may be published later
  return remembered(versions, `${municipalityId}/${eserviceId}/${version}`, VERSIONS_KEPT, async () => (await findVersion(db, municipalityId, eserviceId, version)) ?? Promise.reject(versionNotFound(eserviceId, version)));
}
