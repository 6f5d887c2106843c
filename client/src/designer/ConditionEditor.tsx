import {
  CONDITION_OPERATORS,
  collectFieldPaths,
  combineClauses,
  conditionClauses,
  conditionMode,
  textIn,
  type Condition,
  type ConditionClause,
  type ConditionMode,
  type ConditionOperator,
} from '@etjanst/schemas';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { useAnnounce } from './Announcer';
import type { Apply } from './Designer';
import { fieldLabel } from './labels';
import { choiceOptions, fieldConditionSources, fieldCondition, setFieldCondition, setStepCondition, type Definition } from './model';
import type { Edit } from './useDesigner';

interface ConditionEditorProps {
  definition: Definition;
  /** The fields the condition may look at, in form order */
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

/**
 * "Visa … när <fält> <är / inte är / innehåller / är större än> <värde>", for a field or a step,
 * with more clauses joined by "alla" (all of) or "något" (any of). The fields to choose from are
 * grouped by step. Adding or removing a clause is announced and moves focus to where work goes on.
 */
function ConditionEditor({ definition, sources, when, edit, apply, idPrefix, legend, only }: ConditionEditorProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const announce = useAnnounce();
  const paths = collectFieldPaths(definition.form.schema);
  // the control to focus once the edit has drawn (a new clause's field, or the add button)
  const focusAfter = useRef<string | null>(null);
  useEffect(() => {
    if (!focusAfter.current) return;
    document.getElementById(focusAfter.current)?.focus();
    focusAfter.current = null;
  });
  const set = (next: Condition | undefined): boolean => {
    const refused = apply(edit(next), `${idPrefix}:condition`);
    if (refused) announce(refused.messages[language]);
    return !refused;
  };
  const initialFor = (field: string): ConditionClause => {
    const schema = paths.get(field);
    const value = schema?.type === 'boolean' ? true : choiceOptions(definition, field)?.[0]?.value ?? (schema?.type === 'number' || schema?.type === 'integer' ? 0 : '');
    return { field, operator: 'is', value };
  };
  if (sources.length === 0) return null;
  const clauses = when ? conditionClauses(when) : [];
  const mode: ConditionMode = when ? conditionMode(when) : 'all';
  const id = (part: string, index = 0) => (index === 0 ? `${idPrefix}-${part}` : `${idPrefix}-${index + 1}-${part}`);
  const setClause = (index: number, clause: ConditionClause) => set(combineClauses(mode, clauses.map((c, i) => (i === index ? clause : c))));
  const addClause = () => {
    const used = new Set(clauses.map((c) => c.field));
    if (set(combineClauses(mode, [...clauses, initialFor(sources.find((s) => !used.has(s)) ?? sources[0]!)]))) {
      focusAfter.current = id('field', clauses.length);
      announce(t('designer.condition.added', { n: clauses.length + 1 }));
    }
  };
  const removeClause = (index: number) => {
    if (set(combineClauses(mode, clauses.filter((_, i) => i !== index)))) {
      focusAfter.current = id('add');
      announce(t('designer.condition.removed', { n: index + 1 }));
    }
  };
  // the sources grouped by step, so a field from an earlier step is told apart by where it is
  const groups = definition.form.steps
    .map((step, index) => ({ step, index, fields: sources.filter((f) => step.fields.includes(f.split('.')[0]!)) }))
    .filter((group) => group.fields.length > 0);
  return (
    <fieldset className="designer-condition">
      <legend>{legend}</legend>
      <div className="form-check">
        <input id={id('on')} type="checkbox" checked={!!when} onChange={(e) => set(e.target.checked ? initialFor(sources[0]!) : undefined)} data-testid={id('on')} />
        <label htmlFor={id('on')}>{only}</label>
      </div>
      {when && (
        <>
          {clauses.length > 1 && (
            <fieldset className="designer-condition-mode">
              <legend>{t('designer.condition.mode')}</legend>
              {(['all', 'any'] as const).map((m) => (
                <span className="form-check" key={m}>
                  <input id={id(`mode-${m}`)} type="radio" name={id('mode')} checked={mode === m} onChange={() => set(combineClauses(m, clauses))} data-testid={id(`mode-${m}`)} />
                  <label htmlFor={id(`mode-${m}`)}>{t(`designer.condition.modes.${m}`)}</label>
                </span>
              ))}
            </fieldset>
          )}
          <ol className="designer-condition-clauses">
            {clauses.map((clause, index) => {
              const source = paths.get(clause.field);
              const options = choiceOptions(definition, clause.field);
              const clauseFields = (
                <>
                  <div className="form-field">
                    <label htmlFor={id('field', index)}>{t('designer.condition.field')}</label>
                    <select id={id('field', index)} value={clause.field} onChange={(e) => setClause(index, initialFor(e.target.value))} data-testid={id('field', index)}>
                      {groups.map(({ step, index: stepIndex, fields }) => (
                        <optgroup key={step.id} label={t('designer.condition.stepGroup', { n: stepIndex + 1, title: textIn(step.title, language) ?? step.id })}>
                          {fields.map((f) => (
                            <option key={f} value={f}>
                              {fieldLabel(definition, f, language)}
                            </option>
                          ))}
                        </optgroup>
                      ))}
                    </select>
                  </div>
                  <div className="form-field">
                    <label htmlFor={id('operator', index)}>{t('designer.condition.operator')}</label>
                    <select id={id('operator', index)} value={clause.operator} onChange={(e) => setClause(index, { ...clause, operator: e.target.value as ConditionOperator })} data-testid={id('operator', index)}>
                      {CONDITION_OPERATORS.map((o) => (
                        <option key={o} value={o}>
                          {t(`designer.condition.operators.${o}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="form-field">
                    <label htmlFor={id('value', index)}>{t('designer.condition.value')}</label>
                    {source?.type === 'boolean' ? (
                      <select id={id('value', index)} value={String(clause.value)} onChange={(e) => setClause(index, { ...clause, value: e.target.value === 'true' })} data-testid={id('value', index)}>
                        <option value="true">{t('designer.condition.yes')}</option>
                        <option value="false">{t('designer.condition.no')}</option>
                      </select>
                    ) : options ? (
                      <select id={id('value', index)} value={String(clause.value)} onChange={(e) => setClause(index, { ...clause, value: e.target.value })} data-testid={id('value', index)}>
                        {options.map((o) => (
                          <option key={o.value} value={o.value}>
                            {textIn(o.label, language)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        id={id('value', index)}
                        type={source?.type === 'number' || source?.type === 'integer' || source?.type === 'array' ? 'number' : source?.format === 'date' ? 'date' : 'text'}
                        value={String(clause.value)}
                        onChange={(e) => setClause(index, { ...clause, value: e.target.type === 'number' ? Number(e.target.value) : e.target.value })}
                        data-testid={id('value', index)}
                      />
                    )}
                  </div>
                </>
              );
              // one clause needs no numbering; several are told apart by "Villkor 1", "Villkor 2"
              return (
                <li key={index}>
                  {clauses.length === 1 ? (
                    clauseFields
                  ) : (
                    <fieldset className="designer-condition-clause">
                      <legend>{t('designer.condition.clause', { n: index + 1 })}</legend>
                      {clauseFields}
                      <button type="button" className="btn btn-link" onClick={() => removeClause(index)} data-testid={id('remove', index)}>
                        {t('designer.condition.remove', { n: index + 1 })}
                      </button>
                    </fieldset>
                  )}
                </li>
              );
            })}
          </ol>
          <button type="button" id={id('add')} className="btn btn-secondary" onClick={addClause} data-testid={id('add')}>
            {t('designer.condition.add')}
          </button>
        </>
      )}
    </fieldset>
  );
}

/** A top-level field's condition: it looks at other fields on the same step or earlier steps. */
export function FieldConditionEditor({ definition, target, apply }: { definition: Definition; target: string; apply: Apply }) {
  const { t } = useTranslation();
  const sources = fieldConditionSources(definition, target);
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

/** A step's condition: it looks at fields on earlier steps. */
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
