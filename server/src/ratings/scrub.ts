/**
 * What a citizen's free-text comment must not keep: the portal warns not to write personal data,
 * and what is written anyway in a recognisable form is replaced before the comment is stored.
 * Names and addresses cannot be told from other words; the warning is what covers them.
 */
const PATTERNS: RegExp[] = [
  // e-mail addresses
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu,
  // personnummer and samordningsnummer: (CC)YYMMDD, optional - or +, then four digits
  /\b(?:\d{2})?\d{6}[-+ ]?\d{4}\b/g,
  // phone numbers: +46 or a leading 0, then at least six more digits in groups
  /(?:\+46|\b0)[\s-]?\d{1,4}(?:[\s-]?\d){5,10}\b/g,
];

export const REDACTED = '[borttaget]';

export function scrubPersonalData(text: string): string {
  return PATTERNS.reduce((result, pattern) => result.replace(pattern, REDACTED), text);
}
