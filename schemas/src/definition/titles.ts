import { bilingual, type BilingualMessage } from '../i18n/bilingual.js';
import { LANGUAGES, type Language } from './vocabulary.js';

/** A title as titles are compared: letter case, and whitespace around and between words, do not count. */
export const comparableTitle = (title: string): string => title.normalize('NFC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase('sv');

/** Another e-service of the municipality with the same title in one language: a warning, never a refusal. */
export interface DuplicateTitle {
  code: 'title-duplicate';
  language: Language;
  /** The title as the other e-service has it */
  title: string;
  eserviceId: string;
  message: BilingualMessage;
}

const titleIn = (title: unknown, language: Language): string | undefined => {
  const text = typeof title === 'object' && title !== null ? (title as Record<string, unknown>)[language] : undefined;
  return typeof text === 'string' && text.trim() !== '' ? text : undefined;
};

/**
 * The other e-services whose title is the same as this one's in a language (Swedish with Swedish,
 * English with English). Titles are read as stored: an unfinished draft's may be missing.
 */
export function duplicateTitles(eservice: { id: string; title: unknown }, others: readonly { id: string; title: unknown }[]): DuplicateTitle[] {
  return LANGUAGES.flatMap((language) => {
    const own = titleIn(eservice.title, language);
    if (own === undefined) return [];
    return others
      .filter((other) => other.id !== eservice.id)
      .flatMap((other) => {
        const title = titleIn(other.title, language);
        if (title === undefined || comparableTitle(title) !== comparableTitle(own)) return [];
        return [
          {
            code: 'title-duplicate' as const,
            language,
            title,
            eserviceId: other.id,
            message: bilingual(
              `E-tjänsten ”${other.id}” har redan titeln ”${title}”. Invånarna kan ha svårt att skilja två e-tjänster med samma titel åt.`,
              `The e-service “${other.id}” already has the title “${title}”. Residents may find it hard to tell two e-services with the same title apart.`,
            ),
          },
        ];
      });
  });
}
