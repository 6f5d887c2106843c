/** A fictional person the simulator can log in as. */
export interface TestPerson {
  /** 12 digits with a valid checksum; fictional. */
  personalNumber: string;
  givenName: string;
  surname: string;
}

/**
 * Fictional people with valid personal identity numbers (Luhn checksum, real dates; the second
 * last digit is even for women and odd for men). Made up for this simulator: use only in tests and demos.
 */
export const DEFAULT_TEST_PERSONS: readonly TestPerson[] = [
  { personalNumber: '199001012385', givenName: 'Astrid', surname: 'Testsson' },
  { personalNumber: '198506129876', givenName: 'Erik', surname: 'Provsson' },
  { personalNumber: '199304249429', givenName: 'Maja', surname: 'Exempeldotter' },
];

export const fullName = (person: TestPerson) => `${person.givenName} ${person.surname}`;
