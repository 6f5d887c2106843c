import type { Language, LocalizedText } from '@etjanst/schemas';

/** The theme's own wording, Swedish first. Field texts come from the definition, messages from formValidation. */
const TEXTS = {
  sv: {
    errorSummaryTitle: 'Det finns fel i formuläret',
    errorPrefix: 'Fel:',
    required: '(obligatoriskt)',
    choose: 'Välj',
    add: (noun: string) => `Lägg till ${noun}`,
    remove: 'Ta bort',
    moveUp: 'Flytta upp',
    moveDown: 'Flytta ned',
    added: (item: string) => `${item} har lagts till.`,
    removed: (item: string) => `${item} har tagits bort.`,
    nouns: { person: 'person', row: 'rad' },
  },
  en: {
    errorSummaryTitle: 'There is a problem',
    errorPrefix: 'Error:',
    required: '(required)',
    choose: 'Choose',
    add: (noun: string) => `Add ${noun}`,
    remove: 'Remove',
    moveUp: 'Move up',
    moveDown: 'Move down',
    added: (item: string) => `${item} added.`,
    removed: (item: string) => `${item} removed.`,
    nouns: { person: 'person', row: 'row' },
  },
} as const;

export type ThemeTexts = (typeof TEXTS)[Language];

export const themeTexts = (language: Language | undefined): ThemeTexts => TEXTS[language ?? 'sv'] ?? TEXTS.sv;

/** What the theme knows beyond rjsf's props, passed as the Form's `formContext`. */
export interface PortalFormContext {
  language: Language;
  /** id of the error summary, which the step focuses when the citizen tries to go on with errors */
  errorSummaryId: string;
}

export const languageOf = (formContext: unknown): Language =>
  (formContext as Partial<PortalFormContext> | undefined)?.language ?? 'sv';

const capitalize = (text: string): string => text.charAt(0).toLocaleUpperCase('sv') + text.slice(1);

/**
 * What one item of a repeating group is called ("person", "rad"): the group's `ui:options.itemNoun`
 * (a string or {sv, en}) when the definition gives one, "person" for items that hold a personnummer
 * or groups named for persons, otherwise "rad"/"row".
 */
export function itemNoun(
  language: Language,
  groupName: string | number | undefined,
  itemSchema: unknown,
  uiOptions: Record<string, unknown>,
): { noun: string; title: (index: number) => string } {
  const texts = themeTexts(language);
  const option = uiOptions.itemNoun as string | LocalizedText | undefined;
  let noun: string;
  if (typeof option === 'string') noun = option;
  else if (option && typeof option === 'object') noun = option[language] ?? option.sv;
  else noun = isAboutPersons(groupName, itemSchema) ? texts.nouns.person : texts.nouns.row;
  return { noun, title: (index) => `${capitalize(noun)} ${index + 1}` };
}

function isAboutPersons(groupName: string | number | undefined, itemSchema: unknown): boolean {
  if (typeof groupName === 'string' && /person/i.test(groupName)) return true;
  const properties = (itemSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return !!properties && 'personalIdentityNumber' in properties;
}
