/**
 * Rules between answers, without code: `form.answerRules: [{ kind, field, other, message? }]`.
 *   { kind: 'after', field: 'endDate', other: 'startDate' }        end date later than start date
 *   { kind: 'differs', field: 'secondChoice', other: 'firstChoice' } not the same answer twice
 * A rule is checked once both answers are given; its error is at `field`, in the rule's message
 * or one made from the labels. answerRuleProblems is part of validateDefinition; answerRuleErrors
 * runs on the server after the answer schema (answerValidatorFrom) and in the portal at each step.
 */
export * from './model.js';
export * from './check.js';
