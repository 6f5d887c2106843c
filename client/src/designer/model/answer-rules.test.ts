import { createField, preschoolPlace, validateDefinition, type EServiceDefinition } from '@etjanst/schemas';
import { describe, expect, it } from 'vitest';
import { addField as addDesignerField, answerRuleCandidates, answersOnce, deleteField, fieldAnswerRules, setAnswerRule } from './index';

/** The preschool template with an end date beside its start date. */
function base(): EServiceDefinition {
  return addDesignerField(structuredClone(preschoolPlace), { parent: '', stepId: 'onskemal', index: 1 }, { name: 'endDate', ...createField('date', 'endDate', { label: { sv: 'Slutdatum' } }) });
}

describe('rules between answers in the designer model', () => {
  it('offers dates to compare a date with, any single answer to differ from; none in rows or groups', () => {
    const d = base();
    expect(answerRuleCandidates(d, 'endDate', 'after')).toEqual(['startDate']);
    expect(answerRuleCandidates(d, 'endDate', 'differs')).toContain('hoursPerWeek');
    expect(answerRuleCandidates(d, 'endDate', 'differs')).not.toContain('guardian');
    expect(answersOnce(d, 'endDate')).toBe(true);
    expect(answersOnce(d, 'guardian')).toBe(false);
  });

  it('adds, edits and removes a rule, and keeps the definition valid', () => {
    let d = setAnswerRule(base(), 0, { kind: 'after', field: 'endDate', other: 'startDate' });
    expect(validateDefinition(d).problems).toEqual([]);
    d = setAnswerRule(d, 0, { kind: 'after', field: 'endDate', other: 'startDate', message: { sv: 'Slutet ska komma efter början.' } });
    expect(fieldAnswerRules(d, 'endDate')).toEqual([{ index: 0, rule: { kind: 'after', field: 'endDate', other: 'startDate', message: { sv: 'Slutet ska komma efter början.' } } }]);
    expect(setAnswerRule(d, 0, undefined).form.answerRules).toBeUndefined();
  });

  it('drops the rules that name a deleted field', () => {
    const d = setAnswerRule(base(), 0, { kind: 'after', field: 'endDate', other: 'startDate' });
    const next = deleteField(d, 'startDate');
    expect(next.form.answerRules).toBeUndefined();
    expect(validateDefinition(next).problems).toEqual([]);
  });
});
