/**
 * LIX (läsbarhetsindex), the readability index used for Swedish: words per sentence plus the
 * share of long words (more than six letters) in percent. Below 30 is very easy, 30–40 easy,
 * 40–50 medium, above 50 difficult. It measures running text: a one-line help text of a few
 * words gets a high index from one long word, so rules judge texts of some length (LIX_MIN_WORDS).
 */
export function lix(text: string): number {
  return readability(text).index;
}

/** Fewer words than this are too few for LIX to say anything about a text. */
export const LIX_MIN_WORDS = 20;

export interface Readability {
  index: number;
  words: number;
  /** Words of the longest sentence */
  longestSentence: number;
  /** The long words (more than six letters), each once, longest first: what pulls the index up */
  longWords: string[];
}

const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
const isLong = (word: string) => (word.match(/\p{L}/gu) ?? []).length > 6;

export function readability(text: string): Readability {
  const words = text.match(WORD) ?? [];
  if (words.length === 0) return { index: 0, words: 0, longestSentence: 0, longWords: [] };
  // a sentence ends at . ! ? : or the end of the text; "t.ex." style abbreviations are rare in help texts
  const sentences = text.split(/[.!?:]+(?:\s|$)/u).filter((s) => /[\p{L}\p{N}]/u.test(s));
  const long = words.filter(isLong);
  return {
    index: words.length / Math.max(1, sentences.length) + (long.length * 100) / words.length,
    words: words.length,
    longestSentence: Math.max(0, ...sentences.map((s) => (s.match(WORD) ?? []).length)),
    longWords: [...new Set(long.map((w) => w.toLowerCase()))].sort((a, b) => b.length - a.length),
  };
}
