import type { Kysely } from 'kysely';
import { coSignRequestMessage, sendNotificationEmail } from '../cases/notifications.js';
import type { Database } from '../db/tables.js';
import { PermanentDeliveryError } from '../delivery/connector.js';
import type { NewDelivery } from '../delivery/repository.js';
import type { DeliverySettings } from '../delivery/settings.js';
import { findContactDetails } from '../prefill/contact-details.js';
import { loadReceiptSource } from '../receipts/content.js';
import { citizenMailAbout } from '../receipts/mail.js';
import { namedCoSigners } from './co-signers.js';

/**
 * The request to a co-signer is a delivery of its own, one per co-signer: its connector id names
 * the answer field that names the co-signer (never the personal identity number).
 */
export const CO_SIGN_REQUEST_EMAIL = { connectorType: 'co-sign-request-email', connectorIdPrefix: '@co-sign:' } as const;

/**
 * The co-sign requests as outbox rows, written in the transaction of the applicant's signature:
 * sent by the delivery worker, retried with backoff and dead-lettered like any delivery, so none
 * is lost when a process dies after the commit.
 */
export const coSignRequestDeliveries = (coSignerFields: readonly string[], now: Date): NewDelivery[] =>
  coSignerFields.map((field) => ({ connectorId: `${CO_SIGN_REQUEST_EMAIL.connectorIdPrefix}${field}`, connectorType: CO_SIGN_REQUEST_EMAIL.connectorType, firstAttemptAt: now }));

/**
 * One attempt at a co-sign request, run by the delivery worker: to the address the co-signer
 * saved on Mina sidor (the platform knows no other of theirs). Nothing is sent, and the delivery
 * is done, when there is no such address (the request is on their Mina sidor in any case), when
 * they have signed already, or when the submission no longer awaits co-signatures.
 */
export async function sendCoSignRequestEmail(
  db: Kysely<Database>,
  settings: Pick<DeliverySettings, 'mail' | 'attemptTimeoutMs' | 'publicUrl'>,
  delivery: { municipalityId: string; submissionId: string; connectorId: string; idempotencyKey: string },
): Promise<{ externalReference: string | undefined }> {
  const source = await loadReceiptSource(db, delivery.municipalityId, delivery.submissionId);
  if (!source) throw new PermanentDeliveryError('the case no longer exists');
  if (source.submission.state !== 'awaiting-co-signatures') return { externalReference: undefined };
  const field = delivery.connectorId.slice(CO_SIGN_REQUEST_EMAIL.connectorIdPrefix.length);
  const coSigner = namedCoSigners(source.definition, source.submission.answers).find((c) => c.field === field);
  if (!coSigner) throw new PermanentDeliveryError(`no co-signer is named in "${field}"`);
  const signed = await db
    .selectFrom('submission_signatures')
    .select('id')
    .where('municipality_id', '=', delivery.municipalityId)
    .where('submission_id', '=', delivery.submissionId)
    .where('signer_personal_identity_number', '=', coSigner.personalIdentityNumber)
    .executeTakeFirst();
  if (signed) return { externalReference: undefined };
  const to = (await findContactDetails(db, delivery.municipalityId, coSigner.personalIdentityNumber))?.email;
  if (!to) return { externalReference: undefined };
  const message = await citizenMailAbout(source, settings.publicUrl, (context) => coSignRequestMessage(context, source.submission.receipt_number, source.submission.signature_deadline));
  return sendNotificationEmail(settings, delivery.idempotencyKey, { to, ...message });
}
