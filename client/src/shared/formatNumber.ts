import type { Language } from '@etjanst/schemas';
import { LOCALES } from './formatDate';

/** Numbers as people write them in the language (Swedish: 12 345,5 and 66,7 %). */
export const formatNumber = (value: number, language: Language, maximumFractionDigits = 0): string =>
  new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits }).format(value);

/** A share between 0 and 1 as a percentage with at most one decimal. */
export const formatPercent = (share: number, language: Language): string =>
  new Intl.NumberFormat(LOCALES[language], { style: 'percent', maximumFractionDigits: 1 }).format(share);

/** Whole Swedish kronor (Swedish: 12 345 kr). */
export const formatSek = (value: number, language: Language): string =>
  new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency: 'SEK', maximumFractionDigits: 0 }).format(value);
