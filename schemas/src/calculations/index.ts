/**
 * Calculated values without code: `form.calculations: [{ field, formula }]`, evaluated in order by
 * one pure function used by the portal (live) and the server (on submission).
 *
 * Usage (designer):
 *   form.calculations = [
 *     { field: 'numberOfChildren', formula: { kind: 'count', field: 'children' } },
 *     { field: 'fee', formula: { kind: 'multiply', factors: ['numberOfChildren', 500] } },
 *     { field: 'total', formula: { kind: 'sum', terms: ['fee', 'children.extra'] } },
 *     { field: 'days', formula: { kind: 'date-difference', from: 'period.from', to: 'period.to', unit: 'days' } },
 *     { field: 'childAge', formula: { kind: 'age-from-personnummer', field: 'child.personalIdentityNumber', on: 'startDate' } },
 *   ]
 *   The target is a number field (createField('number', ...)), not in a repeating group; the
 *   portal shows it read-only. Operands are field paths (`group.field` = every row) or constants.
 *   calculationProblems(definition) is part of validateDefinition (unknown fields, wrong targets).
 *   applyCalculations(form.calculations, answers, swedishToday()) -> answers with the results set
 *   (a result that cannot be computed yet is removed).
 * Server decision: it recomputes on submission and stores its own results, overwriting whatever
 * the client sent for a calculated field (a tampered or stale value is never stored).
 */
export * from './model.js';
export * from './evaluate.js';
export * from './validate.js';
