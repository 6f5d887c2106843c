import { applyCalculations, compileAnswerValidator, createField, preschoolPlace, validateDefinition, type ChildField, type EServiceDefinition, type FieldProperties } from '@etjanst/schemas';
import { describe, expect, it } from 'vitest';
import { fieldPathLabel } from '../labels';
import {
  addField,
  calculationInputs,
  deleteField,
  DesignerEditError,
  duplicateField,
  fieldCalculation,
  fieldOfProblem,
  formulaOfKind,
  isCalculable,
  moveField,
  problemsByField,
  record,
  redo,
  setFieldCalculation,
  startHistory,
  undo,
} from './index';

const number = (key: string, sv: string, en: string): ChildField => ({ key, typeId: 'number', properties: { label: { sv, en } } });

/**
 * The preschool template with what calculations read and show: siblings (a repeating group with
 * hours and a personnummer per row), a date range, and number fields for the results.
 */
function base(): EServiceDefinition {
  let d: EServiceDefinition = structuredClone(preschoolPlace);
  const add = (name: string, typeId: string, properties: FieldProperties) =>
    (d = addField(d, { parent: '', stepId: 'onskemal', index: 0 }, { name, ...createField(typeId, name, properties) }));
  add('siblings', 'repeating-group', {
    label: { sv: 'Syskon', en: 'Siblings' },
    minItems: 0,
    children: [
      number('hours', 'Timmar', 'Hours'),
      { key: 'pnr', typeId: 'personnummer', properties: { label: { sv: 'Syskonets personnummer' } } },
    ],
  });
  add('period', 'date-range', { label: { sv: 'Period', en: 'Period' } });
  for (const [name, sv, en] of [['numberOfSiblings', 'Antal syskon', 'Number of siblings'], ['fee', 'Avgift', 'Fee'], ['days', 'Dagar', 'Days'], ['age', 'Ålder', 'Age']] as const) {
    add(name, 'number', { label: { sv, en } });
  }
  return d;
}

const refusal = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    if (error instanceof DesignerEditError) return { code: error.code, sv: error.messages.sv };
    throw error;
  }
  return { code: 'no error', sv: '' };
};
const expectValid = (d: EServiceDefinition) => expect(validateDefinition(d).problems).toEqual([]);

/** A fee from the number of siblings, and the same chain the portal and server compute. */
function withFee(d = base()): EServiceDefinition {
  d = setFieldCalculation(d, 'numberOfSiblings', { kind: 'count', field: 'siblings' });
  return setFieldCalculation(d, 'fee', { kind: 'multiply', factors: ['numberOfSiblings', 512.5] });
}

describe('candidate inputs', () => {
  it('lists, per kind, the fields a formula can read, labelled with their groups', () => {
    const d = base();
    const labelled = (kind: Parameters<typeof calculationInputs>[1]) => calculationInputs(d, kind, 'fee').map((p) => fieldPathLabel(d, p, 'sv'));
    expect(labelled('number')).toEqual(['Hur många timmar i veckan?', 'Syskon › Timmar', 'Antal syskon', 'Dagar', 'Ålder']);
    expect(labelled('countable')).toEqual(['Vilka förskolor önskar du?', 'Syskon']);
    expect(calculationInputs(d, 'date', 'fee')).toEqual(['startDate', 'period.from', 'period.to']);
    expect(fieldPathLabel(d, 'period.to', 'en')).toBe('Period › To');
    // a personnummer in a row would be read from the first row only: not offered
    expect(calculationInputs(d, 'personnummer', 'fee')).toEqual(['child.personalIdentityNumber', 'guardian.personalIdentityNumber', 'otherGuardian.personalIdentityNumber']);
  });

  it('never offers the field itself, nor a field calculated from it', () => {
    const d = withFee();
    expect(calculationInputs(d, 'number', 'numberOfSiblings')).not.toContain('fee');
    expect(calculationInputs(d, 'number', 'numberOfSiblings')).not.toContain('numberOfSiblings');
    expect(calculationInputs(d, 'number', 'days')).toContain('fee');
  });

  it('a number field outside repeating groups can be calculated, others not', () => {
    const d = base();
    expect(['fee', 'hoursPerWeek', 'siblings.hours', 'startDate', 'siblings'].map((p) => isCalculable(d, p))).toEqual([true, true, false, false, false]);
  });

  it('makes a formula of each kind from the fields there are, keeping the operands from sum to product (a neutral number stays neutral)', () => {
    const d = base();
    expect(formulaOfKind(d, 'fee', 'sum')).toEqual({ kind: 'sum', terms: ['hoursPerWeek'] });
    expect(formulaOfKind(d, 'fee', 'multiply', { kind: 'sum', terms: ['siblings.hours', 3, 0] })).toEqual({ kind: 'multiply', factors: ['siblings.hours', 3, 1] });
    expect(formulaOfKind(d, 'fee', 'sum', { kind: 'multiply', factors: [1, 0] })).toEqual({ kind: 'sum', terms: [0, 0] });
    expect(formulaOfKind(d, 'fee', 'count')).toEqual({ kind: 'count', field: 'preferredPreschools' });
    expect(formulaOfKind(d, 'fee', 'date-difference')).toEqual({ kind: 'date-difference', from: 'startDate', unit: 'days' });
    expect(formulaOfKind(d, 'fee', 'age-from-personnummer')).toEqual({ kind: 'age-from-personnummer', field: 'child.personalIdentityNumber' });
    const noDates = deleteField(deleteField(deleteField(d, 'period'), 'startDate'), 'child');
    expect(formulaOfKind(noDates, 'fee', 'date-difference')).toBeUndefined();
  });
});

