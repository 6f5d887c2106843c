import { LANGUAGES, type Language } from '@etjanst/schemas';
import i18next, { type ParseKeys } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
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

/**
 * Swedish is in the bundle; English is loaded when it is first needed (loadLanguage), so a page
 * carries one language's texts. Until then English keys fall back to Swedish. The Swedish texts
 * of the staff pages come with the staff frame (loadStaffTexts), not to citizens.
 */
const LOADERS: Record<Language, () => Promise<Partial<Messages>>> = {
  sv: () => Promise.resolve(sv),
  en: async () => (await import('./locales/en')).en,
};

const OPTIONS = {
  fallbackLng: 'sv',
  supportedLngs: ['sv', 'en'],
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
} as const;

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({ ...OPTIONS, resources: { sv: { translation: sv } }, lng: storedLanguage() });

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
    const loaded = LANGUAGES.filter((l) => i18n.hasResourceBundle(l, 'translation'));
    const resources = Object.fromEntries(loaded.map((l) => [l, { translation: i18n.getResourceBundle(l, 'translation') as Messages }]));
    void instance.init({ ...OPTIONS, resources, lng: language });
    fixed.set(language, instance);
  }
  return instance;
}
/** Makes a language's texts available (to the UI and every fixed-language instance); at once for Swedish. */
export async function loadLanguage(language: Language): Promise<void> {
  if (i18n.hasResourceBundle(language, 'translation')) return;
  const messages = await LOADERS[language]();
  for (const instance of [i18n, ...fixed.values()]) instance.addResourceBundle(language, 'translation', messages);
}

/** The staff pages' Swedish texts, added to the UI and every fixed-language instance; the staff frame loads them before it renders. */
export async function loadStaffTexts(): Promise<void> {
  const { svStaff } = await import('./locales/sv-staff');
  for (const instance of [i18n, ...fixed.values()]) instance.addResourceBundle('sv', 'translation', svStaff, true, false);
}

/** Every language's texts: for the designer, whose preview shows the form in either language. */
export const loadAllLanguages = (): Promise<unknown> => Promise.all(LANGUAGES.map(loadLanguage));

/** Switches the UI's language once its texts are there. */
export async function switchLanguage(language: Language): Promise<void> {
  await loadLanguage(language);
  await i18n.changeLanguage(language);
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

/**
 * A text in both languages from one key, for messages made in the client (they switch with the UI).
 * English falls back to Swedish while its texts are not loaded (the UI is then in Swedish).
 */
export function bothLanguages(
  key: ParseKeys,
  values: Record<string, string | number> = {},
): Record<Language, string> {
  return { sv: i18n.getFixedT('sv')(key, values), en: i18n.getFixedT('en')(key, values) };
}
