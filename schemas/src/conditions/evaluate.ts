import { conditionClauses, type Condition } from './clauses.js';
import type { ConditionClause } from './model.js';

/** The answer at a field path through objects; undefined when any part is missing. */
export function answerAt(answers: unknown, path: string): unknown {
  let value: unknown = answers;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/**
 * Whether a condition holds for some answers, with exactly the meaning of its compiled JSON
 * Schema (conditionSchema): the tests check both against the same answers for every operator.
 * Used where no schema validator runs, e.g. the portal wizard deciding which steps to show.
 */
export function conditionHolds(condition: Condition, answers: unknown): boolean {
  const holds = (clause: ConditionClause) => clauseHolds(clause, answers);
  return 'any' in condition ? condition.any.some(holds) : conditionClauses(condition).every(holds);
}

function clauseHolds(condition: ConditionClause, answers: unknown): boolean {
  const answer = answerAt(answers, condition.field);
  if (answer === undefined) return false;
  const { operator, value } = condition;
  switch (operator) {
    case 'is':
      return answer === value;
    case 'isNot':
      return answer !== value;
    case 'contains':
      if (Array.isArray(answer)) return answer.includes(value);
      return typeof answer === 'string' && answer.includes(String(value));
    case 'greaterThan':
      if (Array.isArray(answer)) return typeof value === 'number' && answer.length > value;
      if (typeof answer === 'number') return typeof value === 'number' && answer > value;
      return typeof answer === 'string' && typeof value === 'string' && isDate(answer) && answer > value;
  }
}

const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text);
