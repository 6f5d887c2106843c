import type { DefinitionProblem } from '@etjanst/schemas';
import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { useAnnounce } from './Announcer';
import { FieldMenu, type MenuItem } from './FieldMenu';
import { fieldPicture, FieldRendering, GROUP_TYPES } from './FieldRendering';
import { GroupFieldsInPlace } from './GroupFieldsInPlace';
import { CANVAS_ID, fieldButtonId, fieldMenuId, focusSoon, FIELD_LIST_HEADING_ID } from './focus';
import { fieldLabel, fieldTypeLabel, stepTitle } from './labels';
import {
  addField,
  catalogueField,
  deleteField,
  duplicateField,
  childPaths,
  fieldCalculation,
  fieldProperties,
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
  /** The field that is the canvas's one Tab stop (the selected one, else the first) */
  active: string | undefined;
  problems: Map<string, DefinitionProblem[]>;
  /** The rule catalogue's findings, by field */
  requirements: Map<string, UnmetRequirement[]>;
  onSelect: (path: string) => void;
  apply: Apply;
}

const parentOf = (path: string) => (path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '');

/**
 * The fields of a step or group, in order, each drawn by the portal's own form components as the
 * citizen sees it (FieldRendering, a picture), with a select button over it that is the field's
 * name for assistive technology; a group's fields are drawn inside it (GroupFieldsInPlace). A click
 * anywhere on a field, or Enter on its button, chooses it. The canvas is one Tab stop (roving
 * tabindex): ↑/↓, Home and End move the selection, Alt+↑/↓ (or Ctrl) move the field. Each
 * field's menu moves it (up, down, to another step: chosen, then confirmed), copies and deletes
 * it. Fields are dragged to reorder. Every change is announced and focus stays on the moved field
 * or goes to its neighbour.
 */
