// What the portal needs of a condition, apart from its TypeBox schemas (model.ts): a module the
// citizen's page imports must not pull TypeBox into its bundle (issue 15: under 250 KB gzip).
import type { ConditionClause } from './model.js';

export const CONDITION_OPERATORS = ['is', 'isNot', 'contains', 'greaterThan'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

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
