/**
 * Catalogue search that forgives case and Swedish diacritics: "forskola" finds "Förskola",
 * "forskoleplats" finds "Förskoleplats". Every word of the query must occur in the text.
 */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}]+/gu, ' ')
    .trim();
}

export function matchesSearch(query: string, texts: readonly (string | undefined)[]): boolean {
  const words = normalizeForSearch(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = normalizeForSearch(texts.filter(Boolean).join(' '));
  return words.every((word) => haystack.includes(word));
}