describe('setting and removing a calculation', () => {
  it('sets, replaces and removes a calculation; the result is valid and computed as the server computes it', () => {
    let d = withFee();
    expect(fieldCalculation(d, 'fee')).toEqual({ kind: 'multiply', factors: ['numberOfSiblings', 512.5] });
    d = setFieldCalculation(d, 'days', { kind: 'date-difference', from: 'period.from', to: 'period.to', unit: 'days' });
    d = setFieldCalculation(d, 'age', { kind: 'age-from-personnummer', field: 'child.personalIdentityNumber', on: 'startDate' });
    expectValid(d);
    const answers = { siblings: [{ hours: 1 }, { hours: 2 }], period: { from: '2027-01-01', to: '2027-01-31' }, child: { personalIdentityNumber: '20210314-2382' }, startDate: '2027-08-01' };
    expect(applyCalculations(d.form.calculations, answers, '2026-12-01')).toMatchObject({ numberOfSiblings: 2, fee: 1025, days: 30, age: 6 });

    d = setFieldCalculation(d, 'fee', { kind: 'sum', terms: ['siblings.hours', 10] });
    expect(d.form.calculations!.map((c) => c.field)).toEqual(['numberOfSiblings', 'fee', 'days', 'age']); // replaced in place
    d = setFieldCalculation(setFieldCalculation(setFieldCalculation(setFieldCalculation(d, 'fee', undefined), 'days', undefined), 'age', undefined), 'numberOfSiblings', undefined);
    expect(d.form).not.toHaveProperty('calculations');
  });

  it('keeps a calculation after the ones whose results it reads', () => {
    let d = setFieldCalculation(base(), 'fee', { kind: 'multiply', factors: ['numberOfSiblings', 100] });
    d = setFieldCalculation(d, 'numberOfSiblings', { kind: 'count', field: 'siblings' });
    expect(d.form.calculations!.map((c) => c.field)).toEqual(['numberOfSiblings', 'fee']);
    expect(applyCalculations(d.form.calculations, { siblings: [{}, {}, {}] }, '2026-12-01')).toMatchObject({ fee: 300 });
  });

  it('refuses a wrong target, a wrong input, no operands, the field itself and a circle', () => {
    const d = withFee();
    expect(refusal(() => setFieldCalculation(d, 'startDate', { kind: 'count', field: 'siblings' })).code).toBe('calculation-target-not-number');
    expect(refusal(() => setFieldCalculation(d, 'siblings.hours', { kind: 'count', field: 'siblings' })).code).toBe('calculation-target-not-number');
    expect(refusal(() => setFieldCalculation(d, 'days', { kind: 'count', field: 'startDate' }))).toEqual({
      code: 'calculation-input-invalid',
      sv: 'Beräkningen kan inte använda fältet ”Från vilket datum behöver barnet plats?” här.',
    });
    expect(refusal(() => setFieldCalculation(d, 'days', { kind: 'date-difference', from: 'nothing', unit: 'days' })).code).toBe('calculation-input-invalid');
    expect(refusal(() => setFieldCalculation(d, 'days', { kind: 'sum', terms: [] })).code).toBe('calculation-no-operands');
    expect(refusal(() => setFieldCalculation(d, 'days', { kind: 'sum', terms: ['days', 1] })).code).toBe('calculation-on-itself');
    expect(refusal(() => setFieldCalculation(d, 'numberOfSiblings', { kind: 'sum', terms: ['fee'] }))).toEqual({
      code: 'calculation-circular',
      sv: 'Beräkningarna av ”Antal syskon”, ”Avgift” räknas ut från varandra. Ändra någon av dem.',
    });
  });
});

