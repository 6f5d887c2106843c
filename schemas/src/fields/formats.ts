/**
 * Custom JSON Schema formats for Swedish identifiers. Registered on every ajv instance
 * (server validation and the client's rjsf validator) so both sides agree.
 */

/** Luhn (mod 10) checksum over a digit string, as used by personnummer and organisationsnummer. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const PERSONNUMMER = /^(\d{4})(\d{2})(\d{2})-?(\d{4})$/;

/**
 * Swedish personal identity number in the 12-digit form ÅÅÅÅMMDD-NNNN (hyphen optional).
 * Accepts samordningsnummer (day + 60).
 */
export function isPersonnummer(value: string): boolean {
  const m = PERSONNUMMER.exec(value);
  if (!m) return false;
  const [, year, month, day, tail] = m as unknown as [string, string, string, string, string];
  const realDay = Number(day) > 60 ? Number(day) - 60 : Number(day);
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, realDay));
  if (
    date.getUTCFullYear() !== Number(year) ||
    date.getUTCMonth() !== Number(month) - 1 ||
    date.getUTCDate() !== realDay
  ) {
    return false;
  }
  return luhnValid(year.slice(2) + month + day + tail);
}

const ORGANISATIONSNUMMER = /^(\d{6})-?(\d{4})$/;

/** Swedish organisation number NNNNNN-NNNN: third digit at least 2, Luhn checksum. */
export function isOrganisationsnummer(value: string): boolean {
  const m = ORGANISATIONSNUMMER.exec(value);
  if (!m) return false;
  const digits = (m[1] ?? '') + (m[2] ?? '');
  return Number(digits[2]) >= 2 && luhnValid(digits);
}

const TEN_DIGIT_PERSONNUMMER = /^(\d{2})(\d{2})(\d{2})-?(\d{4})$/;

/**
 * A sole trader's organisation number (enskild näringsidkare): the owner's personal identity
 * number, in 10 digits (ÅÅMMDD-NNNN) or 12 (ÅÅÅÅMMDD-NNNN), coordination numbers included.
 */
export function isSoleTraderNumber(value: string): boolean {
  if (isPersonnummer(value)) return true;
  const m = TEN_DIGIT_PERSONNUMMER.exec(value);
  if (!m) return false;
  const [, year, month, day, tail] = m as unknown as [string, string, string, string, string];
  const realDay = Number(day) > 60 ? Number(day) - 60 : Number(day);
  // the century is not written: a leap year takes every day a 10-digit number can name
  const date = new Date(Date.UTC(2000, Number(month) - 1, realDay));
  return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === realDay && luhnValid(year + month + day + tail);
}

/** An organisation number, or a sole trader's (a personal identity number), where a field takes both. */
export const isOrganisationsnummerOrSoleTrader = (value: string): boolean => isOrganisationsnummer(value) || isSoleTraderNumber(value);

export function isPostnummer(value: string): boolean {
  return /^[1-9]\d{2} ?\d{2}$/.test(value);
}

export function isTelefonnummer(value: string): boolean {
  return /^\+?[0-9][0-9 ()-]{5,19}$/.test(value);
}

/** An uploaded attachment's id (a UUID); the field's rules are in its uiSchema `ui:options` (accept, maxBytes). */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export const SWEDISH_FORMATS = {
  personnummer: isPersonnummer,
  organisationsnummer: isOrganisationsnummer,
  /** where sole traders may apply: their organisation number is their personal identity number */
  'organisationsnummer-eller-personnummer': isOrganisationsnummerOrSoleTrader,
  postnummer: isPostnummer,
  telefonnummer: isTelefonnummer,
  'attachment-id': isUuid,
} as const satisfies Record<string, (value: string) => boolean>;

export type SwedishFormat = keyof typeof SWEDISH_FORMATS;
