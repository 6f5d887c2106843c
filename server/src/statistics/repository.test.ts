import { describe, expect, it } from 'vitest';
import { periodParts } from './repository.js';

describe('how a period is read from the daily and monthly totals', () => {
  it('reads a calendar year as twelve whole months and no days', () => {
    expect(periodParts({ from: '2025-01-01', to: '2025-12-31' })).toEqual({ months: { first: '2025-01-01', end: '2026-01-01' }, days: [] });
  });

  it('reads the days before and after the whole months from the daily totals', () => {
    expect(periodParts({ from: '2025-03-15', to: '2025-05-10' })).toEqual({
      months: { first: '2025-04-01', end: '2025-05-01' },
      days: [{ from: '2025-03-15', to: '2025-03-31' }, { from: '2025-05-01', to: '2025-05-10' }],
    });
    // across a year end, and a leap February ending the period
    expect(periodParts({ from: '2023-12-02', to: '2024-02-29' })).toEqual({ months: { first: '2024-01-01', end: '2024-03-01' }, days: [{ from: '2023-12-02', to: '2023-12-31' }] });
  });

  it('reads a period without a whole month from the daily totals alone', () => {
    expect(periodParts({ from: '2025-03-15', to: '2025-03-20' })).toEqual({ days: [{ from: '2025-03-15', to: '2025-03-20' }] });
    expect(periodParts({ from: '2025-03-02', to: '2025-04-30' })).toEqual({ months: { first: '2025-04-01', end: '2025-05-01' }, days: [{ from: '2025-03-02', to: '2025-03-31' }] });
    expect(periodParts({ from: '2025-02-01', to: '2025-02-27' })).toEqual({ days: [{ from: '2025-02-01', to: '2025-02-27' }] });
    expect(periodParts({ from: '2025-02-10', to: '2025-02-10' })).toEqual({ days: [{ from: '2025-02-10', to: '2025-02-10' }] });
  });
});
