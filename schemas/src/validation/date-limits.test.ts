import { describe, expect, it } from 'vitest';
import { swedishToday } from '../calculations/evaluate.js';
import type { EServiceDefinition } from '../definition/format.js';
import { validateDefinition } from '../definition/validate-definition.js';
import { createField, readFieldProperties } from '../fields/catalogue/catalogue.js';
import { faultReport } from '../templates/fault-report.js';
import { createAjv } from './ajv.js';
import { dateFromToday } from './date-offset.js';
import { compileAnswerValidator } from './submission-validator.js';

/** The fault report with a start date that must lie 4 months to 1 year from the day of applying. */
function withStartDate(): EServiceDefinition {
  const definition = structuredClone(faultReport);
  const field = createField('date', 'startDate', {
    label: { sv: 'Startdatum', en: 'Start date' },
    errorMessage: { sv: 'Välj ett datum.', en: 'Choose a date.' },
    earliestFromToday: { months: 4 },
    latestFromToday: { years: 1 },
  });
  (definition.form.schema.properties as Record<string, unknown>).startDate = field.schema;
  definition.form.texts.startDate = field.texts[''] as EServiceDefinition['form']['texts'][string];
  definition.form.steps[0]?.fields.push('startDate');
  return definition;
}

const fault = { category: 'street', location: 'Storgatan 12', description: 'Ett stort hål i vägen.', wantsAnswer: false };

describe('dates relative to the day of applying', () => {
  it('counts years and months first, falling back to the end of a shorter month, then days', () => {
    expect(dateFromToday({ months: 4 }, '2026-10-31')).toBe('2027-02-28');
    expect(dateFromToday({ months: 4 }, '2027-10-31')).toBe('2028-02-29');
    expect(dateFromToday({ years: -18 }, '2026-02-28')).toBe('2008-02-28');
    expect(dateFromToday({ months: -1, days: 1 }, '2026-03-31')).toBe('2026-03-01');
    expect(dateFromToday({ days: 1 }, '2026-12-31')).toBe('2027-01-01');
  });

  it('refuses a date before the earliest or after the latest, today in Sweden, at the field with the limit', () => {
    const validate = compileAnswerValidator(withStartDate());
    const earliest = dateFromToday({ months: 4 });
    const dayBefore = dateFromToday({ months: 4, days: -1 });
    expect(validate({ ...fault, startDate: earliest }).valid).toBe(true);
    expect(validate({ ...fault, startDate: dateFromToday({ years: 1 }) }).valid).toBe(true);
    const early = validate({ ...fault, startDate: dayBefore });
    expect(early.errors).toEqual([
      {
        pointer: '/startDate',
        field: 'startDate',
        keyword: 'earliestFromToday',
        // the limit's own wording, not the field's "choose a date": only it says which day
        message: { sv: `”Startdatum” får vara tidigast ${earliest}.`, en: `“Start date” may be no earlier than ${earliest}.` },
      },
    ]);
    const late = validate({ ...fault, startDate: dateFromToday({ years: 1, days: 1 }) });
    expect(late.errors.map((e) => [e.keyword, e.message.en])).toEqual([['latestFromToday', `“Start date” may be no later than ${dateFromToday({ years: 1 })}.`]]);
    expect(dateFromToday({ days: 0 })).toBe(swedishToday());
  });

  it('is a date property of the catalogue that round-trips, in a definition that validates', () => {
    const definition = withStartDate();
    expect(validateDefinition(definition).problems).toEqual([]);
    expect(readFieldProperties(definition, 'startDate')?.properties).toMatchObject({ earliestFromToday: { months: 4 }, latestFromToday: { years: 1 } });
  });

  it('refuses an offset that is not whole years, months or days when the form is checked', () => {
    const definition = withStartDate();
    (definition.form.schema.properties as Record<string, Record<string, unknown>>).startDate!.earliestFromToday = { weeks: 2 };
    expect(validateDefinition(definition).problems.map((p) => p.code)).toEqual(['form.schema-not-compilable']);
    expect(() => createAjv().compile({ type: 'string', latestFromToday: { months: 1.5 } })).toThrow();
  });
});
