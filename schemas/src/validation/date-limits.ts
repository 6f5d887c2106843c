import { _, type Ajv, type KeywordCxt } from 'ajv';
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

const OFFSET_SCHEMA = {
  type: 'object',
  properties: Object.fromEntries(['years', 'months', 'days'].map((unit) => [unit, { type: 'integer', minimum: -1200, maximum: 1200 }])),
  additionalProperties: false,
  minProperties: 1,
};

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

/** Registers earliestFromToday/latestFromToday on an ajv (the platform's and rjsf's). */
export function addDateLimitKeywords(ajv: Ajv): Ajv {
  for (const keyword of DATE_LIMIT_KEYWORDS) {
    ajv.addKeyword({
      keyword,
      type: 'string',
      schemaType: 'object',
      metaSchema: OFFSET_SCHEMA,
      error: {
        message: keyword === 'earliestFromToday' ? 'must be no earlier than the limit' : 'must be no later than the limit',
        params: ({ schemaCode }) => _`{offset: ${schemaCode}}`,
      },
      code(cxt: KeywordCxt) {
        const { gen, data, schemaCode } = cxt;
        const limitOf = gen.scopeValue('func', { ref: dateFromToday, code: _`require(${DATES_MODULE}).dateFromToday` });
        // ISO dates compare as strings; a value that is no date has the format's error
        cxt.fail(keyword === 'earliestFromToday' ? _`${data} < ${limitOf}(${schemaCode})` : _`${data} > ${limitOf}(${schemaCode})`);
      },
    });
  }
  return ajv;
}
