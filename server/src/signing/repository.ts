import type { Kysely, Selectable } from 'kysely';
import type { Database, SignatureOrderTable, SignerRole, SubmissionSignatureTable } from '../db/tables.js';

export type SignatureOrderRow = Selectable<SignatureOrderTable>;
export type SignatureRow = Selectable<SubmissionSignatureTable>;

export async function insertSignatureOrder(
  db: Kysely<Database>,
  order: { bankIdOrderId: string; municipalityId: string; submissionId: string; signer: string; role: SignerRole; signedHash: string },
): Promise<void> {
  await db
    .insertInto('signature_orders')
    .values({
      bankid_order_id: order.bankIdOrderId,
      municipality_id: order.municipalityId,
      submission_id: order.submissionId,
      signer_personal_identity_number: order.signer,
      role: order.role,
      signed_hash: order.signedHash,
    })
    .execute();
}

/** The sign order of this submission and signer, if the BankID order is one. */
export async function findSignatureOrder(db: Kysely<Database>, municipalityId: string, bankIdOrderId: string, submissionId: string, signer: string) {
  return db
    .selectFrom('signature_orders')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('bankid_order_id', '=', bankIdOrderId)
    .where('submission_id', '=', submissionId)
    .where('signer_personal_identity_number', '=', signer)
    .executeTakeFirst();
}

export async function refuseSignatureOrder(db: Kysely<Database>, bankIdOrderId: string, refusal: string): Promise<void> {
  await db.updateTable('signature_orders').set({ refusal }).where('bankid_order_id', '=', bankIdOrderId).execute();
}

/** The personal identity numbers the applicant named as co-signers (set when the applicant signs). */
export async function coSignersOf(db: Kysely<Database>, municipalityId: string, submissionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('submission_co_signers')
    .select('personal_identity_number')
    .where('municipality_id', '=', municipalityId)
    .where('submission_id', '=', submissionId)
    .execute();
  return rows.map((r) => r.personal_identity_number);
}

export async function signaturesOf(db: Kysely<Database>, municipalityId: string, submissionId: string): Promise<SignatureRow[]> {
  return db
    .selectFrom('submission_signatures')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('submission_id', '=', submissionId)
    .orderBy('signed_at')
    .execute();
}

export async function signatureOfOrder(db: Kysely<Database>, municipalityId: string, bankIdOrderId: string): Promise<SignatureRow | undefined> {
  return db
    .selectFrom('submission_signatures')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('bankid_order_id', '=', bankIdOrderId)
    .executeTakeFirst();
}

/**
 * Submissions whose co-signers' deadline has passed become 'signature-expired'; returns their
 * ids. Run before anything reads signing states, so a passed deadline is never shown as open.
 */
export async function expireOverdueSignatures(db: Kysely<Database>, municipalityId: string, now = new Date()): Promise<string[]> {
  const rows = await db
    .updateTable('submissions')
    .set({ state: 'signature-expired' })
    .where('municipality_id', '=', municipalityId)
    .where('state', '=', 'awaiting-co-signatures')
    .where('signature_deadline', '<=', now)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Submissions in a municipality where the person is a named co-signer who has not signed yet. */
export async function pendingSignatureRequests(db: Kysely<Database>, municipalityId: string, personalIdentityNumber: string) {
  const rows = await db
    .selectFrom('submission_co_signers')
    .innerJoin('submissions', (join) =>
      join.onRef('submissions.id', '=', 'submission_co_signers.submission_id').onRef('submissions.municipality_id', '=', 'submission_co_signers.municipality_id'),
    )
    .innerJoin('eservice_versions', (join) =>
      join
        .onRef('eservice_versions.municipality_id', '=', 'submissions.municipality_id')
        .onRef('eservice_versions.eservice_id', '=', 'submissions.eservice_id')
        .onRef('eservice_versions.version', '=', 'submissions.version'),
    )
    .select([
      'submissions.id',
      'submissions.receipt_number',
      'submissions.eservice_id',
      'submissions.applicant_name',
      'submissions.submitted_at',
      'submissions.signature_deadline',
      'eservice_versions.title',
    ])
    .where('submission_co_signers.municipality_id', '=', municipalityId)
    .where('submission_co_signers.personal_identity_number', '=', personalIdentityNumber)
    .where('submissions.state', '=', 'awaiting-co-signatures')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('submission_signatures')
            .select('submission_signatures.id')
            .whereRef('submission_signatures.submission_id', '=', 'submissions.id')
            .where('submission_signatures.signer_personal_identity_number', '=', personalIdentityNumber),
        ),
      ),
    )
    .orderBy('submissions.signature_deadline')
    .execute();
  return rows;
}
