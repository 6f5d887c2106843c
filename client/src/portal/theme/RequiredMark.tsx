import type { Language } from '@etjanst/schemas';
import { themeTexts } from './texts';

/** A visible asterisk, and "(obligatoriskt)" for the accessible name instead of the bare symbol. */
export function RequiredMark({ language }: { language: Language }) {
  return (
    <>
      <span className="required-mark" aria-hidden="true">
        {' *'}
      </span>
      <span className="visually-hidden"> {themeTexts(language).required}</span>
    </>
  );
}
