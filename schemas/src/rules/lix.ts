/**
 * LIX (läsbarhetsindex), the readability index used for Swedish: words per sentence plus the
 * share of long words (more than six letters) in percent. Below 30 is very easy, 30–40 easy,
 * 40–50 medium, above 50 difficult.
 */
export function lix(text: string): number {
  const words = text.match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) ?? [];
  if (words.length === 0) return 0;
  // a sentence ends at . ! ? : or the end of the text; "t.ex." style abbreviations are rare in help texts
  const sentences = Math.max(1, text.split(/[.!?:]+(?:\s|$)/u).filter((s) => /[\p{L}\p{N}]/u.test(s)).length);
  const longWords = words.filter((word) => (word.match(/\p{L}/gu) ?? []).length > 6).length;
  return words.length / sentences + (longWords * 100) / words.length;
}
