import type { Language } from '@etjanst/schemas';
import { switchLanguage, useLanguage } from './i18n';

/** Each language's name in itself: the switch is labelled in the language it switches to. */
const NAMES: Record<Language, string> = { sv: 'Svenska', en: 'English' };

export function LanguageSwitch() {
  const other: Language = useLanguage() === 'sv' ? 'en' : 'sv';
  return (
    <button
      type="button"
      className="language-switch"
      lang={other}
      data-testid="language-switch"
      onClick={() => void switchLanguage(other)}
    >
      {NAMES[other]}
    </button>
  );
}
