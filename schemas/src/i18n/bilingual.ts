import type { Language } from '../definition/format.js';

/** A message in both UI languages; every error that reaches a person carries one. */
export interface BilingualMessage {
  sv: string;
  en: string;
}

export const bilingual = (sv: string, en: string): BilingualMessage => ({ sv, en });

export function pick(message: BilingualMessage, language: Language): string {
  return message[language];
}
