import { Type, type Static } from '@sinclair/typebox';

export const CONDITION_OPERATORS = ['is', 'isNot', 'contains', 'greaterThan'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/**
 * "<field> <is / is not / contains / is greater than> <value>": the designer's condition model.
 * `field` is a field path through objects (not into repeating groups), e.g. `hasOtherGuardian`.
 * An unanswered field satisfies no condition (not even isNot), so what depends on it stays hidden.
 */
export const ConditionSchema = Type.Object(
  {
    field: Type.String({ minLength: 1, description: 'Field path the condition looks at' }),
    operator: Type.Union(CONDITION_OPERATORS.map((o) => Type.Literal(o))),
    value: Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
  },
  { additionalProperties: false, description: 'Show when <field> <operator> <value>' },
);
export type Condition = Static<typeof ConditionSchema>;

/** A field shown only when a condition holds. `target` is a top-level field key. */
export interface FieldCondition {
  target: string;
  when: Condition;
}
