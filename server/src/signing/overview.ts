import type { Kysely } from 'kysely';
import { bilingual, type BilingualMessage } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import type { CitizenSession } from '../identity/sessions.js';
import { answerSections, languageOf, loadReceiptSource, readableAnswers, type ReceiptSource } from '../receipts/content.js';
import { namedCoSigners } from './co-signers.js';
import { summaryText } from './content.js';
import { expireOverdueSignatures, pendingSignatureRequests, signaturesOf } from './repository.js';
import { signatureView } from './routes.js';

const NOTICES: Partial<Record<string, BilingualMessage>> = {
  'awaiting-signature': bilingual('Ansökan är inte skickad förrän du har skrivit under den.', 'The application is not sent until you have signed it.'),
  'awaiting-co-signatures': bilingual(
    'Ansökan är inte skickad förrän alla har skrivit under. Den andra personen skriver under på sina Mina sidor.',
    'The application is not sent until everyone has signed. The other person signs on their My pages.',
  ),
  'signature-expired': bilingual(
    'Alla underskrifter kom inte in i tid, så ansökan har inte skickats. Gör en ny ansökan.',
    'Not all signatures came in on time, so the application has not been sent. Please make a new application.',
  ),
};

/** What Mina sidor shows the applicant about signing: state, deadline, who has signed (never the raw signatures). */
export async function signingOverview(db: Kysely<Database>, source: ReceiptSource) {
  const { submission, definition } = source;
  const signatures = await signaturesOf(db, submission.municipality_id, submission.id);
  const coSigners = namedCoSigners(definition, submission.answers).length;
  return {
    required: definition.signing.required,
    state: submission.state,
    deadline: submission.signature_deadline?.toISOString() ?? null,
    signatures: signatures.map(signatureView),
    coSigners: { named: coSigners, signed: signatures.filter((s) => s.role === 'co-signer').length },
    notice: NOTICES[submission.state] ?? null,
  };
}

/** Applies passed co-signing deadlines in the session's municipality before anything is shown. */
export const applySigningDeadlines = (db: Kysely<Database>, session: CitizenSession) => expireOverdueSignatures(db, session.municipalityId);

/**
 * The signature requests of the logged-in person: submissions in the session's municipality
 * that name them as a co-signer and wait for their signature, with the same summary they sign.
 */
export async function signatureRequests(db: Kysely<Database>, session: CitizenSession) {
  await applySigningDeadlines(db, session);
  const rows = await pendingSignatureRequests(db, session.municipalityId, session.person.personalIdentityNumber);
  const items = [];
  for (const row of rows) {
    const source = await loadReceiptSource(db, session.municipalityId, row.id);
    if (!source) continue;
    const language = languageOf(source.submission.language);
    items.push({
      submissionId: row.id,
      receiptNumber: row.receipt_number,
      eserviceId: row.eservice_id,
      eserviceTitle: row.title,
      applicantName: row.applicant_name,
      submittedAt: row.submitted_at.toISOString(),
      deadline: row.signature_deadline?.toISOString() ?? null,
      language,
      summary: summaryText(source),
      // what they sign: the answers as submitted, without a booking moved since (its hash is signed)
      sections: answerSections(source.definition, readableAnswers({ submission: source.submission, attachments: source.attachments }), language),
      signUrl: `/api/me/submissions/${row.id}/signatures`,
    });
  }
  return items;
}
