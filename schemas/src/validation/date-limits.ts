import { _, type Ajv, type KeywordCxt } from 'ajv';
import { dateFromToday, DATE_LIMIT_KEYWORDS, DATES_MODULE } from './date-offset.js';

const OFFSET_SCHEMA = {
  type: 'object',
  properties: Object.fromEntries(['years', 'months', 'days'].map((unit) => [unit, { type: 'integer', minimum: -1200, maximum: 1200 }])),
  additionalProperties: false,
  minProperties: 1,
};

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
