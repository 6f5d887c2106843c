import { describe, expect, it } from 'vitest';
import type { EServiceDefinition } from '../definition/format.js';
import { validateDefinition } from '../definition/validate-definition.js';
import { createField } from '../fields/catalogue/catalogue.js';
import { faultReport } from '../templates/fault-report.js';
import { compileAnswerValidator, compileDraftAnswerValidator } from '../validation/submission-validator.js';
import type { AnswerRule } from './model.js';

/** The fault report with a period (start, end) and a second category. */
function withRules(rules: AnswerRule[]): EServiceDefinition {
  const definition = structuredClone(faultReport);
  const fields = {
    startDate: createField('date', 'startDate', { label: { sv: 'Startdatum', en: 'Start date' } }),
    endDate: createField('date', 'endDate', { label: { sv: 'Slutdatum', en: 'End date' } }),
    secondCategory: createField('short-text', 'secondCategory', { label: { sv: 'Annan kategori' } }),
  };
  for (const [key, field] of Object.entries(fields)) {
    (definition.form.schema.properties as Record<string, unknown>)[key] = field.schema;
    definition.form.texts[key] = field.texts['']!;
    definition.form.steps[0]?.fields.push(key);
  }
  definition.form.answerRules = rules;
  return definition;
}

const fault = { category: 'street', location: 'Storgatan 12', description: 'Ett stort hål i vägen.', wantsAnswer: false };
const after: AnswerRule = { kind: 'after', field: 'endDate', other: 'startDate' };
const differs: AnswerRule = { kind: 'differs', field: 'secondCategory', other: 'category', message: { sv: 'Välj en annan kategori.' } };

describe('rules between answers', () => {
  const validate = compileAnswerValidator(withRules([after, differs]));

  it('holds an end date to be after the start date, at the end date, worded from the labels', () => {
    expect(validate({ ...fault, startDate: '2027-01-10', endDate: '2027-01-11' }).valid).toBe(true);
    for (const endDate of ['2027-01-10', '2027-01-09']) {
      expect(validate({ ...fault, startDate: '2027-01-10', endDate }).errors).toEqual([
        { pointer: '/endDate', field: 'endDate', keyword: 'after', message: { sv: '”Slutdatum” ska vara senare än ”Startdatum”.', en: '“End date” must be later than “Start date”.' } },
      ]);
    }
  });

  it('holds a second answer to differ from the first, in its own message (Swedish for a missing English)', () => {
    expect(validate({ ...fault, secondCategory: 'lighting' }).valid).toBe(true);
    expect(validate({ ...fault, secondCategory: 'street' }).errors).toEqual([
      { pointer: '/secondCategory', field: 'secondCategory', keyword: 'differs', message: { sv: 'Välj en annan kategori.', en: 'Välj en annan kategori.' } },
    ]);
  });

  it('checks a rule only once both answers are given, and gives one message per field, the schema first', () => {
    expect(validate({ ...fault, endDate: '2020-01-01' }).valid).toBe(true);
    expect(validate({ ...fault, startDate: '2027-01-10', endDate: '2027-01-32' }).errors.map((e) => e.keyword)).toEqual(['format']);
    const both = validate({ ...fault, location: '', startDate: '2027-01-10', endDate: '2027-01-01' });
    expect(both.errors.map((e) => e.field)).toEqual(['location', 'endDate']);
  });

  it('does not hold a draft to them: a draft may be half done', () => {
    expect(compileDraftAnswerValidator(withRules([after]))({ startDate: '2027-01-10', endDate: '2027-01-01' }).valid).toBe(true);
  });

  it('are part of a valid definition only naming fields that exist, dates for "after", two different fields', () => {
    expect(validateDefinition(withRules([after, differs])).problems).toEqual([]);
    const problems = (rule: AnswerRule) => validateDefinition(withRules([rule])).problems.map((p) => [p.pointer, p.code]);
    expect(problems({ ...after, other: 'nothing' })).toEqual([['/form/answerRules/0/other', 'reference.unknown-field']]);
    expect(problems({ ...after, other: 'category' })).toEqual([['/form/answerRules/0/other', 'answer-rules.not-a-date']]);
    expect(problems({ ...differs, other: 'secondCategory' })).toEqual([['/form/answerRules/0/other', 'answer-rules.same-field']]);
    expect(problems({ ...after, kind: 'before' } as unknown as AnswerRule).map(([pointer]) => pointer)).toEqual(['/form/answerRules/0/kind']);
  });
});
