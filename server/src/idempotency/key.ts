import { bilingual } from '@etjanst/schemas';
import { badRequest } from '../problems/problem.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** A key names one request among a caller's for a day: long enough not to be guessed, short enough to bound. */
export const KEY_LENGTH = { min: 16, max: 255 } as const;

/** An RFC 8941 sf-string: printable ASCII in double quotes, `"` and `\` escaped with `\`. */
const SF_STRING = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/;

export const keyInvalid = () =>
  badRequest(
    'idempotency-key-invalid',
    bilingual(
      `Idempotency-Key ska vara en sträng inom citattecken (RFC 8941) med ${KEY_LENGTH.min}–${KEY_LENGTH.max} synliga ASCII-tecken, t.ex. ett UUID: Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324". Skicka fältet en gång.`,
      `Idempotency-Key must be a quoted string (RFC 8941) of ${KEY_LENGTH.min}–${KEY_LENGTH.max} visible ASCII characters, e.g. a UUID: Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324". Send the field once.`,
    ),
  );

/**
 * The key of an Idempotency-Key field (draft-ietf-httpapi-idempotency-key-header: an sf-string),
 * undefined without one; 400 for anything else, also two fields (Node joins them with a comma,
 * which no single sf-string parses as).
 */
export function readIdempotencyKey(field: string | string[] | undefined): string | undefined {
  if (field === undefined) return undefined;
  const match = typeof field === 'string' ? SF_STRING.exec(field.trim()) : null;
  const key = match?.[1]?.replace(/\\(["\\])/g, '$1');
  if (key === undefined || key.length < KEY_LENGTH.min || key.length > KEY_LENGTH.max) throw keyInvalid();
  return key;
}
