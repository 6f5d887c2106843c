import type { FormStep } from '@etjanst/schemas';
import type { Answers } from './portalApi';

/** The answers to one step's fields. */
export const answersOf = (step: FormStep, answers: Answers): Answers =>
  Object.fromEntries(Object.entries(answers).filter(([name]) => step.fields.includes(name)));

/** All answers with one step's replaced (a field the step no longer shows is dropped). */
export const withStepAnswers = (answers: Answers, step: FormStep, stepAnswers: Answers): Answers => ({
  ...Object.fromEntries(Object.entries(answers).filter(([name]) => !step.fields.includes(name))),
  ...stepAnswers,
});

/** Index of the step showing a field path (its top-level property), or -1. */
export const stepOfField = (steps: FormStep[], field: string | undefined): number =>
  field === undefined ? -1 : steps.findIndex((step) => step.fields.includes(field.split('.')[0] ?? ''));

export const isAnswered = (value: unknown): boolean =>
  value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
