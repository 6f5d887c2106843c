import { valuesAt } from '../calculations/evaluate.js';
import { collectFieldPaths, isInRepeatingGroup, type FieldPath } from '../definition/fields.js';
import type { EServiceDefinition, FieldTexts } from '../definition/format.js';
import { bilingual, type BilingualMessage } from '../i18n/bilingual.js';
import type { AnswerRule } from './model.js';

/** One broken rule, at its field (the shape of the answer validator's errors). */
export interface AnswerRuleError {
  pointer: string;
  field: FieldPath;
  keyword: 'after' | 'differs';
  message: BilingualMessage;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a rule holds; a rule between answers not both given holds (required-ness is the schema's). */
function holds(rule: AnswerRule, value: unknown, other: unknown): boolean {
  if (value === undefined || other === undefined) return true;
  if (rule.kind === 'differs') return JSON.stringify(value) !== JSON.stringify(other);
  // a value that is no date has its format's error from the schema
  if (typeof value !== 'string' || typeof other !== 'string' || !ISO_DATE.test(value) || !ISO_DATE.test(other)) return true;
  return value > other;
}

/** The rule's own message, or one made from the two fields' labels. */
export function answerRuleMessage(rule: AnswerRule, texts: Record<string, FieldTexts | undefined>): BilingualMessage {
  if (rule.message) return { sv: rule.message.sv, en: rule.message.en ?? rule.message.sv };
  const label = (path: string, language: 'sv' | 'en') => texts[path]?.label[language] ?? texts[path]?.label.sv ?? path;
  const [a, b] = [rule.field, rule.other];
  return rule.kind === 'after'
    ? bilingual(`”${label(a, 'sv')}” ska vara senare än ”${label(b, 'sv')}”.`, `“${label(a, 'en')}” must be later than “${label(b, 'en')}”.`)
    : bilingual(`”${label(a, 'sv')}” ska skilja sig från ”${label(b, 'sv')}”.`, `“${label(a, 'en')}” must differ from “${label(b, 'en')}”.`);
}

/**
 * The rules between answers (form.answerRules) that the answers break, each at its field. The
 * one function the server (after the answer schema) and the portal (at each step) run. Pure.
 */
export function answerRuleErrors(definition: Pick<EServiceDefinition, 'form'>, answers: unknown): AnswerRuleError[] {
  const rules = definition.form.answerRules ?? [];
  return rules
    .filter((rule) => !holds(rule, valuesAt(answers, rule.field)[0], valuesAt(answers, rule.other)[0]))
    .map((rule) => ({
      pointer: `/${rule.field.split('.').map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`,
      field: rule.field,
      keyword: rule.kind,
      message: answerRuleMessage(rule, definition.form.texts),
    }));
}

/** What is wrong with a definition's answer rules: unknown fields, rows, a field compared with itself, `after` between non-dates. */
export function answerRuleProblems(definition: EServiceDefinition): { pointer: string; code: string; message: BilingualMessage }[] {
  const rules = definition.form.answerRules ?? [];
  if (rules.length === 0) return [];
  const fields = collectFieldPaths(definition.form.schema);
  return rules.flatMap((rule, i) => {
    const at = `/form/answerRules/${i}`;
    for (const key of ['field', 'other'] as const) {
      const path = rule[key];
      if (!fields.has(path)) return [{ pointer: `${at}/${key}`, code: 'reference.unknown-field', message: bilingual(`Fältet ”${path}” finns inte i formuläret.`, `The field “${path}” does not exist in the form.`) }];
      if (isInRepeatingGroup(fields, path)) return [{ pointer: `${at}/${key}`, code: 'answer-rules.in-repeating-group', message: bilingual(`Regeln kan inte gälla fältet ”${path}” i en upprepad grupp.`, `The rule cannot concern the field “${path}” in a repeating group.`) }];
      if (rule.kind === 'after' && fields.get(path)?.format !== 'date') return [{ pointer: `${at}/${key}`, code: 'answer-rules.not-a-date', message: bilingual(`Regeln ”senare än” jämför datum, men ”${path}” är inget datumfält.`, `The rule “later than” compares dates, but “${path}” is no date field.`) }];
    }
    if (rule.field === rule.other) return [{ pointer: `${at}/other`, code: 'answer-rules.same-field', message: bilingual(`Regeln jämför fältet ”${rule.field}” med sig självt.`, `The rule compares the field “${rule.field}” with itself.`) }];
    return [];
  });
}
