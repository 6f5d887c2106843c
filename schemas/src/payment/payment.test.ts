import { describe, expect, it } from 'vitest';
import { civilWedding } from '../templates/civil-wedding.js';
import { validateDefinition } from '../definition/validate-definition.js';
import type { EServiceDefinition } from '../definition/format.js';
import { feeOf } from './fee.js';

const withPayment = (payment: EServiceDefinition['payment'], form: Partial<EServiceDefinition['form']> = {}): EServiceDefinition => ({
  ...civilWedding,
  form: { ...civilWedding.form, ...form },
  payment,
});
const description = { sv: 'Avgift' };
const feeForm: Partial<EServiceDefinition['form']> = {
  schema: { ...civilWedding.form.schema, properties: { ...(civilWedding.form.schema.properties as object), guests: { type: 'integer' }, fee: { type: 'number' } } },
  steps: civilWedding.form.steps.map((s, i) => (i === 0 ? { ...s, fields: [...s.fields, 'guests', 'fee'] } : s)),
  texts: { ...civilWedding.form.texts, guests: { label: { sv: 'Gäster' } }, fee: { label: { sv: 'Avgift' } } },
  calculations: [{ field: 'fee', formula: { kind: 'multiply', factors: ['guests', 50] } }],
};
const codes = (definition: EServiceDefinition) => {
  const result = validateDefinition(definition);
  return result.valid ? [] : result.problems.map((p) => `${p.pointer} ${p.code}`);
};

describe('fees in the definition', () => {
  it('the civil wedding template carries a fixed fee and is valid', () => {
    expect(codes(civilWedding)).toEqual([]);
    expect(feeOf(civilWedding, {})).toEqual({ kind: 'due', amount: 600 });
  });

  it('a fixed fee with more than two decimals or below 1 kr is refused', () => {
    expect(codes(withPayment({ fee: { kind: 'fixed', amount: 10.005 }, description }))).toEqual(['/payment/fee/amount payment.amount-decimals']);
    expect(codes(withPayment({ fee: { kind: 'fixed', amount: 0.5 }, description })).length).toBe(1);
  });

  it('a calculated fee must name a field that a calculation fills in', () => {
    expect(codes(withPayment({ fee: { kind: 'calculated', field: 'fee' }, description }, feeForm))).toEqual([]);
    expect(codes(withPayment({ fee: { kind: 'calculated', field: 'nothing' }, description }, feeForm))).toEqual(['/payment/fee/field reference.unknown-field']);
    expect(codes(withPayment({ fee: { kind: 'calculated', field: 'guests' }, description }, feeForm))).toEqual(['/payment/fee/field payment.fee-not-calculated']);
  });

  it('a calculated fee is read from the answers: none at 0, invalid when missing or below 1 kr', () => {
    const definition = withPayment({ fee: { kind: 'calculated', field: 'fee' }, description }, feeForm);
    expect(feeOf(definition, { fee: 150 })).toEqual({ kind: 'due', amount: 150 });
    expect(feeOf(definition, { fee: 0 })).toEqual({ kind: 'none' });
    expect(feeOf(definition, {})).toEqual({ kind: 'invalid', value: undefined });
    expect(feeOf(definition, { fee: 0.4 })).toEqual({ kind: 'invalid', value: 0.4 });
    expect(feeOf({ payment: undefined }, { fee: 150 })).toEqual({ kind: 'none' });
  });
});
