import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomUuid, submitAttemptFor } from './submitAttempt';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the Idempotency-Key of a submit', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('stays the same for a retry of the same content and changes with the content', () => {
    const first = submitAttemptFor(null, '{"answers":{"a":1}}');
    expect(first.key).toMatch(UUID_V4);
    expect(submitAttemptFor(first, '{"answers":{"a":1}}')).toBe(first);
    const changed = submitAttemptFor(first, '{"answers":{"a":2}}');
    expect(changed.key).not.toBe(first.key);
    expect(submitAttemptFor(changed, '{"answers":{"a":1}}').key).not.toBe(first.key);
  });

  it('makes a version 4 UUID also where crypto.randomUUID is missing (plain http)', () => {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => real.getRandomValues(bytes) });
    const keys = new Set(Array.from({ length: 50 }, () => randomUuid()));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(UUID_V4);
  });
});
