import type { DefinitionProblem } from '@etjanst/schemas';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { useAnnounce } from './Announcer';
import { fieldButtonId, focusSoon, FIELD_LIST_HEADING_ID } from './focus';
import { fieldLabel, fieldTypeLabel, stepTitle } from './labels';
import {
  addField,
  catalogueField,
  deleteField,
  duplicateField,
  childPaths,
  fieldCalculation,
  isRequired,
  moveField,
  type Definition,
  type FieldPlace,
  type UnmetRequirement,
} from './model';
import type { Apply } from './Designer';

/** Drag data types: a field being moved, or a palette entry being added. */
export const DRAG_FIELD = 'application/x-etjanst-field';
export const DRAG_TYPE = 'application/x-etjanst-field-type';

interface FieldListProps {
  definition: Definition;
  /** '' for a step's top-level fields, else a group's path */
  parent: string;
  stepId: string;
  selected: string | undefined;
  problems: Map<string, DefinitionProblem[]>;
  /** The rule catalogue's findings, by field */
  requirements: Map<string, UnmetRequirement[]>;
  onSelect: (path: string) => void;
  apply: Apply;
  headingId?: string;
}

/**
 * The fields of a step or group, in order. Each can be moved with the mouse (drag and drop) and
 * with buttons (up, down, to another step), duplicated and deleted; every change is announced and
 * focus stays on the moved field or goes to its neighbour.
 */
