import { textIn, type LocalizedText } from '@etjanst/schemas';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { useAnnounce } from './Announcer';
import type { Apply } from './Designer';
import { DRAG_FIELD } from './FieldList';
import { focusSoon, stepButtonId } from './focus';
import { addStep, deleteStep, moveField, moveStep, renameStep, type Definition } from './model';

interface StepListProps {
  definition: Definition;
  selected: string;
  onSelect: (id: string) => void;
  apply: Apply;
}

/** The steps in order: choose one to edit its fields, add, rename, reorder, delete. A field dropped on a step moves there. */
export function StepList({ definition, selected, onSelect, apply }: StepListProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const announce = useAnnounce();
  const [renaming, setRenaming] = useState<string | null>(null);
  const steps = definition.form.steps;
  const title = (id: string, d = definition) => textIn(d.form.steps.find((s) => s.id === id)?.title, language) ?? id;

  const run = (edit: (d: Definition) => Definition, message: string, focusId: string) => {
    const refused = apply(edit);
    announce(refused ? refused.messages[language] : message);
    if (!refused) focusSoon(focusId);
    return !refused;
  };

  return (
    <section className="designer-steps" aria-labelledby="designer-steps-heading">
      <h2 id="designer-steps-heading">{t('designer.steps.title')}</h2>
      <ol>
        {steps.map((step, index) => (
          <li
            key={step.id}
            className={step.id === selected ? 'is-selected' : undefined}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              const path = e.dataTransfer.getData(DRAG_FIELD);
              if (!path || path.includes('.')) return;
              e.preventDefault();
              run((d) => moveField(d, path, { parent: '', stepId: step.id, index: step.fields.length }), t('designer.fields.movedToStep', { label: path, step: title(step.id), position: step.fields.length + 1, count: step.fields.length + 1 }), stepButtonId(step.id));
            }}
          >
            {renaming === step.id ? (
              <StepTitleForm
                initial={step.title}
                submitLabel={t('designer.steps.saveTitle')}
                onCancel={() => {
                  setRenaming(null);
                  focusSoon(stepButtonId(step.id));
                }}
                onSubmit={(text) => {
                  if (run((d) => renameStep(d, step.id, text), t('designer.steps.renamed', { title: text.sv }), stepButtonId(step.id))) setRenaming(null);
                }}
              />
            ) : (
              <>
                <button type="button" id={stepButtonId(step.id)} className="designer-step-select" aria-current={step.id === selected ? 'step' : undefined} onClick={() => onSelect(step.id)}>
                  {index + 1}. {title(step.id)} <span className="designer-field-type">({t('designer.steps.fieldCount', { count: step.fields.length })})</span>
                </button>
                <span className="designer-field-actions">
                  <button type="button" className="btn btn-small" aria-disabled={index === 0} aria-label={t('designer.steps.moveUp', { title: title(step.id) })}
                    id={`${stepButtonId(step.id)}-up`}
                    onClick={() => index > 0 && run((d) => moveStep(d, step.id, index - 1), t('designer.steps.moved', { title: title(step.id), position: index, count: steps.length }), `${stepButtonId(step.id)}-up`)}>
                    ↑
                  </button>
                  <button type="button" className="btn btn-small" aria-disabled={index === steps.length - 1} aria-label={t('designer.steps.moveDown', { title: title(step.id) })}
                    id={`${stepButtonId(step.id)}-down`}
                    onClick={() => index < steps.length - 1 && run((d) => moveStep(d, step.id, index + 1), t('designer.steps.moved', { title: title(step.id), position: index + 2, count: steps.length }), `${stepButtonId(step.id)}-down`)}>
                    ↓
                  </button>
                  <button type="button" className="btn btn-small" aria-label={t('designer.steps.rename', { title: title(step.id) })} onClick={() => setRenaming(step.id)}>
                    {t('designer.steps.renameShort')}
                  </button>
                  <button type="button" className="btn btn-small btn-danger" aria-label={t('designer.steps.delete', { title: title(step.id) })}
                    onClick={() => {
                      const neighbour = steps[index + 1] ?? steps[index - 1];
                      if (run((d) => deleteStep(d, step.id), t('designer.steps.deleted', { title: title(step.id) }), neighbour ? stepButtonId(neighbour.id) : 'designer-steps-heading') && neighbour && step.id === selected) onSelect(neighbour.id);
                    }}>
                    {t('designer.fields.deleteShort')}
                  </button>
                </span>
              </>
            )}
          </li>
        ))}
      </ol>
      <details className="designer-add-step">
        <summary>{t('designer.steps.add')}</summary>
        <StepTitleForm
          initial={{ sv: '' }}
          submitLabel={t('designer.steps.add')}
          onSubmit={(text) => {
            let id = '';
            const refused = apply((d) => {
              const added = addStep(d, text);
              id = added.id;
              return added.definition;
            });
            announce(refused ? refused.messages[language] : t('designer.steps.added', { title: text.sv, position: steps.length + 1 }));
            if (!refused) {
              onSelect(id);
              focusSoon(stepButtonId(id));
            }
          }}
        />
      </details>
    </section>
  );
}

function StepTitleForm({ initial, submitLabel, onSubmit, onCancel }: { initial: LocalizedText; submitLabel: string; onSubmit: (title: LocalizedText) => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const [sv, setSv] = useState(initial.sv);
  const [en, setEn] = useState(initial.en ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(en.trim() ? { sv: sv.trim(), en: en.trim() } : { sv: sv.trim() });
    if (!onCancel) {
      setSv('');
      setEn('');
    }
  };
  const prefix = onCancel ? 'designer-rename' : 'designer-new-step';
  return (
    <form className="designer-step-form" onSubmit={submit}>
      <div className="form-field">
        <label htmlFor={`${prefix}-sv`}>{t('designer.steps.titleSv')}</label>
        <input id={`${prefix}-sv`} type="text" value={sv} onChange={(e) => setSv(e.target.value)} required autoFocus={!!onCancel} />
      </div>
      <div className="form-field">
        <label htmlFor={`${prefix}-en`}>{t('designer.steps.titleEn')}</label>
        <input id={`${prefix}-en`} type="text" value={en} onChange={(e) => setEn(e.target.value)} />
      </div>
      <button type="submit" className="btn btn-secondary">
        {submitLabel}
      </button>
      {onCancel && (
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t('designer.cancel')}
        </button>
      )}
    </form>
  );
}
