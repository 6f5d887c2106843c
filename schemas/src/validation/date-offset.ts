// The run-time part of the date limits (date-limits.ts registers the keyword): what the
// generated validators call. Apart, so that the portal's validator loader does not bring in ajv's
// compiler (issue 15: no compiler in the citizen's bundle).
import { swedishToday } from '../calculations/evaluate.js';

/**
 * Date limits relative to the day of applying, e.g. "at least four months from today" (the
 * Education Act's rule for preschool places): `earliestFromToday: { months: 4 }` on a date field.
 * A limit that moves with the day cannot be a constant in a schema compiled at publish, so the
 * keyword's generated code calls `dateFromToday` at validation time, through `require` like the
 * formats (DATES_MODULE): the run-time compiler, the server's standalone code and the portal's
 * precompiled validators all judge by the same function and the same Swedish day.
 */
export interface DateOffset {
  years?: number;
  months?: number;
  days?: number;
}

export const DATE_LIMIT_KEYWORDS = ['earliestFromToday', 'latestFromToday'] as const;
export type DateLimitKeyword = (typeof DATE_LIMIT_KEYWORDS)[number];

/** The name the generated code reads `dateFromToday` by. */
export const DATES_MODULE = 'etjanst:answer-dates';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The date `offset` after `today` (YYYY-MM-DD): years and months first, a day past the month's
 * end falling back to its last day (31 October + 4 months = 28 February), then days.
 */
export function dateFromToday(offset: DateOffset, today: string = swedishToday()): string {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const months = year * 12 + (month - 1) + (offset.years ?? 0) * 12 + (offset.months ?? 0);
  const y = Math.floor(months / 12);
  const m = months - y * 12;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(y, m, Math.min(day, lastDay) + (offset.days ?? 0)));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** What generated code requires under DATES_MODULE. */
export const answerDates = () => ({ dateFromToday });