export function FieldList(props: FieldListProps) {
  const { definition, parent, stepId, selected, active, problems, requirements, onSelect, apply } = props;
  const { t } = useTranslation();
  const language = useLanguage();
  const announce = useAnnounce();
  const [dropIndex, setDropIndex] = useState<number | null>(null);
  const [movingToStep, setMovingToStep] = useState<string | null>(null);
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
    if (neighbour) onSelect(neighbour);
    focusSoon(neighbour ? fieldButtonId(neighbour) : parent ? fieldButtonId(parent) : FIELD_LIST_HEADING_ID);
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

  /** ↑/↓, Home, End: the selection moves through the canvas's fields (groups' fields included); Alt or Ctrl with ↑/↓ moves the field. */
  function onFieldKey(event: KeyboardEvent<HTMLButtonElement>, path: string, index: number): void {
    const up = event.key === 'ArrowUp';
    if (!up && event.key !== 'ArrowDown' && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    // a group's list is inside its parent's: the innermost handles the key
    event.stopPropagation();
    if ((event.altKey || event.ctrlKey) && event.key.startsWith('Arrow')) {
      const to = up ? index - 1 : index + 1;
      if (to >= 0 && to < paths.length) move(path, to);
      return;
    }
    const all = [...(document.getElementById(CANVAS_ID)?.querySelectorAll<HTMLElement>('.designer-field-select') ?? [])];
    const at = all.indexOf(event.currentTarget);
    const next = event.key === 'Home' ? all[0] : event.key === 'End' ? all.at(-1) : all[up ? at - 1 : at + 1];
    if (!next?.dataset.path) return;
    onSelect(next.dataset.path);
    next.focus();
  }

  function drop(event: DragEvent, index: number): void {
    event.preventDefault();
    event.stopPropagation();
    setDropIndex(null);
    const path = event.dataTransfer.getData(DRAG_FIELD);
    const typeId = event.dataTransfer.getData(DRAG_TYPE);
    if (path) {
      // a field moves within its own list (into or out of a group is refused by the model)
      if (parentOf(path) !== parent) return;
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
    event.stopPropagation();
    setDropIndex(index);
  };

  if (paths.length === 0) {
    return (
      <p className="designer-empty" onDragOver={dragOver(0)} onDrop={(e) => drop(e, 0)} onDragLeave={() => setDropIndex(null)}>
        {parent === '' ? t('designer.fields.emptyStep') : t('designer.fields.emptyGroup')}
      </p>
    );
  }
  const otherSteps = definition.form.steps.filter((s) => s.id !== stepId);
  return (
    <ol className="designer-fields" aria-label={parent ? t('designer.fields.inGroup', { label: label(parent) }) : undefined} aria-labelledby={parent ? undefined : FIELD_LIST_HEADING_ID}>
      {paths.map((path, index) => {
        const fieldProblems = problems.get(path) ?? [];
        const unmet = requirements.get(path) ?? [];
        const fieldName = label(path);
        const typeId = fieldProperties(definition, path)?.typeId;
        const isGroup = typeId !== undefined && GROUP_TYPES.has(typeId);
        const calculated = fieldCalculation(definition, path) !== undefined;
        const notes = calculated || fieldProblems.length > 0 || unmet.length > 0;
        const items: MenuItem[] = [
          { id: 'up', label: t('designer.fields.menu.up'), disabled: index === 0, onSelect: () => move(path, index - 1) },
          { id: 'down', label: t('designer.fields.menu.down'), disabled: index === paths.length - 1, onSelect: () => move(path, index + 1) },
          ...(parent === '' && otherSteps.length > 0
            ? [{ id: 'to-step', label: t('designer.fields.menu.toStep'), onSelect: () => (setMovingToStep(path), focusSoon(`${fieldButtonId(path)}-step`)) }]
            : []),
          { id: 'copy', label: t('designer.fields.duplicateShort'), onSelect: () => duplicate(path) },
          { id: 'delete', label: t('designer.fields.deleteShort'), onSelect: () => remove(path) },
        ];
        return (
          <li
            key={path}
            className={`designer-field${selected === path ? ' is-selected' : ''}${isGroup ? ' is-group' : ''}${dropIndex === index ? ' drop-before' : ''}`}
            draggable
            onDragStart={(event) => {
              event.stopPropagation();
              event.dataTransfer.setData(DRAG_FIELD, path);
              event.dataTransfer.effectAllowed = 'move';
            }}
            onDragOver={dragOver(index)}
            onDragLeave={() => setDropIndex(null)}
            onDrop={(event) => drop(event, index)}
            data-testid={`designer-field-${path}`}
          >
            <div className="designer-field-head">
              {/* a pointer click anywhere on the field chooses it; the select button's own click (Enter, Space) comes here too */}
              <div className="designer-field-body" onClick={() => onSelect(path)}>
                <button
                  type="button"
                  id={fieldButtonId(path)}
                  data-path={path}
                  className="designer-field-select"
                  aria-pressed={selected === path}
                  aria-describedby={notes ? `${fieldButtonId(path)}-notes` : undefined}
                  tabIndex={active === path ? 0 : -1}
                  aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
                  onKeyDown={(event) => onFieldKey(event, path, index)}
                >
                  <span className="visually-hidden designer-field-label">{fieldName}</span>
                  <span className="visually-hidden designer-field-type">
                    , {fieldTypeLabel(definition, path, language) ?? t('designer.fields.unknownType')}
                    {isRequired(definition, path) && <>, {t('designer.fields.required')}</>}
                  </span>
                </button>
                <FieldRendering picture={fieldPicture(definition, path, language)} language={language} idPrefix={`designer-canvas-${path}`} />
                {notes && (
                  <p className="designer-field-notes" id={`${fieldButtonId(path)}-notes`}>
                    {calculated && <span className="designer-field-badge">{t('designer.fields.calculated')}</span>}
                    {fieldProblems.length > 0 && (
                      <span className="designer-field-problems">{t('designer.fields.problemCount', { count: fieldProblems.length })}</span>
                    )}
                    {unmet.length > 0 && <span className="designer-field-unmet">{t('designer.fields.unmetCount', { count: unmet.length })}</span>}
                  </p>
                )}
              </div>
              <FieldMenu
                buttonId={fieldMenuId(path)}
                label={t('designer.fields.actions', { label: fieldName })}
                text={t('designer.fields.actionsShort')}
                items={items}
                tabIndex={active === path ? 0 : -1}
              />
            </div>
            {movingToStep === path && (
              <form
                className="designer-move-to-step"
                onSubmit={(event) => {
                  event.preventDefault();
                  const to = new FormData(event.currentTarget).get('step');
                  setMovingToStep(null);
                  if (typeof to === 'string' && to) move(path, Number.MAX_SAFE_INTEGER, to);
                }}
              >
                <label htmlFor={`${fieldButtonId(path)}-step`}>{t('designer.fields.moveToStep', { label: fieldName })}</label>
                <select id={`${fieldButtonId(path)}-step`} name="step" defaultValue={otherSteps[0]?.id}>
                  {otherSteps.map((s) => (
                    <option key={s.id} value={s.id}>
                      {stepTitle(definition, s.id, language)}
                    </option>
                  ))}
                </select>
                <button type="submit" className="btn btn-small btn-primary">
                  {t('designer.fields.moveConfirm')}
                </button>
                <button type="button" className="btn btn-small btn-secondary" onClick={() => (setMovingToStep(null), focusSoon(fieldMenuId(path)))}>
                  {t('designer.cancel')}
                </button>
              </form>
            )}
            {isGroup && (
              <GroupFieldsInPlace>
                <FieldList {...props} parent={path} />
              </GroupFieldsInPlace>
            )}
          </li>
        );
      })}
      <li className={`designer-drop-end${dropIndex === paths.length ? ' drop-before' : ''}`} onDragOver={dragOver(paths.length)} onDrop={(e) => drop(e, paths.length)} aria-hidden="true" />
    </ol>
  );
}
