import { Type, type Static } from '@sinclair/typebox';

const path = (description: string) => Type.String({ minLength: 1, description });
/** A field path (a number field, or `group.field` for every row of a repeating group) or a constant. */
const Operand = Type.Union([path('Field path'), Type.Number()]);

export const DATE_UNITS = ['days', 'months', 'years'] as const;
export type DateUnit = (typeof DATE_UNITS)[number];

export const FormulaSchema = Type.Union([
  Type.Object({ kind: Type.Literal('sum'), terms: Type.Array(Operand, { minItems: 1 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('multiply'), factors: Type.Array(Operand, { minItems: 1 }) }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('count'), field: path('A repeating group or multiple-choice field: its rows or choices are counted') },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('date-difference'),
      from: path('Date field the period starts'),
      to: Type.Optional(path('Date field the period ends; today when absent')),
      unit: Type.Union(DATE_UNITS.map((u) => Type.Literal(u))),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('age-from-personnummer'),
      field: path('Personnummer field'),
      on: Type.Optional(path('Date field the age is counted at; today when absent')),
    },
    { additionalProperties: false },
  ),
]);
export type Formula = Static<typeof FormulaSchema>;
export type FormulaKind = Formula['kind'];

export const CalculationSchema = Type.Object(
  {
    field: path('Number field (top level or in a group, not in a repeating group) that shows the result'),
    formula: FormulaSchema,
  },
  { additionalProperties: false, description: 'A value computed from other answers, the same in portal and server' },
);
export type Calculation = Static<typeof CalculationSchema>;
