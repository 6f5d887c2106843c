import { bilingual, isPersonnummer } from '@etjanst/schemas';
import { unprocessable } from '../problems/problem.js';

/** A 12-digit personal identity number (hyphen allowed in), or a 422 naming the field. */
export function parsePersonalIdentityNumber(value: unknown, field = 'personalIdentityNumber'): string {
  if (typeof value === 'string' && isPersonnummer(value.trim())) return value.trim().replace('-', '');
  throw unprocessable('personal-identity-number-invalid', bilingual('Personnumret ska ha formen ÅÅÅÅMMDD-NNNN och vara giltigt.', 'The personal identity number must read YYYYMMDD-NNNN and be valid.'), { field });
}
