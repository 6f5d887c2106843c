import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { bilingual } from '@etjanst/schemas';
import { insertDeliveries } from '../delivery/repository.js';
import { scheduleDeliveries } from '../delivery/schedule.js';
import { paymentDueBy } from '../payment/service.js';
import { recordAudit } from '../audit/audit-log.js';
import type { Database, SignerRole, SubmissionState } from '../db/tables.js';
import type { CompletionData } from '../identity/bankid/api.js';
import type { CitizenSession } from '../identity/sessions.js';
import { notFound, Problem } from '../problems/problem.js';
import { loadReceiptSource, type ReceiptSource } from '../receipts/content.js';
import { coSignRequestDeliveries } from './co-sign-requests.js';
import { namedCoSigners } from './co-signers.js';
import { sourceHash } from './content.js';
import { coSignersOf, expireOverdueSignatures, refuseSignatureOrder, signaturesOf, type SignatureOrderRow, type SignatureRow } from './repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Anyone who is neither the applicant nor a named co-signer gets what a missing submission gets. */
export const submissionNotFound = () => notFound(bilingual('Ärendet', 'The submission'));

export interface Signer {
  source: ReceiptSource;
  role: SignerRole;
  personalIdentityNumber: string;
  /** Every co-signer the answers name (12 digits) */
  coSigners: string[];
}

/**
 * Who the logged-in person is to a submission of the session's municipality: its applicant or a
 * co-signer its answers name; anyone else gets 404. Passed co-signing deadlines are applied first.
 */
export async function signerOf(db: Kysely<Database>, session: CitizenSession, submissionId: string): Promise<Signer> {
  if (!UUID.test(submissionId)) throw submissionNotFound();
  await expireOverdueSignatures(db, session.municipalityId);
  const source = await loadReceiptSource(db, session.municipalityId, submissionId);
  if (!source) throw submissionNotFound();
  const me = session.person.personalIdentityNumber;
  const coSigners = namedCoSigners(source.definition, source.submission.answers).map((c) => c.personalIdentityNumber);
  if (source.submission.applicant_personal_identity_number === me) return { source, role: 'applicant', personalIdentityNumber: me, coSigners };
  if (coSigners.includes(me)) return { source, role: 'co-signer', personalIdentityNumber: me, coSigners };
  throw submissionNotFound();
}

const conflict = (code: string, title: ReturnType<typeof bilingual>, detail: ReturnType<typeof bilingual>) => new Problem(409, code, title, detail);

/** Refuses a signing that the submission's state does not allow, with a reason the person can act on. */
export function assertMaySign(signer: Signer, signatures: SignatureRow[]): void {
  const { state } = signer.source.submission;
  if (!signer.source.definition.signing.required) {
    throw conflict(
      'signature-not-required',
      bilingual('Ingen underskrift behövs', 'No signature is needed'),
      bilingual('Den här e-tjänsten behöver ingen underskrift. Ansökan är redan skickad.', 'This e-service needs no signature. The application has already been sent.'),
    );
  }
  if (state === 'signature-expired') {
    throw conflict(
      'signature-expired',
      bilingual('Tiden för att skriva under har gått ut', 'The time to sign has run out'),
      bilingual('Alla underskrifter kom inte in i tid. Ansökan behöver göras om.', 'Not all signatures came in on time. The application needs to be made again.'),
    );
  }
  if (signer.role === 'applicant' && state === 'awaiting-co-signatures') {
    throw new Problem(
      403,
      'cannot-co-sign-own',
      bilingual('Du kan inte skriva under som medsökande', 'You cannot sign as a co-applicant'),
      bilingual('Det här är din egen ansökan. Den andra personen behöver skriva under själv.', 'This is your own application. The other person needs to sign it themselves.'),
    );
  }
  if (signatures.some((s) => s.signer_personal_identity_number === signer.personalIdentityNumber) || state === 'submitted') {
    throw conflict('already-signed', bilingual('Redan underskriven', 'Already signed'), bilingual('Du har redan skrivit under ansökan.', 'You have already signed the application.'));
  }
  if (signer.role === 'co-signer' && state !== 'awaiting-co-signatures') {
    throw conflict(
      'awaiting-applicant-signature',
      bilingual('Sökanden har inte skrivit under än', 'The applicant has not signed yet'),
      bilingual('Du kan skriva under när den som skickade ansökan har skrivit under.', 'You can sign once the person who sent the application has signed it.'),
    );
  }
}

export type CompletionResult =
  | { status: 'signed'; signature: SignatureRow; state: SubmissionState }
  | { status: 'refused'; refusal: Refusal };

export type Refusal = 'signer-mismatch' | 'not-signable' | 'answers-changed';

export const REFUSAL_MESSAGES: Record<Refusal, ReturnType<typeof bilingual>> = {
  'signer-mismatch': bilingual(
    'Underskriften gjordes av någon annan än den som ska skriva under. Den har inte sparats.',
    'The signature was made by someone other than the person who is to sign. It has not been saved.',
  ),
  'not-signable': bilingual(
    'Ansökan kan inte längre skrivas under (tiden har gått ut eller den är redan underskriven).',
    'The application can no longer be signed (the time has run out or it is already signed).',
  ),
  'answers-changed': bilingual('Ansökan har ändrats sedan underskriften startades. Försök igen.', 'The application has changed since the signing started. Please try again.'),
};

