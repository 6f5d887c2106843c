import { Type, type Static } from '@sinclair/typebox';

export const CONDITION_OPERATORS = ['is', 'isNot', 'contains', 'greaterThan'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

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
export type Condition = ConditionClause | { all: ConditionClause[] } | { any: ConditionClause[] };

/** How the clauses of a condition combine: a single clause counts as "all of" one. */
export type ConditionMode = 'all' | 'any';

/** The clauses of a condition, in order. */
export const conditionClauses = (condition: Condition): ConditionClause[] =>
  'all' in condition ? condition.all : 'any' in condition ? condition.any : [condition];

export const conditionMode = (condition: Condition): ConditionMode => ('any' in condition ? 'any' : 'all');

/** The condition of some clauses: a lone "all of" clause stays a plain clause (the format before several clauses). */
export const combineClauses = (mode: ConditionMode, clauses: ConditionClause[]): Condition =>
  mode === 'any' ? { any: clauses } : clauses.length === 1 ? clauses[0]! : { all: clauses };

/** A field shown only when a condition holds. `target` is a top-level field key. */
export interface FieldCondition {
  target: string;
  when: Condition;
}
