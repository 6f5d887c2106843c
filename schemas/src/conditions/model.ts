import { Type, type Static } from '@sinclair/typebox';
import { CONDITION_OPERATORS } from './clauses.js';

/**
 * "<field> <is / is not / contains / is greater than> <value>": one clause of a condition.
 * `field` is a field path through objects (not into repeating groups), e.g. `hasOtherGuardian`.
 * An unanswered field satisfies no clause (not even isNot), so what depends on it stays hidden.
 */
export const ConditionClauseSchema = Type.Object(
  {
    field: Type.String({ minLength: 1, description: 'Field path the clause looks at' }),
    operator: Type.Union(CONDITION_OPERATORS.map((o) => Type.Literal(o))),
    value: Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
  },
  { additionalProperties: false, description: 'Holds when <field> <operator> <value>' },
);
export type ConditionClause = Static<typeof ConditionClauseSchema>;

const clauses = (description: string) =>
  Type.Array(ConditionClauseSchema, { minItems: 1, description });

/**
 * The designer's condition model: one clause (as before several clauses were possible, so older
 * definitions keep their meaning), or all of / any of several clauses.
 */
export const ConditionSchema = Type.Union(
  [
    ConditionClauseSchema,
    Type.Object({ all: clauses('Holds when every clause holds') }, { additionalProperties: false }),
    Type.Object({ any: clauses('Holds when at least one clause holds') }, { additionalProperties: false }),
  ],
  { description: 'Show when a clause, all of several clauses or any of several clauses hold' },
);