export interface CompletionContext {
  db: Kysely<Database>;
  logger: Logger;
  coSignDays: number;
  actor: string;
}

/**
 * Stores a completed BankID signature and advances the submission: the applicant's signature
 * leads to 'awaiting-co-signatures' (with a deadline) when the answers name co-signers, else to
 * 'submitted'; the last co-signer's leads to 'submitted'. BankID's own check of
 * requirement.personalNumber is checked again here, and so is the signed hash.
 */
export async function completeSignature(
  ctx: CompletionContext,
  order: SignatureOrderRow,
  completion: CompletionData,
  now = new Date(),
): Promise<CompletionResult> {
  const { db } = ctx;
  const refuse = async (refusal: Refusal): Promise<CompletionResult> => {
    await refuseSignatureOrder(db, order.bankid_order_id, refusal);
    ctx.logger.warn({ submissionId: order.submission_id, bankIdOrderId: order.bankid_order_id, refusal }, 'signature refused');
    return { status: 'refused', refusal };
  };
  if (completion.user.personalNumber !== order.signer_personal_identity_number) return refuse('signer-mismatch');

  const result = await db.transaction().execute(async (trx) => {
    const submission = await trx
      .selectFrom('submissions')
      .select(['id', 'state', 'signature_deadline'])
      .where('municipality_id', '=', order.municipality_id)
      .where('id', '=', order.submission_id)
      .forUpdate()
      .executeTakeFirst();
    const source = submission && (await loadReceiptSource(trx, order.municipality_id, order.submission_id));
    if (!submission || !source) return 'not-signable' as const;
    const expected = order.role === 'applicant' ? 'awaiting-signature' : 'awaiting-co-signatures';
    const overdue = submission.signature_deadline !== null && submission.signature_deadline <= now;
    if (submission.state !== expected || (order.role === 'co-signer' && overdue)) return 'not-signable' as const;
    if (sourceHash(source) !== order.signed_hash) return 'answers-changed' as const;

    const signature = await trx
      .insertInto('submission_signatures')
      .values({
        municipality_id: order.municipality_id,
        submission_id: order.submission_id,
        bankid_order_id: order.bankid_order_id,
        signer_personal_identity_number: completion.user.personalNumber,
        signer_name: completion.user.name,
        role: order.role,
        signature: completion.signature,
        ocsp_response: completion.ocspResponse,
        signed_hash: order.signed_hash,
      })
      .onConflict((oc) => oc.columns(['submission_id', 'signer_personal_identity_number']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!signature) return 'not-signable' as const;

    let state: SubmissionState;
    let deadline: Date | null = submission.signature_deadline;
    if (order.role === 'applicant') {
      const coSigners = namedCoSigners(source.definition, source.submission.answers);
      if (coSigners.length > 0) {
        state = 'awaiting-co-signatures';
        deadline = new Date(now.getTime() + ctx.coSignDays * 86_400_000);
        await trx
          .insertInto('submission_co_signers')
          .values(coSigners.map((c) => ({ municipality_id: order.municipality_id, submission_id: order.submission_id, personal_identity_number: c.personalIdentityNumber })))
          .onConflict((oc) => oc.doNothing())
          .execute();
        // the requests to sign commit with the signature: the worker sends them
        await insertDeliveries(trx, order.municipality_id, { id: order.submission_id, eserviceId: source.submission.eservice_id }, coSignRequestDeliveries(coSigners.map((c) => c.field), now));
      } else {
        state = 'submitted';
      }
    } else {
      const listed = await coSignersOf(trx, order.municipality_id, order.submission_id);
      const signed = new Set((await signaturesOf(trx, order.municipality_id, order.submission_id)).map((s) => s.signer_personal_identity_number));
      state = listed.every((pin) => signed.has(pin)) ? 'submitted' : 'awaiting-co-signatures';
    }
    // a fee-carrying submission, once signed, waits for its payment (payment/) before it is delivered
    const dueBy = state === 'submitted' && source.submission.fee_ore !== null ? paymentDueBy(source.definition, now) : null;
    if (dueBy) state = 'awaiting-payment';
    await trx.updateTable('submissions').set({ state, signature_deadline: deadline, ...(dueBy ? { payment_due_by: dueBy } : {}) }).where('id', '=', order.submission_id).execute();
    const audit = { municipalityId: order.municipality_id, actor: ctx.actor, subjectType: 'submission' as const, subjectId: order.submission_id };
    await recordAudit(trx, { ...audit, action: 'submission.signed', details: { role: order.role, signatureId: signature.id, signedHash: order.signed_hash, state } });
    if (state === 'submitted') {
      await recordAudit(trx, { ...audit, action: 'submission.submitted', details: { receiptNumber: source.submission.receipt_number } });
      await scheduleDeliveries(trx, order.municipality_id, { id: order.submission_id, eserviceId: source.submission.eservice_id, definition: source.definition, answers: source.submission.answers });
    }
    return { signature, state };
  });
  if (typeof result === 'string') return refuse(result);
  return { status: 'signed', ...result };
}
