import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/tables.js';
import { deleteOffer } from './repository.js';

/**
 * Unpublishing an e-service withdraws its offer in the template library, rather than hiding the
 * offer until it is published again: an e-service is taken out of the catalogue because it is
 * wrong, outdated or no longer run, and sharing it again after a new publishing is then a
 * decision of its own (offer it again), not a side effect of publishing. The offer's state stays
 * one fact (offered or not) that the designer, the library and the audit log agree on. E-services
 * other municipalities made from it stay as they are: they keep their link, and hear of no newer
 * version until it is offered again.
 *
 * Runs in the unpublishing's transaction (a withdrawal without it, or the reverse, never commits);
 * recorded as a withdrawal by hand is, with the reason.
 */
export async function withdrawOfferOfUnpublished(trx: Kysely<Database>, subject: { municipalityId: string; actor: string; eserviceId: string }): Promise<void> {
  if (!(await deleteOffer(trx, subject.municipalityId, subject.eserviceId))) return;
  await recordAudit(trx, {
    municipalityId: subject.municipalityId,
    actor: subject.actor,
    subjectType: 'eservice',
    subjectId: subject.eserviceId,
    action: 'eservice.template-withdrawn',
    details: { reason: 'unpublished' },
  });
}
