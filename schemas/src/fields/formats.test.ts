import { describe, expect, it } from 'vitest';
import { createAjv } from '../validation/ajv.js';
import { isOrganisationsnummer, isOrganisationsnummerOrSoleTrader, isPersonnummer, isPostnummer, isTelefonnummer, luhnValid } from './formats.js';

describe('luhnValid', () => {
  it('accepts a correct check digit and refuses a wrong one', () => {
    expect(luhnValid('8112189876')).toBe(true);
    expect(luhnValid('8112189875')).toBe(false);
    expect(luhnValid('5560160680')).toBe(true);
  });
});

describe('personnummer', () => {
  it.each(['19121212-1212', '191212121212', '19900101-2385', '20230512-1234', '20200229-0019'])('accepts %s', (value) => {
    expect(isPersonnummer(value)).toBe(true);
  });

  it.each([
    ['19900101-2384', 'wrong check digit'],
    ['19121212-1213', 'wrong check digit'],
    ['20230230-1235', '30 February (check digit right)'],
    ['20210229-0018', '29 February in a common year (check digit right)'],
    ['19901301-2381', 'month 13 (check digit right)'],
    ['19900100-2386', 'day 0 (check digit right)'],
    ['121212-1212', 'ten digits'],
    ['19121212+1212', 'plus sign'],
    ['1912121-21212', 'hyphen in the wrong place'],
    ['', 'empty'],
    ['19121212-121a', 'a letter'],
  ])('refuses %s (%s)', (value) => {
    expect(isPersonnummer(value)).toBe(false);
  });

  it('accepts samordningsnummer (day + 60) and checks their date too', () => {
    expect(isPersonnummer('19121272-1219')).toBe(true);
    expect(isPersonnummer('19900161-2382')).toBe(true);
    expect(isPersonnummer('19121272-1212')).toBe(false); // check digit of the plain number
    expect(isPersonnummer('19121292-1215')).toBe(false); // day 32 + 60, check digit right
  });
});

describe('organisationsnummer', () => {
  it.each(['556016-0680', '5560160680', '212000-0142', '802002-1237'])('accepts %s', (value) => {
    expect(isOrganisationsnummer(value)).toBe(true);
  });

  it.each([
    ['556016-0681', 'wrong check digit'],
    ['551016-0681', 'third digit 1 (check digit right)'],
    ['501234-5673', 'third digit 1 (check digit right)'],
    ['556016-068', 'nine digits'],
    ['16556016-0680', 'twelve digits'],
    ['556016 0680', 'space instead of hyphen'],
  ])('refuses %s (%s)', (value) => {
    expect(isOrganisationsnummer(value)).toBe(false);
  });
});

describe('organisationsnummer where sole traders may apply', () => {
  it.each(['556016-0680', '811218-9876', '8112189876', '19811218-9876', '811278-9873'])('accepts %s', (value) => {
    expect(isOrganisationsnummerOrSoleTrader(value)).toBe(true);
  });
  it.each([
    ['811218-9875', 'wrong check digit'],
    ['811318-9876', 'no thirteenth month'],
    ['810230-9872', 'no 30 February (check digit right)'],
    ['556016-0681', 'an organisation number with a wrong check digit'],
  ])('refuses %s (%s)', (value) => {
    expect(isOrganisationsnummerOrSoleTrader(value)).toBe(false);
  });
});

describe('postnummer', () => {
  it.each(['123 45', '12345', '981 38'])('accepts %s', (value) => expect(isPostnummer(value)).toBe(true));
  it.each(['023 45', '1234', '123456', '12 345', '123-45', 'abcde'])('refuses %s', (value) =>
    expect(isPostnummer(value)).toBe(false),
  );
});

describe('telefonnummer', () => {
  it.each(['070-123 45 67', '+46 70 123 45 67', '08-123 456 00', '0701234567', '+46(0)8123456'])('accepts %s', (value) =>
    expect(isTelefonnummer(value)).toBe(true),
  );
  it.each(['12345', 'phone', '070-123 45 67 ankn 2', '-070123456', '+4670123456789012345678'])('refuses %s', (value) =>
    expect(isTelefonnummer(value)).toBe(false),
  );
});

describe('the formats in ajv', () => {
  it('are registered on every ajv from createAjv, under their schema names', () => {
    const ajv = createAjv();
    const cases: [string, string, string][] = [
      ['personnummer', '19121212-1212', '19121212-1213'],
      ['organisationsnummer', '556016-0680', '556016-0681'],
      ['postnummer', '123 45', '023 45'],
      ['telefonnummer', '070-123 45 67', 'phone'],
      ['email', 'namn@exempel.se', 'namn@'],
      ['date', '2024-02-29', '2023-02-29'],
    ];
    for (const [format, good, bad] of cases) {
      const validate = ajv.compile({ type: 'string', format });
      expect(validate(good), `${format} ${good}`).toBe(true);
      expect(validate(bad), `${format} ${bad}`).toBe(false);
    }
  });

  it('refuses an unknown format name in strict mode', () => {
    expect(() => createAjv().compile({ type: 'string', format: 'personummer' })).toThrow(/unknown format/);
  });
});
