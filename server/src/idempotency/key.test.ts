import { describe, expect, it } from 'vitest';
import { Problem } from '../problems/problem.js';
import { readIdempotencyKey } from './key.js';

const refused = (field: string | string[]) => {
  try {
    readIdempotencyKey(field);
  } catch (error) {
    return error instanceof Problem ? `${error.status} ${error.code}` : 'other error';
  }
  return 'accepted';
};

describe('the Idempotency-Key field (an RFC 8941 sf-string)', () => {
  it('reads a quoted key, with its escapes undone and surrounding spaces ignored', () => {
    expect(readIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(readIdempotencyKey(' "clkyoesmbgybucifusbbtdsbohtyuuwz" ')).toBe('clkyoesmbgybucifusbbtdsbohtyuuwz');
    expect(readIdempotencyKey('"a \\"quoted\\" key \\\\ 1234"')).toBe('a "quoted" key \\ 1234');
    expect(readIdempotencyKey(`"${'k'.repeat(255)}"`)).toHaveLength(255);
  });

  it('is absent without the field', () => {
    expect(readIdempotencyKey(undefined)).toBeUndefined();
  });

  it('refuses unquoted, too short, too long, non-ASCII, badly escaped and repeated keys with 400', () => {
    for (const field of [
      '8e03978e-40d5-43e8-bc93-6894a57f9324',
      '"short-key"',
      `"${'k'.repeat(256)}"`,
      '"ärende-0000000000000"',
      '"tab\there-0000000000000"',
      '"dangling \\ backslash 0000"',
      '"8e03978e-40d5-43e8-bc93-6894a57f9324";param=1',
      '"8e03978e-40d5-43e8-bc93-6894a57f9324", "0e03978e-40d5-43e8-bc93-6894a57f9324"',
      ['"8e03978e-40d5-43e8-bc93-6894a57f9324"', '"0e03978e-40d5-43e8-bc93-6894a57f9324"'],
      '""',
    ]) {
      expect(refused(field), String(field)).toBe('400 idempotency-key-invalid');
    }
  });
});