describe('calculations and the other edits', () => {
  it('deleting a calculated field removes its calculation; a field a calculation reads is refused, naming it', () => {
    const d = withFee();
    const withoutFee = deleteField(d, 'fee');
    expect(withoutFee.form.calculations).toEqual([{ field: 'numberOfSiblings', formula: { kind: 'count', field: 'siblings' } }]);
    expectValid(withoutFee);
    expect(refusal(() => deleteField(d, 'numberOfSiblings'))).toEqual({
      code: 'field-used-in-calculation',
      sv: 'Fältet ”Antal syskon” används i beräkningen av ”Avgift”. Ändra eller ta bort beräkningen först.',
    });
    // a child of a group a calculation reads, and the group itself
    const summed = setFieldCalculation(base(), 'fee', { kind: 'sum', terms: ['siblings.hours'] });
    expect(refusal(() => deleteField(summed, 'siblings.hours')).code).toBe('field-used-in-calculation');
    expect(refusal(() => deleteField(summed, 'siblings')).code).toBe('field-used-in-calculation');
    expect(deleteField(deleteField(withoutFee, 'numberOfSiblings'), 'siblings').form).not.toHaveProperty('calculations');
  });

  it('a copy of a calculated field is an ordinary field; moving keeps the calculation', () => {
    const d = withFee();
    const { definition: copied, path } = duplicateField(d, 'fee');
    expect(fieldCalculation(copied, path)).toBeUndefined();
    expect(copied.form.calculations).toEqual(d.form.calculations);
    expectValid(copied);
    const moved = moveField(d, 'fee', { parent: '', stepId: 'barnet', index: 0 });
    expect(moved.form.calculations).toEqual(d.form.calculations);
    expectValid(moved);
  });

  it('shows a calculation problem at the calculated field, or with the e-service while that field is missing', () => {
    const d = withFee();
    d.form.calculations![1]!.formula = { kind: 'multiply', factors: ['removed', 2] };
    const problems = validateDefinition(d).problems;
    expect(problems.map((p) => [p.pointer, fieldOfProblem(d, p)])).toEqual([['/form/calculations/1/formula/factors/0', 'fee']]);
    d.form.calculations![1]!.field = 'gone';
    expect(problemsByField(d, validateDefinition(d).problems).get('')!.map((p) => p.code)).toEqual(['reference.unknown-field', 'reference.unknown-field']);
  });

  it('undo and redo take a calculation away and back', () => {
    const d0 = base();
    let history = record(startHistory(d0), withFee(d0));
    history = undo(history);
    expect(history.present).toBe(d0);
    expect(fieldCalculation(history.present, 'fee')).toBeUndefined();
    history = redo(history);
    expect(fieldCalculation(history.present, 'fee')).toEqual({ kind: 'multiply', factors: ['numberOfSiblings', 512.5] });
  });

  it('the answer validator the server uses accepts the computed values', () => {
    const d = withFee();
    const validate = compileAnswerValidator(d);
    const computed = applyCalculations(d.form.calculations, { siblings: [{ hours: 3 }] }, '2026-12-01');
    expect(computed).toMatchObject({ numberOfSiblings: 1, fee: 512.5 });
    expect(validate(computed).errors.filter((e) => ['numberOfSiblings', 'fee', 'siblings'].includes(e.field))).toEqual([]);
  });
});
