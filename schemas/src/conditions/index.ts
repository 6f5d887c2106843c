/**
 * Conditions without code: "show field X / step S when <field> <is | isNot | contains | greaterThan> <value>",
 * or when all of / any of several such clauses hold.
 *
 * Usage (designer):
 *   const when: Condition = { field: 'hasOtherGuardian', operator: 'is', value: true };
 *   or { all: [clause, clause] } / { any: [clause, clause] } (conditionClauses, conditionMode, combineClauses);
 *     compiled to an `if` of allOf / anyOf of the clauses' schemas.
 *   form.schema = applyFieldConditions(form.schema, [{ target: 'otherGuardian', when }])
 *     -> target moved into allOf [{ if, then: { properties: { otherGuardian }, required? }, else: refuse }]
 *   readFieldConditions(form.schema) -> { conditions: [{ target, when }], unreadable: n }
 *   withoutFieldConditions(form.schema) -> schema with those fields unconditional again (to edit and re-apply)
 *   Step conditions: step.showWhen = when (format: optional property of a step). The portal skips
 *     the step (isStepShown / shownSteps / withoutHiddenSteps); the server validates against
 *     schemaWithStepConditions(form) (compileAnswerValidator does it), so a hidden step's fields
 *     are neither required nor accepted.
 *   conditionOperatorsFor(fieldSchema) -> the operators to offer for a field; OPERATOR_LABELS (sv/en)
 *   conditionHolds(when, answers) evaluates a condition like its compiled schema does.
 *   Operators by field: is/isNot any scalar; contains = text contains / choice list includes;
 *     greaterThan = number >, date later than (YYYY-MM-DD), repeating group has more rows than.
 *   A field's condition may look at fields on its own step or earlier steps (stepSchema declares
 *     the earlier ones and the portal passes their answers along hidden: earlierFieldsOfStep);
 *     a step's condition looks at earlier steps only.
 */
export * from './model.js';
export * from './clauses.js';
export * from './evaluate.js';
export * from './compile.js';
export * from './steps.js';
export * from './operators.js';
