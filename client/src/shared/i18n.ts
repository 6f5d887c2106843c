import type { Language } from '@etjanst/schemas';
import i18next, { type ParseKeys } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en } from './locales/en';
import { sv, type Messages } from './locales/sv';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

const STORAGE_KEY = 'etjanst.language';

const asLanguage = (value: string | null | undefined): Language => (value === 'en' ? 'en' : 'sv');

function storedLanguage(): Language {
  try {
    return asLanguage(localStorage.getItem(STORAGE_KEY));
  } catch {
    return 'sv'; // storage may be blocked; Swedish is the default
  }
}

function rememberLanguage(language: Language): void {
  document.documentElement.lang = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // the choice then lasts for this page view only
  }
}

const OPTIONS = {
  resources: { sv: { translation: sv }, en: { translation: en } },
  fallbackLng: 'sv',
  supportedLngs: ['sv', 'en'],
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
} as const;

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({ ...OPTIONS, lng: storedLanguage() });

const fixed = new Map<Language, typeof i18n>();

/**
 * An instance that stays in one language, for a part of the page shown in another language than
 * the UI (the designer's preview of the citizen's form in English while the designer works in
 * Swedish): give it to an I18nextProvider around that part. It neither follows nor changes the
 * UI's language.
 */
export function fixedLanguageI18n(language: Language): typeof i18n {
  let instance = fixed.get(language);
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({ ...OPTIONS, lng: language });
    fixed.set(language, instance);
  }
  return instance;
}
document.documentElement.lang = asLanguage(i18n.language);
i18n.on('languageChanged', (language) => rememberLanguage(asLanguage(language)));

/** The current UI language, outside React (e.g. for request headers). */
export const currentLanguage = (): Language => asLanguage(i18n.language);

/** The current UI language; re-renders when it changes. */
export function useLanguage(): Language {
  const { i18n: instance } = useTranslation();
  return asLanguage(instance.language);
}

/** A text in both languages from one key, for messages made in the client (they switch with the UI). */
export function bothLanguages(
  key: ParseKeys,
  values: Record<string, string | number> = {},
): Record<Language, string> {
  return { sv: i18n.getFixedT('sv')(key, values), en: i18n.getFixedT('en')(key, values) };
}
