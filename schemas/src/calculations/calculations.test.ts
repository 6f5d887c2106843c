import { describe, expect, it } from 'vitest';
import type { EServiceDefinition } from '../definition/format.js';
import { validateDefinition } from '../definition/validate-definition.js';
import { assembleForm } from '../fields/catalogue/assemble.js';
import type { ChildField } from '../fields/catalogue/types.js';
import { TEMPLATES } from '../templates/index.js';
import { compileAnswerValidator } from '../validation/submission-validator.js';
import { applyCalculations, birthDateOf, dateDifference, evaluateFormula, swedishToday, valuesAt } from './evaluate.js';
import type { Calculation } from './model.js';

const number = (key: string, label: string): ChildField => ({ key, typeId: 'number', properties: { label: { sv: label } } });
const FIELDS: ChildField[] = [
  { key: 'child', typeId: 'personnummer', properties: { label: { sv: 'Barnets personnummer' } } },
  { key: 'start', typeId: 'date', properties: { label: { sv: 'Start' } } },
  { key: 'period', typeId: 'date-range', properties: { label: { sv: 'Period' } } },
  {
    key: 'children',
    typeId: 'repeating-group',
    properties: { label: { sv: 'Barn' }, children: [{ key: 'hours', typeId: 'number', properties: { label: { sv: 'Timmar' }, required: true } }] },
  },
  number('numberOfChildren', 'Antal barn'),
  number('fee', 'Avgift'),
  number('totalHours', 'Timmar totalt'),
  number('days', 'Dagar'),
  number('age', 'Ålder'),
];
const CALCULATIONS: Calculation[] = [
  { field: 'numberOfChildren', formula: { kind: 'count', field: 'children' } },
  { field: 'fee', formula: { kind: 'multiply', factors: ['numberOfChildren', 512.5] } },
  { field: 'totalHours', formula: { kind: 'sum', terms: ['children.hours', 0.1, 0.2] } },
  { field: 'days', formula: { kind: 'date-difference', from: 'period.from', to: 'period.to', unit: 'days' } },
  { field: 'age', formula: { kind: 'age-from-personnummer', field: 'child', on: 'start' } },
];

function definitionWith(calculations: Calculation[]): EServiceDefinition {
  const base = TEMPLATES.find((t) => t.id === 'felanmalan') as EServiceDefinition;
  const { form } = assembleForm([{ id: 'allt', title: { sv: 'Allt' }, fields: FIELDS }]);
  return { ...structuredClone(base), form: { ...form, calculations }, prefill: [], signing: { required: false }, receipt: { email: false, includeAnswers: false } };
}

const ANSWERS = {
  child: '20220301-1230',
  start: '2026-02-28',
  period: { from: '2026-01-30', to: '2026-03-02' },
  children: [{ hours: 30 }, { hours: 12.5 }],
};

describe('calculated values', () => {
  it('computes every kind, in order, a later one using an earlier result', () => {
    expect(applyCalculations(CALCULATIONS, ANSWERS, '2026-11-25')).toEqual({
      ...ANSWERS,
      numberOfChildren: 2,
      fee: 1025,
      totalHours: 42.8,
      days: 31,
      age: 3,
    });
  });

  it('removes a result that cannot be computed yet (and a stale one with it)', () => {
    const partial = applyCalculations(CALCULATIONS, { children: [{ hours: 'x' }], age: 40, days: 2 }, '2026-11-25');
    expect(partial).toEqual({ children: [{ hours: 'x' }], numberOfChildren: 1, fee: 512.5 });
  });

  it('counts rows and choices; nothing answered counts as zero', () => {
    expect(evaluateFormula({ kind: 'count', field: 'children' }, {}, '2026-01-01')).toBe(0);
    expect(evaluateFormula({ kind: 'count', field: 'wishes' }, { wishes: ['a', 'b', 'c'] }, '2026-01-01')).toBe(3);
  });

  it('an age or period without an end date counts to today', () => {
    expect(evaluateFormula({ kind: 'age-from-personnummer', field: 'p' }, { p: '20100612-1234' }, '2026-06-11')).toBe(15);
    expect(evaluateFormula({ kind: 'age-from-personnummer', field: 'p' }, { p: '20100612-1234' }, '2026-06-12')).toBe(16);
    expect(evaluateFormula({ kind: 'date-difference', from: 'd', unit: 'months' }, { d: '2026-01-31' }, '2026-03-30')).toBe(1);
  });

  it('reads birth dates from personnummer and samordningsnummer', () => {
    expect(birthDateOf('19811218-9876')).toBe('1981-12-18');
    expect(birthDateOf('198112789876')).toBe('1981-12-18');
    expect(birthDateOf('8112189876')).toBeUndefined();
  });

  it('counts calendar units', () => {
    expect(dateDifference('2024-02-29', '2025-02-28', 'years')).toBe(0);
    expect(dateDifference('2024-02-29', '2025-03-01', 'years')).toBe(1);
    expect(dateDifference('2026-03-01', '2026-01-01', 'days')).toBe(-59);
    expect(dateDifference('2026-03-15', '2026-01-20', 'months')).toBe(-1);
  });

  it('reads values through objects and every row of a repeating group', () => {
    expect(valuesAt({ a: [{ b: { c: 1 } }, { b: { c: 2 } }, {}] }, 'a.b.c')).toEqual([1, 2]);
  });

  it("today is Sweden's date", () => {
    expect(swedishToday(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
  });

  it('is part of the format, and its results pass the answer validator', () => {
    const definition = definitionWith(CALCULATIONS);
    expect(validateDefinition(definition).problems).toEqual([]);
    expect(compileAnswerValidator(definition)(applyCalculations(CALCULATIONS, ANSWERS, '2026-11-25')).errors).toEqual([]);
  });

  it('validateDefinition names calculations on missing fields, non-number targets and double targets', () => {
    const problems = validateDefinition(
      definitionWith([
        { field: 'fee', formula: { kind: 'multiply', factors: ['removedField', 2] } },
        { field: 'start', formula: { kind: 'count', field: 'children' } },
        { field: 'children.hours', formula: { kind: 'count', field: 'children' } },
        { field: 'fee', formula: { kind: 'sum', terms: [1] } },
      ]),
    ).problems;
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([
      ['/form/calculations/0/formula/factors/0', 'reference.unknown-field'],
      ['/form/calculations/1/field', 'calculations.target-not-number'],
      ['/form/calculations/2/field', 'calculations.target-not-number'],
      ['/form/calculations/3/field', 'calculations.duplicate-target'],
    ]);
    expect(problems[0]?.message.sv).toContain('removedField');
  });
});
