import type { ChoiceOption } from '@etjanst/schemas';
import { slugOf } from './steps';

/** The stored value an option's text gives: its slug, made unique among the other values ("forskola-2"). */
function optionValueOf(text: string, taken: ReadonlySet<string>): string {
  const base = slugOf(text, 'alternativ');
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Whether a value is still the one the text gives (a designer's own value is never replaced). */
function derivedFrom(value: string, text: string): boolean {
  const base = slugOf(text, 'alternativ');
  return value === base || (value.startsWith(`${base}-`) && /^\d+$/.test(value.slice(base.length + 1)));
}

/** The options' texts in one language as the designer edits them: one option a line. */
export const optionLines = (options: readonly ChoiceOption[], language: 'sv' | 'en'): string =>
  options.map((option) => option.label[language] ?? '').join('\n');

/**
 * The options the designer's lines give (a pasted list, one option a line): line n of the Swedish
 * text and line n of the English text are one option; a blank Swedish line is no option. An option
 * whose Swedish text is still there keeps its stored value wherever its line moved; a line edited
 * in place keeps a value the designer wrote, and any other value follows the text, so "Förskola
 * Solrosen" is stored as `forskola-solrosen`, not as `alternativ-3`.
 */
export function withOptionLines(options: readonly ChoiceOption[], swedish: string, english: string): ChoiceOption[] {
  const englishLines = english.split('\n');
  const lines = swedish
    .split('\n')
    .map((text, row) => ({ sv: text.trim(), en: englishLines[row]?.trim() ?? '' }))
    .filter((line) => line.sv !== '');
  const used = new Set<number>();
  // the same text, wherever it now stands
  const kept: (ChoiceOption | undefined)[] = lines.map((line) => {
    const index = options.findIndex((option, i) => !used.has(i) && option.label.sv === line.sv);
    if (index < 0) return undefined;
    used.add(index);
    return options[index];
  });
  // a text edited in place: its line's earlier option, while that one's text is gone
  lines.forEach((_, row) => {
    if (kept[row] || used.has(row) || !options[row]) return;
    used.add(row);
    kept[row] = options[row];
  });
  const keptValue = (row: number) => {
    const option = kept[row];
    return option && (option.label.sv === lines[row]!.sv || !derivedFrom(option.value, option.label.sv)) ? option.value : undefined;
  };
  const taken = new Set(lines.map((_, row) => keptValue(row)).filter((value) => value !== undefined));
  return lines.map((line, row) => {
    let value = keptValue(row);
    if (value === undefined) taken.add((value = optionValueOf(line.sv, taken)));
    return { value, label: line.en ? { sv: line.sv, en: line.en } : { sv: line.sv } };
  });
}
