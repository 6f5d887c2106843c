import { describe, expect, it } from 'vitest';
import { readRetentionPeriod, retentionDuration } from './retention-period';

describe('a retention period as a number and a unit', () => {
  it('reads stored durations in the unit they are whole in, and writes them back as ISO 8601', () => {
    expect(readRetentionPeriod('P2Y')).toEqual({ amount: '2', unit: 'Y' });
    expect(readRetentionPeriod('P1Y6M')).toEqual({ amount: '18', unit: 'M' });
    expect(readRetentionPeriod('P90D')).toEqual({ amount: '90', unit: 'D' });
    expect(readRetentionPeriod(undefined)).toEqual({ amount: '', unit: 'Y' });
    expect(readRetentionPeriod('P1Y10D')).toBeUndefined();
    expect(readRetentionPeriod('2 år')).toBeUndefined();
    expect(retentionDuration({ amount: '2', unit: 'Y' })).toBe('P2Y');
    expect(retentionDuration({ amount: ' 18 ', unit: 'M' })).toBe('P18M');
    expect(retentionDuration({ amount: '', unit: 'M' })).toBeUndefined();
  });
});
