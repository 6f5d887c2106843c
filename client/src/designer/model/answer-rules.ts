import { collectFieldPaths, isInRepeatingGroup, type AnswerRule, type AnswerRuleKind } from '@etjanst/schemas';
import { copy, isUnder, type Definition, type Form } from './form-tree';

/** The rules between answers that are about one field (shown at it), with their place in form.answerRules. */
export function fieldAnswerRules(definition: Definition, path: string): { index: number; rule: AnswerRule }[] {
  return (definition.form.answerRules ?? []).flatMap((rule, index) => (rule.field === path ? [{ index, rule }] : []));
}

/** Whether a field takes one answer a rule can be about: not a group, not in a repeating group's rows. */
export function answersOnce(definition: Definition, path: string): boolean {
  const fields = collectFieldPaths(definition.form.schema);
  const schema = fields.get(path);
  return !!schema && schema.type !== 'object' && schema.type !== 'null' && !isInRepeatingGroup(fields, path);
}

/** The fields a rule of this kind about `path` can compare with: dates for "after"; none in a repeating group. */
export function answerRuleCandidates(definition: Definition, path: string, kind: AnswerRuleKind): string[] {
  const fields = collectFieldPaths(definition.form.schema);
  return [...fields]
    .filter(([other, schema]) => other !== path && !isInRepeatingGroup(fields, other) && schema.type !== 'object' && schema.type !== 'null')
    .filter(([, schema]) => kind !== 'after' || schema.format === 'date')
    .map(([other]) => other);
}

/** The definition with the rule at `index` replaced (a rule), removed (undefined) or, at the end, added. */
export function setAnswerRule(definition: Definition, index: number, rule: AnswerRule | undefined): Definition {
  const next = copy(definition);
  const rules = [...(next.form.answerRules ?? [])];
  if (rule) rules[index] = rule;
  else rules.splice(index, 1);
  if (rules.length > 0) next.form.answerRules = rules;
  else delete next.form.answerRules;
  return next;
}

/**
 * The rules left when a field is deleted: a rule comparing with it goes too, since a rule only
 * narrows what may be answered and cannot compare with an answer that no longer exists.
 */
export function answerRulesWithout(form: Form, path: string): AnswerRule[] | undefined {
  const kept = (form.answerRules ?? []).filter((rule) => !isUnder(rule.field, path) && !isUnder(rule.other, path));
  return kept.length > 0 ? kept : undefined;
}