export function FieldList({ definition, parent, stepId, selected, problems, requirements, onSelect, apply, headingId = FIELD_LIST_HEADING_ID }: FieldListProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const announce = useAnnounce();
  const [dropIndex, setDropIndex] = useState<number | null>(null);
  const pathsIn = (d: Definition, step: string) =>
    parent === '' ? (d.form.steps.find((s) => s.id === step)?.fields ?? []) : childPaths(d, parent);
  const paths = pathsIn(definition, stepId);
  const place = (index: number, toStep = stepId): FieldPlace => ({ parent, stepId: parent === '' ? toStep : undefined, index });
  const label = (path: string, d = definition) => fieldLabel(d, path, language);

  /** Moves a field; focus returns to the control used (React's reordering of the list takes it away). */
  function move(path: string, index: number, toStep = stepId, focusId = fieldButtonId(path)): void {
    let after: Definition | undefined;
    const refused = apply((d) => (after = moveField(d, path, place(index, toStep))));
    if (refused) return announce(refused.messages[language]);
    const fields = pathsIn(after!, toStep);
    const position = fields.indexOf(path) + 1;
    announce(
      toStep === stepId
        ? t('designer.fields.moved', { label: label(path), position, count: fields.length })
        : t('designer.fields.movedToStep', { label: label(path), step: stepTitle(after!, toStep, language), position, count: fields.length }),
    );
    if (toStep !== stepId) focusNeighbour(paths.indexOf(path), paths.filter((p) => p !== path));
    else focusSoon(focusId);
  }

  function focusNeighbour(index: number, remaining: string[]): void {
    const neighbour = remaining[Math.min(index, remaining.length - 1)];
    focusSoon(neighbour ? fieldButtonId(neighbour) : headingId);
  }

  function remove(path: string): void {
    const name = label(path);
    const refused = apply((d) => deleteField(d, path));
    if (refused) return announce(refused.messages[language]);
    announce(t('designer.fields.deleted', { label: name }));
    focusNeighbour(paths.indexOf(path), paths.filter((p) => p !== path));
  }

  function duplicate(path: string): void {
    let copyPath = '';
    const refused = apply((d) => {
      const result = duplicateField(d, path);
      copyPath = result.path;
      return result.definition;
    });
    if (refused) return announce(refused.messages[language]);
    announce(t('designer.fields.duplicated', { label: label(path) }));
    onSelect(copyPath);
    focusSoon(fieldButtonId(copyPath));
  }

  function drop(event: DragEvent, index: number): void {
    event.preventDefault();
    setDropIndex(null);
    const path = event.dataTransfer.getData(DRAG_FIELD);
    const typeId = event.dataTransfer.getData(DRAG_TYPE);
    if (path) {
      const from = paths.indexOf(path);
      move(path, from >= 0 && from < index ? index - 1 : index);
    } else if (typeId) {
      let added = '';
      let after: Definition | undefined;
      const refused = apply((d) => {
        const field = catalogueField(d, parent, typeId);
        added = parent ? `${parent}.${field.name}` : field.name;
        return (after = addField(d, place(index), field));
      });
      if (refused) return announce(refused.messages[language]);
      onSelect(added);
      announce(t('designer.fields.added', { label: label(added, after), position: index + 1, count: paths.length + 1 }));
    }
  }
  const dragOver = (index: number) => (event: DragEvent) => {
    event.preventDefault();
    setDropIndex(index);
  };

  if (paths.length === 0) {
    return (
      <p className="designer-empty" onDragOver={dragOver(0)} onDrop={(e) => drop(e, 0)} onDragLeave={() => setDropIndex(null)}>
        {parent === '' ? t('designer.fields.emptyStep') : t('designer.fields.emptyGroup')}
      </p>
    );
  }
  const steps = definition.form.steps;
  return (
    <ol className="designer-fields" aria-labelledby={headingId}>
      {paths.map((path, index) => {
        const fieldProblems = problems.get(path) ?? [];
        const unmet = requirements.get(path) ?? [];
        const fieldName = label(path);
        return (
          <li
            key={path}
            className={`designer-field${selected === path ? ' is-selected' : ''}${dropIndex === index ? ' drop-before' : ''}`}
            draggable
            onDragStart={(event) => {
              event.dataTransfer.setData(DRAG_FIELD, path);
              event.dataTransfer.effectAllowed = 'move';
            }}
            onDragOver={dragOver(index)}
            onDragLeave={() => setDropIndex(null)}
            onDrop={(event) => drop(event, index)}
            data-testid={`designer-field-${path}`}
          >
            <button
              type="button"
              id={fieldButtonId(path)}
              className="designer-field-select"
              aria-pressed={selected === path}
              onClick={() => onSelect(path)}
            >
              <span className="designer-field-label">{fieldName}</span>
              {isRequired(definition, path) && <span aria-hidden="true"> *</span>}
              <span className="designer-field-type">
                {fieldTypeLabel(definition, path, language) ?? t('designer.fields.unknownType')}
                {isRequired(definition, path) && <span className="visually-hidden">, {t('designer.fields.required')}</span>}
                {fieldCalculation(definition, path) && <span>, {t('designer.fields.calculated')}</span>}
              </span>
              {fieldProblems.length > 0 && (
                <span className="designer-field-problems">{t('designer.fields.problemCount', { count: fieldProblems.length })}</span>
              )}
              {unmet.length > 0 && <span className="designer-field-unmet">{t('designer.fields.unmetCount', { count: unmet.length })}</span>}
            </button>
            <span className="designer-field-actions">
              <button
                type="button"
                className="btn btn-small"
                id={`${fieldButtonId(path)}-up`}
                aria-disabled={index === 0}
                aria-label={t('designer.fields.moveUp', { label: fieldName })}
                onClick={() => index > 0 && move(path, index - 1, stepId, `${fieldButtonId(path)}-up`)}
              >
                ↑
              </button>
              <button
                type="button"
                className="btn btn-small"
                id={`${fieldButtonId(path)}-down`}
                aria-disabled={index === paths.length - 1}
                aria-label={t('designer.fields.moveDown', { label: fieldName })}
                onClick={() => index < paths.length - 1 && move(path, index + 1, stepId, `${fieldButtonId(path)}-down`)}
              >
                ↓
              </button>
              {parent === '' && steps.length > 1 && (
                <select
                  aria-label={t('designer.fields.moveToStep', { label: fieldName })}
                  value=""
                  onChange={(event) => event.target.value && move(path, Number.MAX_SAFE_INTEGER, event.target.value)}
                >
                  <option value="">{t('designer.fields.moveToStepPlaceholder')}</option>
                  {steps
                    .filter((s) => s.id !== stepId)
                    .map((s) => (
                      <option key={s.id} value={s.id}>
                        {stepTitle(definition, s.id, language)}
                      </option>
                    ))}
                </select>
              )}
              <button type="button" className="btn btn-small" aria-label={t('designer.fields.duplicate', { label: fieldName })} onClick={() => duplicate(path)}>
                {t('designer.fields.duplicateShort')}
              </button>
              <button type="button" className="btn btn-small btn-danger" aria-label={t('designer.fields.delete', { label: fieldName })} onClick={() => remove(path)}>
                {t('designer.fields.deleteShort')}
              </button>
            </span>
          </li>
        );
      })}
      <li className={`designer-drop-end${dropIndex === paths.length ? ' drop-before' : ''}`} onDragOver={dragOver(paths.length)} onDrop={(e) => drop(e, paths.length)} aria-hidden="true" />
    </ol>
  );
}
