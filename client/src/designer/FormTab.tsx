import { collectFieldPaths, type DefinitionProblem } from '@etjanst/schemas';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { useAnnounce } from './Announcer';
import type { Apply } from './Designer';
import { StepConditionEditor } from './ConditionEditor';
import { FieldList } from './FieldList';
import { GROUP_TYPES } from './FieldRendering';
import { CANVAS_ID, fieldButtonId, FIELD_LIST_HEADING_ID, focusSoon, LABEL_INPUT_ID } from './focus';
import { fieldLabel, stepTitle } from './labels';
import { addField, catalogueField, fieldProperties, childPaths, placeForNewField, problemsByField, stepOfProblem, type Definition, type FieldPlace, type UnmetRequirement } from './model';
import { Palette } from './Palette';
import { Preview } from './Preview';
import { PropertyPanel } from './PropertyPanel';
import { UnmetRequirements } from './RequirementList';
import { StepList } from './StepList';

interface FormTabProps {
  definition: Definition;
  problems: DefinitionProblem[];
  requirements: UnmetRequirement[];
  apply: Apply;
  /** A step and field to choose, from the publish checklist (a new object each time it asks) */
  choose?: { stepId?: string; field?: string };
}

/**
 * Building the form: steps and palette, the canvas (the chosen step's fields as the citizen sees
 * them), the chosen field's properties and the live preview, side by side on a wide screen. A skip
 * link passes the palette to the canvas.
 */
export function FormTab({ definition, problems, requirements, apply, choose }: FormTabProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const announce = useAnnounce();
  const [chosenStep, setChosenStep] = useState(definition.form.steps[0]!.id);
  const [chosenField, setChosenField] = useState<string | undefined>();
  const [showPreview, setShowPreview] = useState(true);
  const [mobilePreview, setMobilePreview] = useState(false);
  const paths = useMemo(() => collectFieldPaths(definition.form.schema), [definition]);
  useEffect(() => {
    if (!choose) return;
    if (choose.stepId) setChosenStep(choose.stepId);
    setChosenField(choose.field);
  }, [choose]);
  const byField = useMemo(() => problemsByField(definition, problems), [definition, problems]);
  const unmetByField = useMemo(() => problemsByField(definition, requirements), [definition, requirements]);
  // undo or a deletion may take away what was chosen
  const stepId = definition.form.steps.some((s) => s.id === chosenStep) ? chosenStep : definition.form.steps[0]!.id;
  const selected = chosenField && paths.has(chosenField) ? chosenField : undefined;
  const selectedType = selected ? fieldProperties(definition, selected)?.typeId : undefined;
  const selectedIsGroup = selectedType !== undefined && GROUP_TYPES.has(selectedType);
  const parentOfSelected = selected?.includes('.') ? selected.split('.').slice(0, -1).join('.') : undefined;
  const stepFields = definition.form.steps.find((s) => s.id === stepId)?.fields ?? [];
  // the canvas's one Tab stop: the chosen field if it is in this step, else the step's first
  const active = selected && stepFields.includes(selected.split('.')[0]!) ? selected : stepFields[0];
  // the palette adds at the end of the chosen group, after the chosen field (in its group), else at the end of the step (placeForNewField)
  const target =
    !selected || active !== selected
      ? t('designer.palette.targetStep', { title: stepTitle(definition, stepId, language) })
      : t(selectedIsGroup ? 'designer.palette.targetGroup' : 'designer.palette.targetAfter', { label: fieldLabel(definition, selected, language) });
  const general = byField.get('') ?? [];
  // the findings about no one field: a step's are shown with its fields, the rest of the form's above them (the settings' in their sections)
  const unmetElsewhere = unmetByField.get('') ?? [];
  const unmetInStep = unmetElsewhere.filter((r) => stepOfProblem(definition, r) === stepId);
  const unmetInForm = unmetElsewhere.filter((r) => r.pointer.startsWith('/form/') && stepOfProblem(definition, r) === undefined);

  function add(typeId: string): void {
    let path = '';
    let place: FieldPlace | undefined;
    let after: Definition | undefined;
    const refused = apply((d) => {
      place = placeForNewField(d, stepId, selected ? { path: selected, isGroup: selectedIsGroup } : undefined);
      const field = catalogueField(d, place.parent, typeId);
      path = place.parent ? `${place.parent}.${field.name}` : field.name;
      return (after = addField(d, place, field));
    });
    if (refused) return announce(refused.messages[language]);
    const siblings = place!.parent ? childPaths(after!, place!.parent) : after!.form.steps.find((s) => s.id === stepId)!.fields;
    // a top-level field's path is its name on the step
    announce(t('designer.fields.added', { label: fieldLabel(after!, path, language), position: siblings.indexOf(path) + 1, count: siblings.length }));
    setChosenField(path);
    focusSoon(LABEL_INPUT_ID);
  }

  return (
    <div className={`designer-form${showPreview ? ` with-preview ${mobilePreview ? 'preview-mobile' : 'preview-desktop'}` : ''}`}>
      {general.length > 0 && (
        <div className="problem designer-general-problems" data-testid="general-problems">
          <p className="problem-title">{t('designer.problems.general', { count: general.length })}</p>
          <ul>
            {general.map((p) => (
              <li key={p.pointer + p.code}>{p.message[language]}</li>
            ))}
          </ul>
        </div>
      )}
      <a
        className="designer-skip-link"
        href={`#${CANVAS_ID}`}
        onClick={(event) => {
          event.preventDefault();
          focusSoon(active ? fieldButtonId(active) : FIELD_LIST_HEADING_ID);
        }}
      >
        {t('designer.canvas.skip')}
      </a>
      <UnmetRequirements requirements={unmetInForm} testId="form-requirements" />
      <div className="designer-column">
        <StepList definition={definition} selected={stepId} onSelect={(id) => { setChosenStep(id); setChosenField(undefined); }} apply={apply} />
        <Palette target={target} onAdd={add} />
      </div>
      <section className="designer-column designer-canvas" id={CANVAS_ID} aria-labelledby={FIELD_LIST_HEADING_ID}>
        <h2 id={FIELD_LIST_HEADING_ID} tabIndex={-1}>
          {t('designer.fields.title', { title: stepTitle(definition, stepId, language) })}
        </h2>
        <UnmetRequirements requirements={unmetInStep} testId="step-requirements" />
        <StepConditionEditor definition={definition} stepId={stepId} apply={apply} />
        <p className="hint">{t('designer.canvas.hint')}</p>
        <div className="step-form">
          <FieldList definition={definition} parent="" stepId={stepId} selected={selected} active={active} problems={byField} requirements={unmetByField} onSelect={setChosenField} apply={apply} />
        </div>
      </section>
      <div className="designer-column">
        {selected ? (
          <>
            {parentOfSelected && (
              <button type="button" className="btn btn-secondary" onClick={() => setChosenField(parentOfSelected)}>
                {t('designer.properties.toGroup', { label: fieldLabel(definition, parentOfSelected, language) })}
              </button>
            )}
            <PropertyPanel definition={definition} path={selected} problems={byField.get(selected) ?? []} requirements={unmetByField.get(selected) ?? []} apply={apply} onRenamed={setChosenField} />
          </>
        ) : (
          <p className="hint">{t('designer.properties.none')}</p>
        )}
        <div className="form-check">
          <input id="designer-show-preview" type="checkbox" checked={showPreview} onChange={(e) => setShowPreview(e.target.checked)} />
          <label htmlFor="designer-show-preview">{t('designer.preview.show')}</label>
        </div>
      </div>
      {showPreview && (
        <div className="designer-column designer-preview-column">
          <Preview definition={definition} stepId={stepId} mobile={mobilePreview} onMobileChange={setMobilePreview} />
        </div>
      )}
    </div>
  );
}

