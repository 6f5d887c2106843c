import type { EServiceDefinition, Language } from '../definition/format.js';
import { bilingual } from '../i18n/bilingual.js';
import { fieldLabel } from './definition-facts.js';
import { readability } from './lix.js';
import type { Finding } from './types.js';

/** What the rules of the catalogue share to word their findings. */

export const finding = (pointer: string, sv: string, en: string): Finding => ({ pointer, message: bilingual(sv, en) });

export type Labels = Record<Language, string>;
export const labelsOf = (definition: EServiceDefinition, path: string): Labels => ({ sv: fieldLabel(definition, path, 'sv'), en: fieldLabel(definition, path, 'en') });

/** `”ord1”, ”ord2”, …`: at most five of a list, quoted for a message in the language. */
export const fewOf = (items: readonly string[], language: Language) => {
  const quoted = items.slice(0, 5).map((w) => (language === 'sv' ? `”${w}”` : `“${w}”`));
  return [...quoted, ...(items.length > 5 ? ['…'] : [])].join(', ');
};

/** Why a Swedish text's LIX is high, for a message: its long words, and its longest sentence when that is long. */
export function lixReasons(text: string): Labels {
  const { longWords, longestSentence } = readability(text);
  const long = longestSentence > 15;
  return {
    sv: `Långa ord: ${fewOf(longWords, 'sv') || 'inga'}${long ? `; den längsta meningen har ${longestSentence} ord` : ''}.`,
    en: `Long words: ${fewOf(longWords, 'en') || 'none'}${long ? `; the longest sentence has ${longestSentence} words` : ''}.`,
  };
}
