import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';

/**
 * Storage of attachments. The bytes live in a bytea column today; everything else reads them
 * only through openAttachmentContent, so a file or object store can take their place by
 * changing this module alone. Every function is scoped by municipality first.
 */

/** Who owns an attachment: the e-ID person, or the browser's upload token (its SHA-256). */
export type AttachmentOwner = { personalIdentityNumber: string } | { tokenHash: string };

export interface NewAttachment {
  eserviceId: string;
  version: number;
  fieldPath: string;
  owner: AttachmentOwner;
  originalName: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface AttachmentInfo {
  id: string;
  eserviceId: string;
  version: number;
  fieldPath: string;
  owner: AttachmentOwner;
  originalName: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: Date;
  submissionId: string | null;
}

const ownerColumns = (owner: AttachmentOwner) =>
  'personalIdentityNumber' in owner
    ? { owner_personal_identity_number: owner.personalIdentityNumber, owner_token_hash: null }
    : { owner_personal_identity_number: null, owner_token_hash: owner.tokenHash };

export const sameOwner = (a: AttachmentOwner, b: AttachmentOwner): boolean =>
  'personalIdentityNumber' in a
    ? 'personalIdentityNumber' in b && a.personalIdentityNumber === b.personalIdentityNumber
    : 'tokenHash' in b && a.tokenHash === b.tokenHash;

const INFO_COLUMNS = [
  'id',
  'eservice_id',
  'version',
  'field_path',
  'owner_personal_identity_number',
  'owner_token_hash',
  'original_name',
  'media_type',
  'size',
  'sha256',
  'created_at',
  'submission_id',
] as const;

function toInfo(row: {
  id: string;
  eservice_id: string;
  version: number;
  field_path: string;
  owner_personal_identity_number: string | null;
  owner_token_hash: string | null;
  original_name: string;
  media_type: string;
  size: number;
  sha256: string;
  created_at: Date;
  submission_id: string | null;
}): AttachmentInfo {
  return {
    id: row.id,
    eserviceId: row.eservice_id,
    version: row.version,
    fieldPath: row.field_path,
    owner: row.owner_personal_identity_number !== null ? { personalIdentityNumber: row.owner_personal_identity_number } : { tokenHash: row.owner_token_hash ?? '' },
    originalName: row.original_name,
    mediaType: row.media_type,
    size: row.size,
    sha256: row.sha256,
    createdAt: row.created_at,
    submissionId: row.submission_id,
  };
}

export async function insertAttachment(db: Kysely<Database>, municipalityId: string, attachment: NewAttachment, bytes: Buffer): Promise<AttachmentInfo> {
  const row = await db
    .insertInto('attachments')
    .values({
      municipality_id: municipalityId,
      eservice_id: attachment.eserviceId,
      version: attachment.version,
      field_path: attachment.fieldPath,
      ...ownerColumns(attachment.owner),
      original_name: attachment.originalName,
      media_type: attachment.mediaType,
      size: attachment.size,
      sha256: attachment.sha256,
      bytes,
    })
    .returning(INFO_COLUMNS)
    .executeTakeFirstOrThrow();
  return toInfo(row);
}

/** An attachment's description without its bytes. */
export async function findAttachment(db: Kysely<Database>, municipalityId: string, id: string): Promise<AttachmentInfo | undefined> {
  const row = await db.selectFrom('attachments').select(INFO_COLUMNS).where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
  return row && toInfo(row);
}

export async function findAttachments(db: Kysely<Database>, municipalityId: string, ids: readonly string[]): Promise<AttachmentInfo[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('attachments').select(INFO_COLUMNS).where('municipality_id', '=', municipalityId).where('id', 'in', ids).execute();
  return rows.map(toInfo);
}

/** The attachment's bytes as a stream (a file store would open the file here). */
export async function openAttachmentContent(db: Kysely<Database>, municipalityId: string, id: string): Promise<Readable | undefined> {
  const row = await db.selectFrom('attachments').select('bytes').where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
  return row && Readable.from([Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength)]);
}

/** Deletes an attachment no submission uses; false when there was none such. */
export async function deleteUnsubmittedAttachment(db: Kysely<Database>, municipalityId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('attachments')
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .where('submission_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Ties attachments to a submission. Only attachments no submission uses yet are taken, so an
 * attachment can never belong to two submissions; returns how many were linked.
 */
export async function linkAttachments(db: Kysely<Database>, municipalityId: string, ids: readonly string[], submissionId: string): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('attachments')
    .set({ submission_id: submissionId })
    .where('municipality_id', '=', municipalityId)
    .where('id', 'in', ids)
    .where('submission_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