/**
 * The form as whoever may not edit it sees it (the read-only designer): the steps to choose
 * from, what is still to fix, and the citizen's view of the chosen step.
 */
export function FormPreview({ definition, problems, requirements }: Omit<FormTabProps, 'apply'>) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [chosenStep, setChosenStep] = useState(definition.form.steps[0]!.id);
  const [mobilePreview, setMobilePreview] = useState(false);
  const toFix = problems.length + requirements.filter((r) => r.severity === 'must').length;
  return (
    <div className="designer-read-only-form">
      <nav className="designer-steps" aria-labelledby="designer-steps-heading">
        <h2 id="designer-steps-heading">{t('designer.steps.title')}</h2>
        <ol>
          {definition.form.steps.map((step, index) => (
            <li key={step.id} className={step.id === chosenStep ? 'is-selected' : undefined}>
              <button type="button" className="btn btn-secondary" aria-pressed={step.id === chosenStep} onClick={() => setChosenStep(step.id)}>
                {index + 1}. {stepTitle(definition, step.id, language)}
              </button>
            </li>
          ))}
        </ol>
        {toFix > 0 && <p className="hint" data-testid="read-only-to-fix">{t('designer.readOnlyToFix', { count: toFix })}</p>}
      </nav>
      <div className="designer-preview-column">
        <Preview definition={definition} stepId={chosenStep} mobile={mobilePreview} onMobileChange={setMobilePreview} />
      </div>
    </div>
  );
}
