import type { ChoiceOption, LocalizedText } from '@etjanst/schemas';
import { slugOf } from './steps';

/** The stored value an option's text gives: its slug, made unique among the other values ("forskola-2"). */
export function optionValueOf(text: string, taken: readonly string[]): string {
  const base = slugOf(text, 'alternativ');
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

/** Whether a value is still the one the text gives (a designer's own value is never replaced). */
function derivedFrom(value: string, text: string): boolean {
  const base = slugOf(text, 'alternativ');
  return value === base || (value.startsWith(`${base}-`) && /^\d+$/.test(value.slice(base.length + 1)));
}

/** A new option at the end, its value made from its text. */
export const withNewOption = (options: readonly ChoiceOption[], label: LocalizedText): ChoiceOption[] => [
  ...options,
  { value: optionValueOf(label.sv, options.map((o) => o.value)), label },
];

/**
 * An option's text changed: its stored value follows the Swedish text while it is still the one
 * made from the earlier text, so "Förskola Solrosen" is stored as `forskola-solrosen`, not as
 * `alternativ-3`; a value the designer wrote stays as written.
 */
export function withOptionText(options: readonly ChoiceOption[], index: number, label: LocalizedText): ChoiceOption[] {
  return options.map((option, i) => {
    if (i !== index) return option;
    const others = options.filter((_, j) => j !== index).map((o) => o.value);
    const value = label.sv !== option.label.sv && derivedFrom(option.value, option.label.sv) ? optionValueOf(label.sv, others) : option.value;
    return { value, label };
  });
}
