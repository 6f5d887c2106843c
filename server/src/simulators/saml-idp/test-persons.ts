import type { AuthenticatedPerson } from '../../identity/sessions.js';

/** Fictional people with valid personnummer (Luhn), for demo and tests; never real persons. */
export type SamlTestPerson = AuthenticatedPerson;

export const DEFAULT_TEST_PERSONS: readonly SamlTestPerson[] = [
  { personalIdentityNumber: '191212121212', givenName: 'Tolvan', surname: 'Tolvansson', displayName: 'Tolvan Tolvansson' },
  { personalIdentityNumber: '198507099805', givenName: 'Anna', surname: 'Svensson', displayName: 'Anna Svensson' },
  { personalIdentityNumber: '199303042346', givenName: 'Sara', surname: 'Lindqvist', displayName: 'Sara Lindqvist' },
];
