import { CONDITION_OPERATORS, collectFieldPaths, textIn, type Condition, type ConditionOperator } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { useAnnounce } from './Announcer';
import type { Apply } from './Designer';
import { fieldLabel } from './labels';
import { choiceOptions, fieldCondition, setFieldCondition, setStepCondition, type Definition } from './model';
import type { Edit } from './useDesigner';

interface ConditionEditorProps {
  definition: Definition;
  /** The fields the condition may look at */
  sources: string[];
  when: Condition | undefined;
  /** An edit that sets (or with undefined removes) the condition */
  edit: (when: Condition | undefined) => Edit;
  apply: Apply;
  /** id prefix (and test id prefix) of the controls */
  idPrefix: string;
  legend: string;
  only: string;
}

/** "Visa … när <fält> <är / inte är / innehåller / är större än> <värde>", for a field or a step. */
function ConditionEditor({ definition, sources, when, edit, apply, idPrefix, legend, only }: ConditionEditorProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const announce = useAnnounce();
  const paths = collectFieldPaths(definition.form.schema);
  const set = (next: Condition | undefined) => {
    const refused = apply(edit(next), `${idPrefix}:condition`);
    if (refused) announce(refused.messages[language]);
  };
  const initialFor = (field: string): Condition => {
    const schema = paths.get(field);
    const value = schema?.type === 'boolean' ? true : choiceOptions(definition, field)?.[0]?.value ?? (schema?.type === 'number' || schema?.type === 'integer' ? 0 : '');
    return { field, operator: 'is', value };
  };
  if (sources.length === 0) return null;
  const source = when ? paths.get(when.field) : undefined;
  const options = when ? choiceOptions(definition, when.field) : undefined;
  const id = (part: string) => `${idPrefix}-${part}`;
  return (
    <fieldset className="designer-condition">
      <legend>{legend}</legend>
      <div className="form-check">
        <input id={id('on')} type="checkbox" checked={!!when} onChange={(e) => set(e.target.checked ? initialFor(sources[0]!) : undefined)} data-testid={id('on')} />
        <label htmlFor={id('on')}>{only}</label>
      </div>
      {when && (
        <>
          <div className="form-field">
            <label htmlFor={id('field')}>{t('designer.condition.field')}</label>
            <select id={id('field')} value={when.field} onChange={(e) => set(initialFor(e.target.value))} data-testid={id('field')}>
              {sources.map((f) => (
                <option key={f} value={f}>
                  {fieldLabel(definition, f, language)}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor={id('operator')}>{t('designer.condition.operator')}</label>
            <select id={id('operator')} value={when.operator} onChange={(e) => set({ ...when, operator: e.target.value as ConditionOperator })} data-testid={id('operator')}>
              {CONDITION_OPERATORS.map((o) => (
                <option key={o} value={o}>
                  {t(`designer.condition.operators.${o}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor={id('value')}>{t('designer.condition.value')}</label>
            {source?.type === 'boolean' ? (
              <select id={id('value')} value={String(when.value)} onChange={(e) => set({ ...when, value: e.target.value === 'true' })} data-testid={id('value')}>
                <option value="true">{t('designer.condition.yes')}</option>
                <option value="false">{t('designer.condition.no')}</option>
              </select>
            ) : options ? (
              <select id={id('value')} value={String(when.value)} onChange={(e) => set({ ...when, value: e.target.value })} data-testid={id('value')}>
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {textIn(o.label, language)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id('value')}
                type={source?.type === 'number' || source?.type === 'integer' || source?.type === 'array' ? 'number' : source?.format === 'date' ? 'date' : 'text'}
                value={String(when.value)}
                onChange={(e) => set({ ...when, value: e.target.type === 'number' ? Number(e.target.value) : e.target.value })}
                data-testid={id('value')}
              />
            )}
          </div>
        </>
      )}
    </fieldset>
  );
}

/** A top-level field's condition: it looks at another field on the same step. */
export function FieldConditionEditor({ definition, target, apply }: { definition: Definition; target: string; apply: Apply }) {
  const { t } = useTranslation();
  const sources = (definition.form.steps.find((s) => s.fields.includes(target))?.fields ?? []).filter((f) => f !== target);
  if (sources.length === 0) return <p className="hint">{t('designer.condition.noSources')}</p>;
  return (
    <ConditionEditor
      definition={definition}
      sources={sources}
      when={fieldCondition(definition, target)}
      edit={(when) => (d) => setFieldCondition(d, target, when)}
      apply={apply}
      idPrefix="condition"
      legend={t('designer.condition.title')}
      only={t('designer.condition.only')}
    />
  );
}

/** A step's condition: it looks at a field on an earlier step. */
export function StepConditionEditor({ definition, stepId, apply }: { definition: Definition; stepId: string; apply: Apply }) {
  const { t } = useTranslation();
  const index = definition.form.steps.findIndex((s) => s.id === stepId);
  const sources = definition.form.steps.slice(0, Math.max(index, 0)).flatMap((s) => s.fields);
  return (
    <ConditionEditor
      definition={definition}
      sources={sources}
      when={definition.form.steps[index]?.showWhen}
      edit={(when) => (d) => setStepCondition(d, stepId, when)}
      apply={apply}
      idPrefix={`step-condition-${stepId}`}
      legend={t('designer.condition.stepTitle')}
      only={t('designer.condition.stepOnly')}
    />
  );
}
