import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { insertSession, SESSION_COOKIE, type SessionLogin } from '../identity/sessions.js';
import { TEST_SESSION_SETTINGS } from './app.js';

/** A fictional citizen with a valid personnummer. */
export const TEST_PERSON = { personalIdentityNumber: '198112289874', givenName: 'Klara', surname: 'Testsson', displayName: 'Klara Testsson' };

/**
 * A stored session as an e-ID login would leave it, for tests of what sessions allow. The
 * login protocols themselves are tested with their simulators.
 */
export async function loggedIn(db: Kysely<Database>, login: Partial<SessionLogin> = {}) {
  const { token, session } = await insertSession(db, TEST_SESSION_SETTINGS, {
    municipalityId: 'solbacka',
    person: TEST_PERSON,
    loa: 3,
    method: 'bankid',
    ...login,
  });
  return { cookie: `${SESSION_COOKIE}=${token}`, csrfToken: session.csrfToken, token };
}
