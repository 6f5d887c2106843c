import type { Language, LocalizedText } from '@etjanst/schemas';
import type { BookingContext } from '../booking/bookingFields';
import type { UploadedFile } from './attachments';

const NUMBERS = { sv: new Intl.NumberFormat('sv-SE'), en: new Intl.NumberFormat('en-GB') };

/** A row count as the language writes it: "1 000" in Swedish, "1,000" in English. */
const count = (language: Language, value: number): string => NUMBERS[language].format(value);

/** The theme's own wording, Swedish first. Field texts come from the definition, messages from formValidation. */
const TEXTS = {
  sv: {
    errorSummaryTitle: 'Det finns fel i formuläret',
    errorPrefix: 'Fel:',
    required: '(obligatoriskt)',
    choose: 'Välj',
    kindOf: (label: string) => `${label} (sort av svar)`,
    add: (noun: string) => `Lägg till ${noun}`,
    remove: 'Ta bort',
    moveUp: 'Flytta upp',
    moveDown: 'Flytta ned',
    rank: (n: number) => `Val ${n}`,
    ranked: (option: string, n: number) => `${option} är nu val ${n}.`,
    rankSwapped: (option: string, n: number, other: string, m: number) => `${option} är nu val ${n} och ${other} val ${m}.`,
    added: (item: string) => `${item} har lagts till.`,
    removed: (item: string) => `${item} har tagits bort.`,
    nouns: { person: 'person', row: 'rad' },
    pages: (group: string) => `${group}, sidor`,
    showing: (noun: string, first: number, last: number, total: number) => `Visar ${noun} ${count('sv', first)}–${count('sv', last)} av ${count('sv', total)}`,
    previousPage: 'Föregående sida',
    nextPage: 'Nästa sida',
    page: 'Sida',
    pageOption: (page: number, pages: number, first: number, last: number, hasErrors: boolean) =>
      `${page} av ${pages} (${count('sv', first)}–${count('sv', last)})${hasErrors ? ', har fel' : ''}`,
    prefillSources: {
      'population-register': 'Hämtat från folkbokföringen',
      'contact-details': 'Dina sparade kontaktuppgifter',
    } as Record<string, string>,
    prefillOther: 'Ifyllt i förväg',
    prefillLocked: {
      'population-register': 'Uppgiften kommer från folkbokföringen och kan inte ändras här.',
    } as Record<string, string>,
    prefillLockedOther: 'Uppgiften är ifylld i förväg och kan inte ändras här.',
  },
  en: {
    errorSummaryTitle: 'There is a problem',
    errorPrefix: 'Error:',
    required: '(required)',
    choose: 'Choose',
    kindOf: (label: string) => `${label} (kind of answer)`,
    add: (noun: string) => `Add ${noun}`,
    remove: 'Remove',
    moveUp: 'Move up',
    moveDown: 'Move down',
    rank: (n: number) => `Choice ${n}`,
    ranked: (option: string, n: number) => `${option} is now choice ${n}.`,
    rankSwapped: (option: string, n: number, other: string, m: number) => `${option} is now choice ${n} and ${other} choice ${m}.`,
    added: (item: string) => `${item} added.`,
    removed: (item: string) => `${item} removed.`,
    nouns: { person: 'person', row: 'row' },
    pages: (group: string) => `${group}, pages`,
    showing: (noun: string, first: number, last: number, total: number) => `Showing ${noun} ${count('en', first)}–${count('en', last)} of ${count('en', total)}`,
    previousPage: 'Previous page',
    nextPage: 'Next page',
    page: 'Page',
    pageOption: (page: number, pages: number, first: number, last: number, hasErrors: boolean) =>
      `${page} of ${pages} (${count('en', first)}–${count('en', last)})${hasErrors ? ', has errors' : ''}`,
    prefillSources: {
      'population-register': 'From the population register',
      'contact-details': 'Your saved contact details',
    } as Record<string, string>,
    prefillOther: 'Filled in for you',
    prefillLocked: {
      'population-register': 'This comes from the population register and cannot be changed here.',
    } as Record<string, string>,
    prefillLockedOther: 'This is filled in for you and cannot be changed here.',
  },
} as const;

export type ThemeTexts = (typeof TEXTS)[Language];

export const themeTexts = (language: Language | undefined): ThemeTexts => TEXTS[language ?? 'sv'] ?? TEXTS.sv;

/** What the theme knows beyond rjsf's props, passed as the Form's `formContext`. */
export interface PortalFormContext {
  language: Language;
  /** id of the error summary, which the step focuses when the citizen tries to go on with errors */
  errorSummaryId: string;
  /**
   * The fields showing a prefilled value, keyed by element id: the theme says where the value
   * came from under the label and, for one that may not change, why it is read-only.
   */
  prefilled?: Record<string, PrefilledField>;
  /** Where attachment fields upload, and the files uploaded so far (id -> name and size) */
  attachments?: { path: string; files: Map<string, UploadedFile> };
  /** Where booking fields hold slots, and the slots held (absent in the designer's preview) */
  bookings?: BookingContext;
}

export interface PrefilledField {
  /** 'population-register', 'contact-details' or another source's id */
  source: string;
  editable: boolean;
}

/** The prefill note of the field with this element id, if its value was prefilled. */
export const prefilledOf = (formContext: unknown, id: string): PrefilledField | undefined =>
  (formContext as Partial<PortalFormContext> | undefined)?.prefilled?.[id];

/** "Hämtat från folkbokföringen", and for a field that may not change, why. */
export function prefillNoteTexts(language: Language, field: PrefilledField): { source: string; locked?: string } {
  const texts = themeTexts(language);
  return {
    source: texts.prefillSources[field.source] ?? texts.prefillOther,
    locked: field.editable ? undefined : (texts.prefillLocked[field.source] ?? texts.prefillLockedOther),
  };
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
