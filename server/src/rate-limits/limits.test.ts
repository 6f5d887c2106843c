import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS, parseRateLimits } from './limits.js';

describe('the abuse limits configuration', () => {
  it('is on with the defaults unless told otherwise, and RATE_LIMITS=off turns it off', () => {
    const problems: string[] = [];
    expect(parseRateLimits({}, problems)).toEqual({ enabled: true, limits: DEFAULT_RATE_LIMITS });
    expect(parseRateLimits({ RATE_LIMITS: 'off' }, problems)).toEqual({ enabled: false });
    expect(problems).toEqual([]);
  });

  it('replaces one limit per variable, the identity rule kept when only the address rule is given', () => {
    const problems: string[] = [];
    const settings = parseRateLimits({ RATE_LIMIT_SUBMISSION: '100/60', RATE_LIMIT_E_ID_START: '5/10,3/10' }, problems);
    expect(problems).toEqual([]);
    expect(settings.enabled && settings.limits.submission).toEqual({ perAddress: { points: 100, seconds: 60 }, perIdentity: DEFAULT_RATE_LIMITS.submission.perIdentity });
    expect(settings.enabled && settings.limits['e-id-start']).toEqual({ perAddress: { points: 5, seconds: 10 }, perIdentity: { points: 3, seconds: 10 } });
  });

  it('names the variable and the expected form for every mistake', () => {
    const problems: string[] = [];
    parseRateLimits({ RATE_LIMITS: 'maybe', RATE_LIMIT_UPLOAD: '10 per minute', RATE_LIMIT_CHECK: '0/60' }, problems);
    expect(problems).toEqual([
      'RATE_LIMITS must be on or off, got "maybe"',
      expect.stringContaining('RATE_LIMIT_UPLOAD must be "<hits>/<seconds>"'),
      expect.stringContaining('RATE_LIMIT_CHECK must be "<hits>/<seconds>"'),
    ]);
  });
});
