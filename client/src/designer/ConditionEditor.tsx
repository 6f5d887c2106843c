import { CONDITION_OPERATORS, collectFieldPaths, textIn, type Condition, type ConditionOperator } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { useAnnounce } from './Announcer';
import type { Apply } from './Designer';
import { fieldLabel } from './labels';
import { choiceOptions, fieldCondition, setFieldCondition, type Definition } from './model';

/** "Visa när …": show a top-level field only when another field on its step has an answer. */
export function ConditionEditor({ definition, target, apply }: { definition: Definition; target: string; apply: Apply }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const announce = useAnnounce();
  const when = fieldCondition(definition, target);
  const step = definition.form.steps.find((s) => s.fields.includes(target));
  const sources = (step?.fields ?? []).filter((f) => f !== target);
  const paths = collectFieldPaths(definition.form.schema);
  const set = (next: Condition | undefined) => {
    const refused = apply((d) => setFieldCondition(d, target, next), `${target}:condition`);
    if (refused) announce(refused.messages[language]);
  };
  const initialFor = (field: string): Condition => {
    const schema = paths.get(field);
    const options = choiceOptions(definition, field);
    const value = schema?.type === 'boolean' ? true : options?.[0]?.value ?? (schema?.type === 'number' || schema?.type === 'integer' ? 0 : '');
    return { field, operator: 'is', value };
  };
  if (sources.length === 0) return <p className="hint">{t('designer.condition.noSources')}</p>;
  const source = when ? paths.get(when.field) : undefined;
  const options = when ? choiceOptions(definition, when.field) : undefined;
  return (
    <fieldset className="designer-condition">
      <legend>{t('designer.condition.title')}</legend>
      <div className="form-check">
        <input id="condition-on" type="checkbox" checked={!!when} onChange={(e) => set(e.target.checked ? initialFor(sources[0]!) : undefined)} data-testid="condition-on" />
        <label htmlFor="condition-on">{t('designer.condition.only')}</label>
      </div>
      {when && (
        <>
          <div className="form-field">
            <label htmlFor="condition-field">{t('designer.condition.field')}</label>
            <select id="condition-field" value={when.field} onChange={(e) => set(initialFor(e.target.value))} data-testid="condition-field">
              {sources.map((f) => (
                <option key={f} value={f}>
                  {fieldLabel(definition, f, language)}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor="condition-operator">{t('designer.condition.operator')}</label>
            <select id="condition-operator" value={when.operator} onChange={(e) => set({ ...when, operator: e.target.value as ConditionOperator })} data-testid="condition-operator">
              {CONDITION_OPERATORS.map((o) => (
                <option key={o} value={o}>
                  {t(`designer.condition.operators.${o}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor="condition-value">{t('designer.condition.value')}</label>
            {source?.type === 'boolean' ? (
              <select id="condition-value" value={String(when.value)} onChange={(e) => set({ ...when, value: e.target.value === 'true' })} data-testid="condition-value">
                <option value="true">{t('designer.condition.yes')}</option>
                <option value="false">{t('designer.condition.no')}</option>
              </select>
            ) : options ? (
              <select id="condition-value" value={String(when.value)} onChange={(e) => set({ ...when, value: e.target.value })} data-testid="condition-value">
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {textIn(o.label, language)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id="condition-value"
                type={source?.type === 'number' || source?.type === 'integer' || source?.type === 'array' ? 'number' : source?.format === 'date' ? 'date' : 'text'}
                value={String(when.value)}
                onChange={(e) => set({ ...when, value: e.target.type === 'number' ? Number(e.target.value) : e.target.value })}
                data-testid="condition-value"
              />
            )}
          </div>
        </>
      )}
    </fieldset>
  );
}
