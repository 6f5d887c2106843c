import { ANSWER_RULE_KINDS, type AnswerRule, type AnswerRuleKind } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import type { Apply } from './Designer';
import { fieldPathLabel } from './labels';
import { answerRuleCandidates, fieldAnswerRules, setAnswerRule, type Definition } from './model';

/**
 * "Regler mot andra svar": rules that compare this field's answer with another's (form.answerRules):
 * a date later than another date, an answer that differs from another. The portal and the server
 * show a broken rule at this field, in the rule's message or one made from the two labels.
 */
export function AnswerRuleEditor({ definition, target, apply }: { definition: Definition; target: string; apply: Apply }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const rules = fieldAnswerRules(definition, target);
  const kinds = ANSWER_RULE_KINDS.filter((kind) => answerRuleCandidates(definition, target, kind).length > 0);
  const next = (definition.form.answerRules ?? []).length;
  const set = (index: number, rule: AnswerRule | undefined) => apply((d) => setAnswerRule(d, index, rule), `answer-rule:${target}:${index}`);
  const add = (kind: AnswerRuleKind) => set(next, { kind, field: target, other: answerRuleCandidates(definition, target, kind)[0]! });
  return (
    <fieldset className="designer-answer-rules" data-testid="answer-rules">
      <legend>{t('designer.answerRules.title')}</legend>
      {rules.map(({ index, rule }, n) => {
        const id = (part: string) => `answer-rule-${n}-${part}`;
        const message = rule.message ?? { sv: '' };
        const setMessage = (lang: 'sv' | 'en', text: string) => {
          const edited = { ...message, [lang]: text || undefined };
          const { message: _old, ...rest } = rule;
          set(index, edited.sv ? { ...rest, message: { sv: edited.sv, ...(edited.en ? { en: edited.en } : {}) } } : rest);
        };
        return (
          <div className="designer-answer-rule" key={index}>
            <div className="form-field">
              <label htmlFor={id('kind')}>{t('designer.answerRules.kind', { n: n + 1 })}</label>
              <select id={id('kind')} value={rule.kind} onChange={(e) => {
                const kind = e.target.value as AnswerRuleKind;
                const candidates = answerRuleCandidates(definition, target, kind);
                set(index, { ...rule, kind, other: candidates.includes(rule.other) ? rule.other : candidates[0]! });
              }}>
                {ANSWER_RULE_KINDS.filter((k) => k === rule.kind || kinds.includes(k)).map((k) => (
                  <option key={k} value={k}>{t(`designer.answerRules.kinds.${k}`)}</option>
                ))}
              </select>
            </div>
            <div className="form-field">
              <label htmlFor={id('other')}>{t('designer.answerRules.other')}</label>
              <select id={id('other')} value={rule.other} onChange={(e) => set(index, { ...rule, other: e.target.value })} data-testid={id('other')}>
                {answerRuleCandidates(definition, target, rule.kind).map((path) => (
                  <option key={path} value={path}>{fieldPathLabel(definition, path, language)}</option>
                ))}
              </select>
            </div>
            {(['sv', 'en'] as const).map((lang) => (
              <div className="form-field" key={lang}>
                <label htmlFor={id(`message-${lang}`)}>{t(`designer.answerRules.message.${lang}`)}</label>
                <input id={id(`message-${lang}`)} type="text" value={message[lang] ?? ''} onChange={(e) => setMessage(lang, e.target.value)} />
              </div>
            ))}
            <button type="button" className="btn btn-secondary" onClick={() => set(index, undefined)}>
              {t('designer.answerRules.remove', { n: n + 1 })}
            </button>
          </div>
        );
      })}
      {kinds.length === 0 ? (
        <p className="hint">{t('designer.answerRules.none')}</p>
      ) : (
        kinds.map((kind) => (
          <button key={kind} type="button" className="btn btn-secondary" onClick={() => add(kind)} data-testid={`add-answer-rule-${kind}`}>
            {t(`designer.answerRules.add.${kind}`)}
          </button>
        ))
      )}
    </fieldset>
  );
}
