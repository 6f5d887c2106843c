import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, rowHash, storedDetails } from './chain.js';

const row = {
  occurredAt: new Date('2026-03-01T08:15:30.123Z'),
  municipalityId: 'solbacka',
  actor: 'staff:7b0c (Anna Andersson)',
  action: 'case.viewed',
  subjectType: 'submission',
  subjectId: 'f00d',
  details: { receiptNumber: 'SOL-2026-000001', nested: { b: 2, a: [1, { d: null, c: 'å' }] } },
};

describe('the audit chain\'s canonical form', () => {
  it('writes JSON without whitespace, object keys sorted at every depth, arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { z: true, y: [3, { k: 'v', j: null }] }, '10': 'x', '9': 'y' })).toBe('{"10":"x","9":"y","a":{"y":[3,{"j":null,"k":"v"}],"z":true},"b":1}');
  });

  it('hashes the documented array: prev_hash, ISO time in UTC with milliseconds, municipality, actor, action, subject, details', () => {
    const expected = createHash('sha256')
      .update(
        `["${GENESIS_HASH}","2026-03-01T08:15:30.123Z","solbacka","staff:7b0c (Anna Andersson)","case.viewed","submission","f00d",{"nested":{"a":[1,{"c":"å","d":null}],"b":2},"receiptNumber":"SOL-2026-000001"}]`,
        'utf8',
      )
      .digest('hex');
    expect(rowHash(GENESIS_HASH, row)).toBe(expected);
  });

  it('gives the same hash whatever order the details\' keys come in (jsonb reorders them)', () => {
    const reordered = { ...row, details: { nested: { a: [1, { c: 'å', d: null }], b: 2 }, receiptNumber: 'SOL-2026-000001' } };
    expect(rowHash(GENESIS_HASH, reordered)).toBe(rowHash(GENESIS_HASH, row));
  });

  it('changes with every part of the content and with the link', () => {
    const base = rowHash(GENESIS_HASH, row);
    const variants = [
      rowHash('1'.repeat(64), row),
      rowHash(GENESIS_HASH, { ...row, occurredAt: new Date('2026-03-01T08:15:30.124Z') }),
      rowHash(GENESIS_HASH, { ...row, municipalityId: null }),
      rowHash(GENESIS_HASH, { ...row, actor: 'staff:7b0c (Anna Anderson)' }),
      rowHash(GENESIS_HASH, { ...row, action: 'case.exported' }),
      rowHash(GENESIS_HASH, { ...row, subjectType: 'eservice' }),
      rowHash(GENESIS_HASH, { ...row, subjectId: 'f00e' }),
      rowHash(GENESIS_HASH, { ...row, details: { ...row.details, receiptNumber: 'SOL-2026-000002' } }),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('hashes details as they are stored: dates as ISO strings, undefined members gone', () => {
    expect(storedDetails({ at: new Date('2026-03-01T00:00:00Z'), gone: undefined, kept: 0 })).toEqual({ at: '2026-03-01T00:00:00.000Z', kept: 0 });
    expect(storedDetails(undefined)).toEqual({});
  });
});
