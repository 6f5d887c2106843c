/** The options chosen per rank ('' for a rank left empty), from the answer (an ordered array). */
export const ranksOf = (value: unknown, count: number): string[] =>
  Array.from({ length: count }, (_, i) => (Array.isArray(value) && typeof value[i] === 'string' ? value[i] : ''));

/** The answer the ranks make: the chosen options in rank order, or undefined when none is chosen. */
export const rankingAnswer = (ranks: string[]): string[] | undefined => {
  const chosen = ranks.filter(Boolean);
  return chosen.length > 0 ? chosen : undefined;
};

/**
 * The ranks after choosing an option for one rank ('' empties it). An option another rank holds
 * moves here and that rank takes what this one held, so every option appears once; `swapped`
 * says which rank gave it up (for the announcement).
 */
export function chooseRank(ranks: string[], rank: number, option: string): { ranks: string[]; swapped?: { rank: number; option: string } } {
  const next = [...ranks];
  const previous = option ? next.indexOf(option) : -1;
  const displaced = next[rank] ?? '';
  next[rank] = option;
  if (previous < 0 || previous === rank) return { ranks: next };
  next[previous] = displaced;
  return { ranks: next, ...(displaced ? { swapped: { rank: previous, option: displaced } } : {}) };
}
