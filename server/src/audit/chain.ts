import { createHash } from 'node:crypto';

/**
 * The hash chain of the audit log. One chain for the whole installation: every row, of any
 * municipality or of none (staff logins, platform administration), carries the hash of the row
 * before it, so one walk verifies everything and no municipality's rows can be dropped unseen.
 * Rows join the chain when the sealer links them (sealing.ts), in the order of `chain_seq`.
 *
 * A row's hash is the lower-case hex SHA-256 of the UTF-8 bytes of the canonical JSON array
 *
 *   [prev_hash, occurred_at, municipality_id, actor, action, subject_type, subject_id, details]
 *
 * where occurred_at is ISO 8601 in UTC with milliseconds ("2026-12-07T01:37:11.123Z"; the app
 * takes the time, PostgreSQL keeps it exactly at that precision), municipality_id is a string or
 * null, and every JSON value is written without whitespace, object keys sorted by UTF-16 code
 * units, strings and numbers as JavaScript's JSON.stringify writes them (as in RFC 8785).
 * `details` is stored as jsonb, which reorders keys and reformats nothing else that a
 * JavaScript value can hold, so the sorted form is the same before storing and after reading.
 */

/** The prev_hash of the very first row of an installation's log. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  occurredAt: Date;
  municipalityId: string | null;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: unknown;
}

/** What of a stored audit row its hash covers, as the sealer links it and verification checks it. */
export const chainedContentOf = (row: { occurred_at: Date; municipality_id: string | null; actor: string; action: string; subject_type: string; subject_id: string; details: unknown }): ChainedContent => ({
  occurredAt: row.occurred_at,
  municipalityId: row.municipality_id,
  actor: row.actor,
  action: row.action,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  details: row.details,
});

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Details as they are stored and read back: plain JSON (Dates become ISO strings, undefined
 * members disappear), so what is hashed is what the table holds.
 */
export const storedDetails = (details: Record<string, unknown> | undefined): Record<string, unknown> =>
  JSON.parse(JSON.stringify(details ?? {})) as Record<string, unknown>;

export function rowHash(prevHash: string, row: ChainedContent): string {
  const canonical = canonicalJson([prevHash, row.occurredAt.toISOString(), row.municipalityId, row.actor, row.action, row.subjectType, row.subjectId, row.details]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
