import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import { bilingual, isUuid, type EServiceDefinition } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import type { Kysely } from 'kysely';
import { unprocessable } from '../problems/problem.js';
import type { AnswerCheck } from '../submissions/operations.js';
import { attachmentFields, attachmentReferences, type AttachmentReference } from './fields.js';
import { hashUploadToken, uploadTokenOf } from './owner.js';
import { findAttachments, linkAttachments, sameOwner, type AttachmentOwner } from './repository.js';

/**
 * What the attachment check needs from the submission request that the hook API does not pass:
 * the e-service version in the address and the browser's upload token (anonymous e-services).
 */
interface SubmissionScope {
  eserviceId: string;
  version: number;
  uploadTokenHash: string | undefined;
}

const scopes = new AsyncLocalStorage<SubmissionScope>();

/** Mounted in front of the submission routes: opens the request's scope for the hooks below. */
export const attachmentSubmissionScope: RequestHandler = (req, _res, next) => {
  const token = uploadTokenOf(req);
  scopes.run(
    { eserviceId: String(req.params.eserviceId), version: Number(req.params.version), uploadTokenHash: token && hashUploadToken(token) },
    next,
  );
};

/**
 * The submission hook: every attachment id in the answers must exist, belong to the submitter
 * (the e-ID person, or for an anonymous e-service this browser's upload token), to this
 * e-service version and field, and not be used by another submission. Other hooks (e.g. the
 * prefill check) run first. The accepted attachments are tied to the submission in its
 * transaction, so a submission is never stored without them (the retention job would remove
 * them as unsubmitted) and never delivered before they are tied to it.
 */
export function attachmentsCheck(db: Kysely<Database>): AnswerCheck {
  return async (check) => {
      const { ctx, definition, answers, applicant } = check;
      const fields = attachmentFields(definition);
      if (fields.size === 0) return;
      const references = attachmentReferences(fields, answers);
      if (references.length === 0) return;
      const scope = scopes.getStore();
      if (!scope) throw new Error('the attachment check needs attachmentSubmissionScope in front of the submission routes');
      const owner: AttachmentOwner | undefined =
        definition.access.login === 'eid'
          ? applicant && { personalIdentityNumber: applicant.person.personalIdentityNumber }
          : scope.uploadTokenHash === undefined ? undefined : { tokenHash: scope.uploadTokenHash };
      const found = new Map((await findAttachments(db, ctx.municipalityId, [...new Set(references.map((r) => r.id).filter(isUuid))])).map((a) => [a.id, a]));
      const invalid = references.filter((reference) => {
        const attachment = found.get(reference.id);
        return (
          !owner ||
          !attachment ||
          !sameOwner(attachment.owner, owner) ||
          attachment.eserviceId !== scope.eserviceId ||
          attachment.version !== scope.version ||
          attachment.fieldPath !== reference.field ||
          attachment.submissionId !== null
        );
      });
      if (invalid.length > 0) throw invalidAttachments(definition, invalid);
      const accepted = [...new Set(references.map((r) => r.id))];
      return async (trx, submissionId) => {
        // only attachments no submission uses yet are taken: another submission of the same ones at the same moment loses
        if ((await linkAttachments(trx, ctx.municipalityId, accepted, submissionId)) < accepted.length) throw invalidAttachments(definition, references);
      };
  };
}

function invalidAttachments(definition: EServiceDefinition, invalid: AttachmentReference[]) {
  const label = (field: string) => {
    const text = definition.form.texts[field]?.label;
    return { sv: text?.sv ?? field, en: text?.en ?? text?.sv ?? field };
  };
  const errors = invalid.map(({ field, pointer }) => ({
    pointer,
    field,
    keyword: 'attachment',
    message: bilingual(
      `En bilaga i ”${label(field).sv}” finns inte eller hör inte till din ansökan. Ladda upp filen igen.`,
      `An attachment in “${label(field).en}” does not exist or does not belong to your application. Upload the file again.`,
    ),
  }));
  const fields = [...new Set(invalid.map((r) => r.field))];
  return unprocessable(
    'attachment-invalid',
    bilingual(
      `Bilagor kunde inte godtas i ${fields.map((f) => `”${label(f).sv}”`).join(', ')}. Ladda upp filerna igen.`,
      `Attachments could not be accepted in ${fields.map((f) => `“${label(f).en}”`).join(', ')}. Upload the files again.`,
    ),
    { errors, fields },
  );
}
