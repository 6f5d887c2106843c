import type { Language } from '@etjanst/schemas';

/** The locale each UI language formats dates and numbers with. */
export const LOCALES: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };

/** A date and time from the API (ISO 8601) as people write it in the language. */
export const formatDateTime = (iso: string, language: Language): string =>
  new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));

/** A date (without time) from the API as people write it in the language. */
export const formatDate = (iso: string, language: Language): string =>
  new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long' }).format(new Date(iso));
