import { bilingual } from '@etjanst/schemas';
import { sql, type Kysely, type QueryCreator } from 'kysely';
import { swedishDay } from '../db/swedish-day.js';
import type { Database } from '../db/tables.js';
import { randomToken } from '../identity/sessions.js';
import { Problem, conflict, unprocessable } from '../problems/problem.js';
import { sha256 } from '../receipts/repository.js';
import type { StoredAlongside } from '../submissions/routes.js';

/** How many days after the submission its permit may be used to rate the e-service. */
export const RATING_PERMIT_DAYS = 30;

/** A permit as randomToken makes it (32 bytes, base64url); anything else is no permit of ours. */
const PERMIT_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A new permit to rate the e-service once, stored in the submission's own statement: the permit
 * goes to the citizen's browser (the 201's ratingPermit); only its hash is stored, with the last
 * day it may be used and nothing that leads back to the submission.
 */
export const ratingPermitWithSubmission: StoredAlongside = (tenant, eserviceId) => {
  const permit = randomToken();
  return {
    row: (qc) =>
      qc.insertInto('rating_permits').values({ permit_hash: sha256(permit), municipality_id: tenant.municipalityId, eservice_id: eserviceId, expires_on: sql<string>`${swedishDay} + ${RATING_PERMIT_DAYS}::integer` }),
    response: { ratingPermit: permit },
  };
};

/** The permit sent with a rating, as the hash it is stored under; refused when missing or malformed. */
export function permitHashOf(value: unknown): string {
  if (typeof value !== 'string' || !PERMIT_PATTERN.test(value)) {
    throw unprocessable(
      'rating-permit-missing',
      bilingual(
        'Betyg kan bara lämnas efter att du har skickat in e-tjänsten, från sidan med kvittot.',
        'A rating can only be given after you have sent the e-service, from the page with the receipt.',
      ),
      { field: 'permit' },
    );
  }
  return sha256(value);
}

/**
 * The permit's row, deleted, if it is valid here (this municipality and e-service, not past its
 * last day): a rating stores itself in the statement that deletes it (repository.ts insertRating),
 * so of two ratings sent with one permit at once, one is stored and the other finds the row gone.
 */
export function usePermit(db: QueryCreator<Database>, municipalityId: string, eserviceId: string, permitHash: string) {
  return db
    .deleteFrom('rating_permits')
    .where('permit_hash', '=', permitHash)
    .where('municipality_id', '=', municipalityId)
    .where('eservice_id', '=', eserviceId)
    .where('expires_on', '>=', swedishDay)
    .returning('permit_hash');
}

/** Why a permit was not taken: used already (or never issued), past its last day, or issued for another e-service. */
export async function refusedPermit(db: Kysely<Database>, municipalityId: string, eserviceId: string, permitHash: string): Promise<Problem> {
  const row = await db
    .selectFrom('rating_permits')
    .select(['municipality_id', 'eservice_id', sql<boolean>`expires_on < ${swedishDay}`.as('expired')])
    .where('permit_hash', '=', permitHash)
    .executeTakeFirst();
  if (row && (row.municipality_id !== municipalityId || row.eservice_id !== eserviceId)) {
    return new Problem(
      403,
      'rating-permit-foreign',
      bilingual('Betyget gäller en annan e-tjänst', 'The rating is for another e-service'),
      bilingual(
        'Tillståndet att lämna betyg hör till en annan e-tjänst än den du försöker betygsätta.',
        'The permit to rate belongs to another e-service than the one you are trying to rate.',
      ),
    );
  }
  if (row?.expired) {
    return new Problem(
      403,
      'rating-permit-expired',
      bilingual('Tiden för att lämna betyg har gått ut', 'The time to rate has passed'),
      bilingual(
        `Betyg kan lämnas i ${RATING_PERMIT_DAYS} dagar efter att du skickade in e-tjänsten.`,
        `A rating can be given for ${RATING_PERMIT_DAYS} days after you sent the e-service.`,
      ),
    );
  }
  // a used permit's row is gone: used, expired and deleted, or never issued read the same
  return conflict(
    'rating-permit-used',
    bilingual(
      'Du har redan lämnat ett betyg för den här inskickningen, eller så gäller tillståndet att lämna betyg inte längre.',
      'You have already rated this submission, or the permit to rate is no longer valid.',
    ),
  );
}
