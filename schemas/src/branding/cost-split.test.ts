import { describe, expect, it } from 'vitest';
import { kronorText, parseKronor, splitCost, useWeights, type UsageFigures } from './cost-split.js';

const usage = (figures: Partial<UsageFigures>): UsageFigures => ({ submissions: 0, eservicesInUse: 0, inboxCases: 0, deliveries: 0, attachmentBytes: 0, ...figures });

describe('splitCost (largest remainder)', () => {
  it('splits in proportion when the shares are whole öre', () => {
    expect(splitCost(10_000_000, [{ id: 'a', weight: 12_000 }, { id: 'b', weight: 8_000 }, { id: 'c', weight: 5_000 }])).toEqual([
      { id: 'a', amount: 4_800_000 },
      { id: 'b', amount: 3_200_000 },
      { id: 'c', amount: 2_000_000 },
    ]);
  });
  it('gives the öre left over to the largest fractions, so the shares sum to the total', () => {
    // 100 öre by 1:1:1 is 33.33 each: the one öre left goes to the first in order
    expect(splitCost(100, [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }, { id: 'c', weight: 1 }])!.map((s) => s.amount)).toEqual([34, 33, 33]);
    // 1000 öre by 1:2:4 is 142.857, 285.714, 571.428: floors 142 + 285 + 571 = 998; fractions .857 and .714 get the two öre
    expect(splitCost(1000, [{ id: 'a', weight: 1 }, { id: 'b', weight: 2 }, { id: 'c', weight: 4 }])!.map((s) => s.amount)).toEqual([143, 286, 571]);
  });
  it('always sums exactly to the total', () => {
    const weights = [3.7, 0.01, 12, 5.5, 1e-9, 7].map((weight, i) => ({ id: String(i), weight }));
    for (const total of [0, 1, 99, 123_456_789, 9_999_999_999]) {
      expect(splitCost(total, weights)!.reduce((s, x) => s + x.amount, 0)).toBe(total);
    }
  });
  it('gives nothing to a weight of 0 and has no answer when every weight is 0', () => {
    expect(splitCost(500, [{ id: 'a', weight: 0 }, { id: 'b', weight: 2 }])).toEqual([{ id: 'a', amount: 0 }, { id: 'b', amount: 500 }]);
    expect(splitCost(500, [{ id: 'a', weight: 0 }])).toBeUndefined();
  });
  it('refuses a total that is not whole öre and negative weights', () => {
    expect(() => splitCost(1.5, [{ id: 'a', weight: 1 }])).toThrow(RangeError);
    expect(() => splitCost(100, [{ id: 'a', weight: -1 }])).toThrow(RangeError);
  });
});

describe('useWeights', () => {
  it('sums each measure’s part of everyone’s use times its weight; an unused measure counts for nobody', () => {
    const weights = useWeights(
      [
        { id: 'a', usage: usage({ submissions: 30, deliveries: 10 }) },
        { id: 'b', usage: usage({ submissions: 10, deliveries: 30 }) },
      ],
      { submissions: 3, eservicesInUse: 0, inboxCases: 0, deliveries: 1, attachmentBytes: 5 },
    );
    // a: 3 * 30/40 + 1 * 10/40 = 2.5; b: 3 * 10/40 + 1 * 30/40 = 1.5
    expect(weights).toEqual([{ id: 'a', weight: 2.5 }, { id: 'b', weight: 1.5 }]);
  });
});

describe('kronor', () => {
  it('reads Swedish and English amounts as whole öre', () => {
    expect(parseKronor('1 234,50')).toBe(123_450);
    expect(parseKronor('1234.5')).toBe(123_450);
    expect(parseKronor('100')).toBe(10_000);
    expect(parseKronor('12,345')).toBeUndefined();
    expect(parseKronor('-5')).toBeUndefined();
    expect(parseKronor('')).toBeUndefined();
  });
  it('writes öre with a decimal comma', () => {
    expect(kronorText(123_450)).toBe('1234,50');
    expect(kronorText(7)).toBe('0,07');
  });
});
