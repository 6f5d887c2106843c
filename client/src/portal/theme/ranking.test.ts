import { describe, expect, it } from 'vitest';
import { chooseRank, rankingAnswer, ranksOf } from './ranking';

describe('the ranking widget’s ranks', () => {
  it('reads an answer into ranks, empty ones after it', () => {
    expect(ranksOf(['b', 'a'], 3)).toEqual(['b', 'a', '']);
    expect(ranksOf(undefined, 2)).toEqual(['', '']);
  });

  it('answers the chosen options in rank order, skipping an empty rank, and nothing when none is chosen', () => {
    expect(rankingAnswer(['', 'b', 'a'])).toEqual(['b', 'a']);
    expect(rankingAnswer(['', ''])).toBeUndefined();
  });

  it('choosing an option another rank holds swaps the two, so each option is ranked once', () => {
    expect(chooseRank(['a', 'b', ''], 0, 'b')).toEqual({ ranks: ['b', 'a', ''], swapped: { rank: 1, option: 'a' } });
    // into an empty rank: the option leaves its old rank empty
    expect(chooseRank(['a', '', ''], 2, 'a')).toEqual({ ranks: ['', '', 'a'] });
    expect(chooseRank(['a', 'b', ''], 2, 'c')).toEqual({ ranks: ['a', 'b', 'c'] });
    expect(chooseRank(['a', 'b', ''], 1, '')).toEqual({ ranks: ['a', '', ''] });
    expect(chooseRank(['a', 'b'], 0, 'a')).toEqual({ ranks: ['a', 'b'] });
  });
});
