import {
  buttonId,
  descriptionId,
  errorId,
  getUiOptions,
  helpId,
  isCustomWidget,
  type ArrayFieldItemButtonsTemplateProps,
  type ArrayFieldItemTemplateProps,
  type ArrayFieldTemplateProps,
  type DescriptionFieldProps,
  type ErrorListProps,
  type FieldErrorProps,
  type FieldHelpProps,
  type FieldTemplateProps,
  type ObjectFieldTemplateProps,
  type RJSFSchema,
  type TemplatesType,
  type TitleFieldProps,
} from '@rjsf/utils';
import { createContext, memo, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactElement, type ReactNode, type RefObject } from 'react';
import { RANKING_WIDGET } from '@etjanst/schemas';
import type { Answers } from '../portalApi';
import { useArrayErrorSchema } from './ArrayField';
import { describedBy, fieldIdOfError, focusField, hasErrors, prefillNoteId } from './ids';
import { RequiredMark } from './RequiredMark';
import {
  clampPage,
  isPaged,
  pageCount,
  pageOfRow,
  pagedGroupOf,
  ROW_ID_PREFIX_ATTRIBUTE,
  rowsOnPage,
  rowsWithErrors,
  SHOW_FIRST_ERROR_EVENT,
  SHOW_ROW_EVENT,
} from './rowPages';
import { itemNoun, languageOf, prefilledOf, prefillNoteTexts, themeTexts, type PortalFormContext, type PrefilledField } from './texts';

type Ctx = PortalFormContext;

/** The widgets that render a group of choices, shown as fieldset + legend. */
const GROUP_WIDGETS = new Set(['radio', 'checkboxes', RANKING_WIDGET]);

const errorsOf = (errorSchema: unknown): string[] => (errorSchema as { __errors?: string[] } | undefined)?.__errors ?? [];

/** One error text per message: a field's own error text can stand for several failed keywords. */
const uniqueErrors = (errors: (string | ReactElement)[] | undefined): (string | ReactElement)[] => {
  const seen = new Set<string>();
  return (errors ?? []).filter((error) => {
    if (!error) return false;
    if (typeof error !== 'string') return true;
    if (seen.has(error)) return false;
    seen.add(error);
    return true;
  });
};

/** The error text under a field, with "Fel:" for screen readers; its id is what the input's aria-describedby names. */
export function ErrorMessage({ id, errors, language }: { id: string; errors: (string | ReactElement)[]; language: Ctx['language'] }) {
  const list = uniqueErrors(errors);
  if (list.length === 0) return null;
  const { errorPrefix } = themeTexts(language);
  return (
    <p id={id} className="field-error-message">
      {list.map((error, index) => (
        <span key={index} className="field-error-line">
          <span className="visually-hidden">{errorPrefix} </span>
          {error}
        </span>
      ))}
    </p>
  );
}

/**
 * Errors are put in a live region that is always there, so a message that appears is announced
 * (a region added together with its text often is not).
 */
export function ErrorRegion({ children }: { children: ReactNode }) {
  return (
    <div className="field-error-region" aria-live="polite">
      {children}
    </div>
  );
}

/**
 * Where a prefilled value came from ("Hämtat från folkbokföringen"), and for a read-only one why
 * it cannot be changed. Its id is in the input's aria-describedby.
 */
function PrefillNote({ id, field, language }: { id: string; field: PrefilledField; language: Ctx['language'] }) {
  const { source, locked } = prefillNoteTexts(language, field);
  return (
    <p id={prefillNoteId(id)} className={`field-prefill${locked ? ' field-prefill-locked' : ''}`} data-testid="prefill-source">
      <span className="field-prefill-source">{source}</span>
      {locked && <span className="field-prefill-reason"> {locked}</span>}
    </p>
  );
}

export function FieldErrorTemplate({ errors, fieldPathId, registry }: FieldErrorProps<Answers, RJSFSchema, Ctx>) {
  return <ErrorMessage id={errorId(fieldPathId)} errors={errors ?? []} language={languageOf(registry.formContext)} />;
}

export function FieldHelpTemplate({ help, fieldPathId }: FieldHelpProps<Answers, RJSFSchema, Ctx>) {
  if (!help) return null;
  return (
    <div id={helpId(fieldPathId)} className="field-help">
      {help}
    </div>
  );
}

export function DescriptionFieldTemplate({ id, description }: DescriptionFieldProps<Answers, RJSFSchema, Ctx>) {
  if (!description) return null;
  return (
    <div id={id} className="field-description">
      {description}
    </div>
  );
}

export function TitleFieldTemplate({ id, title, required, registry }: TitleFieldProps<Answers, RJSFSchema, Ctx>) {
  return (
    <legend id={id} className="field-object-legend">
      {title}
      {required && <RequiredMark language={languageOf(registry.formContext)} />}
    </legend>
  );
}

/**
 * One field: label (or legend for a group of choices), description, help, error and the widget,
 * in that order (the GOV.UK order). Objects and repeating groups render their own fieldset.
 */
export function FieldTemplate(props: FieldTemplateProps<Answers, RJSFSchema, Ctx>) {
  const { id, label, children, errors, help, description, rawDescription, rawHelp, rawErrors, hidden, required } = props;
  const { displayLabel, registry, uiSchema, schema, hideError } = props;
  if (hidden) return <div className="hidden">{children}</div>;
  // an array drawn by one widget (attachments) is one field with a label, not a group of items
  const isContainer =
    schema.type === 'object' || (schema.type === 'array' && !registry.schemaUtils.isMultiSelect(schema) && !isCustomWidget(uiSchema));
  if (isContainer) return <div className="field-container">{children}</div>;
  // an information text (type null) is no input: InformationField renders its heading and text
  if (schema.type === 'null') return <div className="field-information-container">{children}</div>;

  const language = languageOf(registry.formContext);
  const widget = getUiOptions(uiSchema).widget;
  const invalid = hasErrors(rawErrors, hideError);
  const className = `field${invalid ? ' field-invalid' : ''}`;
  const shownDescription = displayLabel && rawDescription ? description : null;
  const shownHelp = rawHelp ? help : null;
  const prefilled = prefilledOf(registry.formContext, id);
  const prefillNote = prefilled ? <PrefillNote id={id} field={prefilled} language={language} /> : null;
  const errorRegion = <ErrorRegion>{invalid ? errors : null}</ErrorRegion>;
  const labelText = (
    <>
      {label}
      {required && <RequiredMark language={language} />}
    </>
  );

  if (typeof widget === 'string' && GROUP_WIDGETS.has(widget)) {
    return (
      <fieldset
        className={`${className} field-group`}
        aria-describedby={describedBy(id, { description: shownDescription, help: shownHelp, prefill: prefilled, rawErrors, hideError })}
      >
        <legend className={displayLabel ? 'field-label' : 'visually-hidden'}>{labelText}</legend>
        {shownDescription}
        {shownHelp}
        {prefillNote}
        {errorRegion}
        {children}
      </fieldset>
    );
  }
  // a single checkbox carries its own label
  const isCheckbox = widget === 'checkbox' || (schema.type === 'boolean' && widget === undefined);
  return (
    <div className={className}>
      {!isCheckbox && (
        <label htmlFor={id} className={displayLabel ? 'field-label' : 'visually-hidden'}>
          {labelText}
        </label>
      )}
      {shownDescription}
      {shownHelp}
      {prefillNote}
      {errorRegion}
      {children}
    </div>
  );
}

/** A group of fields (an address, a person): a fieldset with the object's title as legend. */
export function ObjectFieldTemplate(props: ObjectFieldTemplateProps<Answers, RJSFSchema, Ctx>) {
  const { title, description, properties, fieldPathId, registry, uiSchema, errorSchema, hideError } = props;
  const language = languageOf(registry.formContext);
  const id = fieldPathId.$id;
  const { path } = fieldPathId;
  const help = getUiOptions(uiSchema).help as string | undefined;
  const ownErrors = hideError ? [] : errorsOf(errorSchema);
  const content = properties.map((property) => property.content);
  const isRoot = path.length === 0;
  const isItem = typeof path[path.length - 1] === 'number'; // its repeating group gives it a legend
  if (isRoot || isItem || !title) {
    return (
      <div className="field-object" id={id}>
        <ErrorRegion>
          <ErrorMessage id={errorId(id)} errors={ownErrors} language={language} />
        </ErrorRegion>
        {content}
      </div>
    );
  }
  return (
    <fieldset
      className={`field-object${ownErrors.length > 0 ? ' field-invalid' : ''}${classNamesOf(uiSchema)}`}
      id={id}
      aria-describedby={describedBy(id, { description, help, rawErrors: ownErrors })}
    >
      <legend className="field-object-legend">{title}</legend>
      {description && (
        <div id={descriptionId(id)} className="field-description">
          {description}
        </div>
      )}
      {help && (
        <div id={helpId(id)} className="field-help">
          {help}
        </div>
      )}
      <ErrorRegion>
        <ErrorMessage id={errorId(id)} errors={ownErrors} language={language} />
      </ErrorRegion>
      {content}
    </fieldset>
  );
}

interface RepeatGroup {
  noun: string;
  itemTitle: (index: number) => string;
  language: Ctx['language'];
  /** Called by an item's remove button before the item goes */
  removing: (index: number) => void;
}

const RepeatContext = createContext<RepeatGroup | null>(null);

const CONTROLS = 'input:not([type="hidden"]), select, textarea, button';

/**
 * A repeating group (an array of objects): one fieldset per item ("Person 1"), a remove button
 * per item that says which item it removes, an add button that says what it adds. Focus goes to
 * the new item's first field after adding, and to the add button after removing; a status
 * message tells screen reader users what happened. A group of more than ROWS_PER_PAGE rows is
 * shown a page at a time (RowPager); the other rows keep their answers but are not drawn.
 */
export function ArrayFieldTemplate(props: ArrayFieldTemplateProps<Answers, RJSFSchema, Ctx>) {
  const { items, canAdd, onAddClick, title, fieldPathId, uiSchema, schema, registry, rawErrors } = props;
  const { disabled, readonly, hideError } = props;
  const errorSchema = useArrayErrorSchema();
  const language = languageOf(registry.formContext);
  const texts = themeTexts(language);
  const uiOptions = getUiOptions(uiSchema);
  const id = fieldPathId.$id;
  const groupName = fieldPathId.path[fieldPathId.path.length - 1];
  // the same functions from keystroke to keystroke, so the rows (which read them from context) are not drawn again
  const { noun, title: itemTitle } = useMemo(
    () => itemNoun(language, groupName, schema.items, getUiOptions(uiSchema)),
    [language, groupName, schema.items, uiSchema],
  );
  const help = uiOptions.help as string | undefined;
  const legend = (uiOptions.title as string | undefined) || title;
  const ownErrors = hideError ? [] : errorsOf(errorSchema).length > 0 ? errorsOf(errorSchema) : (rawErrors ?? []);
  const rowIdPrefix = `${id}${registry.globalFormOptions.idSeparator}`;

  const groupRef = useRef<HTMLFieldSetElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const adding = useRef(false);
  const removedIndex = useRef<number | null>(null);
  const previousCount = useRef(items.length);
  const [status, setStatus] = useState('');

  const paged = isPaged(items.length);
  const [page, setPage] = useState(0);
  const shownPage = clampPage(page, items.length);
  const { first, last } = rowsOnPage(shownPage, items.length);
  // the same array while the rows in error stay the same, so the pager is not drawn again per keystroke
  const errorRowsKey = paged ? rowsWithErrors(errorSchema).join(' ') : '';
  const errorRows = useMemo(() => (errorRowsKey ? errorRowsKey.split(' ').map(Number) : []), [errorRowsKey]);
  const firstErrorRow = useRef<number | undefined>(undefined);
  firstErrorRow.current = errorRows[0];

  // the error summary's links and a failed Next ask for the page of a row (rowPages.ts)
  useEffect(() => {
    const group = groupRef.current;
    if (!group) return;
    const showRow = (event: Event) => setPage(pageOfRow((event as CustomEvent<number>).detail));
    const showFirstError = () => firstErrorRow.current !== undefined && setPage(pageOfRow(firstErrorRow.current));
    group.addEventListener(SHOW_ROW_EVENT, showRow);
    group.addEventListener(SHOW_FIRST_ERROR_EVENT, showFirstError);
    return () => {
      group.removeEventListener(SHOW_ROW_EVENT, showRow);
      group.removeEventListener(SHOW_FIRST_ERROR_EVENT, showFirstError);
    };
  }, []);

  useEffect(() => {
    const previous = previousCount.current;
    previousCount.current = items.length;
    const group = groupRef.current;
    if (!group) return;
    if (items.length > previous && adding.current) {
      adding.current = false;
      focusField(group.ownerDocument, `${rowIdPrefix}${items.length - 1}`);
      setStatus(texts.added(itemTitle(items.length - 1)));
    } else if (items.length < previous) {
      const active = group.ownerDocument.activeElement;
      if (!active || active === group.ownerDocument.body || !group.contains(active)) {
        (addRef.current ?? group.querySelector<HTMLElement>(CONTROLS))?.focus();
      }
      if (removedIndex.current !== null) setStatus(texts.removed(itemTitle(removedIndex.current)));
      removedIndex.current = null;
    }
  }, [items.length, texts, itemTitle]);

  const group = useMemo<RepeatGroup>(
    () => ({
      noun,
      itemTitle,
      language,
      removing: (index) => {
        removedIndex.current = index;
      },
    }),
    [noun, itemTitle, language],
  );

  return (
    <RepeatContext.Provider value={group}>
      <fieldset
        ref={groupRef}
        className={`repeat-group${ownErrors.length > 0 ? ' field-invalid' : ''}`}
        id={id}
        aria-describedby={describedBy(id, { help, rawErrors: ownErrors })}
        {...(paged ? { [ROW_ID_PREFIX_ATTRIBUTE]: rowIdPrefix } : {})}
      >
        <legend className="field-object-legend">{legend}</legend>
        {help && (
          <div id={helpId(id)} className="field-help">
            {help}
          </div>
        )}
        <ErrorRegion>
          <ErrorMessage id={errorId(id)} errors={ownErrors} language={language} />
        </ErrorRegion>
        {paged && (
          <p className="repeat-pages-summary">{texts.showing(noun, first + 1, last + 1, items.length)}</p>
        )}
        <div className="repeat-items">{paged ? items.slice(first, last + 1) : items}</div>
        {paged && (
          <RowPager
            id={id}
            label={texts.pages(legend ?? noun)}
            page={shownPage}
            rowCount={items.length}
            noun={noun}
            errorRows={errorRows}
            language={language}
            onPage={setPage}
          />
        )}
        {canAdd && (
          <button
            ref={addRef}
            type="button"
            id={buttonId(fieldPathId, 'add')}
            className="btn repeat-add"
            disabled={disabled || readonly}
            onClick={(event) => {
              adding.current = true;
              // the new row comes last: show its page
              setPage(pageOfRow(items.length));
              onAddClick(event);
            }}
          >
            <span aria-hidden="true">+</span>
            {texts.add(noun)}
          </button>
        )}
        <p className="visually-hidden" role="status">
          {status}
        </p>
      </fieldset>
    </RepeatContext.Provider>
  );
}

interface RowPagerProps {
  id: string;
  /** Names the pager's group: which repeating group it pages */
  label: string;
  page: number;
  rowCount: number;
  noun: string;
  /** Rows in error, so the page list can say which pages have errors */
  errorRows: number[];
  language: Ctx['language'];
  onPage: (page: number) => void;
}

/**
 * Previous and next page buttons and a page list, under the rows. The buttons stay focusable at
 * the first and last page (aria-disabled), so focus is not lost; which rows are shown is a live
 * status, announced when the page changes.
 */
const RowPager = memo(function RowPager({ id, label, page, rowCount, noun, errorRows, language, onPage }: RowPagerProps) {
  const texts = themeTexts(language);
  const pages = pageCount(rowCount);
  const { first, last } = rowsOnPage(page, rowCount);
  const pagesWithErrors = new Set(errorRows.map(pageOfRow));
  const selectId = `${id}__page`;
  const go = (target: number) => {
    if (target >= 0 && target < pages) onPage(target);
  };
  return (
    <div className="repeat-pager" role="group" aria-label={label}>
      <p className="repeat-pager-status" role="status">
        {texts.showing(noun, first + 1, last + 1, rowCount)}
      </p>
      <div className="repeat-pager-controls">
        <button type="button" className="btn" id={`${id}__previous-page`} aria-disabled={page === 0} onClick={() => go(page - 1)}>
          <span aria-hidden="true">‹ </span>
          {texts.previousPage}
        </button>
        <span className="repeat-pager-select">
          <label htmlFor={selectId}>{texts.page}</label>
          <select id={selectId} className="form-control" value={page} onChange={(event) => go(Number(event.target.value))}>
            {Array.from({ length: pages }, (_, index) => {
              const rows = rowsOnPage(index, rowCount);
              return (
                <option key={index} value={index}>
                  {texts.pageOption(index + 1, pages, rows.first + 1, rows.last + 1, pagesWithErrors.has(index))}
                </option>
              );
            })}
          </select>
        </span>
        <button type="button" className="btn" id={`${id}__next-page`} aria-disabled={page === pages - 1} onClick={() => go(page + 1)}>
          {texts.nextPage}
          <span aria-hidden="true"> ›</span>
        </button>
      </div>
    </div>
  );
});

export function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps<Answers, RJSFSchema, Ctx>) {
  const { children, buttonsProps, hasToolbar, index, registry } = props;
  const group = useContext(RepeatContext);
  const title = group ? group.itemTitle(index) : `${index + 1}`;
  const ArrayFieldItemButtonsTemplate = registry.templates.ArrayFieldItemButtonsTemplate;
  return (
    <fieldset className="repeat-item">
      <legend className="repeat-item-legend">{title}</legend>
      {children}
      {hasToolbar && (
        <div className="repeat-item-buttons">
          <ArrayFieldItemButtonsTemplate {...buttonsProps} />
        </div>
      )}
    </fieldset>
  );
}

/** "Ta bort" with "person 2" for screen readers: the accessible name says which item goes. */
export function ArrayFieldItemButtonsTemplate(props: ArrayFieldItemButtonsTemplateProps<Answers, RJSFSchema, Ctx>) {
  const { hasMoveUp, hasMoveDown, hasCopy, hasRemove, index, fieldPathId, disabled, readonly, registry } = props;
  const { onMoveUpItem, onMoveDownItem, onRemoveItem, onCopyItem } = props;
  const group = useContext(RepeatContext);
  const language = group?.language ?? languageOf(registry.formContext);
  const texts = themeTexts(language);
  const which = ` ${group?.noun ?? texts.nouns.row} ${index + 1}`;
  const inactive = disabled || readonly;
  return (
    <>
      {(hasMoveUp || hasMoveDown) && (
        <button type="button" className="btn" id={buttonId(fieldPathId, 'moveUp')} disabled={inactive || !hasMoveUp} onClick={onMoveUpItem}>
          {texts.moveUp}
          <span className="visually-hidden">{which}</span>
        </button>
      )}
      {(hasMoveUp || hasMoveDown) && (
        <button type="button" className="btn" id={buttonId(fieldPathId, 'moveDown')} disabled={inactive || !hasMoveDown} onClick={onMoveDownItem}>
          {texts.moveDown}
          <span className="visually-hidden">{which}</span>
        </button>
      )}
      {hasCopy && (
        <button type="button" className="btn" id={buttonId(fieldPathId, 'copy')} disabled={inactive} onClick={onCopyItem}>
          {texts.add(group?.noun ?? texts.nouns.row)}
        </button>
      )}
      {hasRemove && (
        <button
          type="button"
          className="btn btn-danger"
          id={buttonId(fieldPathId, 'remove')}
          disabled={inactive}
          onClick={(event) => {
            group?.removing(index);
            onRemoveItem(event);
          }}
        >
          {texts.remove}
          <span className="visually-hidden">{which}</span>
        </button>
      )}
    </>
  );
}

/**
/**
 * The document an element is drawn in, once it is there: the designer's preview draws the form
 * in an iframe, where the page's `document` finds none of its fields.
 */
function useOwnerDocument(element: RefObject<Element | null>): Document {
  const [owner, setOwner] = useState(() => document);
  useLayoutEffect(() => {
    const found = element.current?.ownerDocument;
    if (found && found !== owner) setOwner(found);
  });
  return owner;
}

/**
 * Fields in the order they are shown. A field on a page of a repeating group that is not drawn
 * takes its group's place, and such fields keep the validator's order (row by row) among the
 * group's fields; errors of fields not found at all keep their order at the end.
 */
function inDocumentOrder<E extends { id: string }>(entries: E[], within: Document): E[] {
  const position = (entry: E) => {
    const element = within.getElementById(entry.id);
    return element ? { element, standIn: false } : { element: pagedGroupOf(within, entry.id)?.element ?? null, standIn: true };
  };
  return entries
    .map((entry, index) => ({ entry, index, ...position(entry) }))
    .sort((a, b) => {
      if (a.element && b.element) {
        const related = a.element === b.element || a.element.contains(b.element) || b.element.contains(a.element);
        if (!(related && (a.standIn || b.standIn)) && a.element !== b.element) {
          return a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
        }
      }
      if (a.element && !b.element) return -1;
      if (!a.element && b.element) return 1;
      return a.index - b.index;
    })
    .map(({ entry }) => entry);
}

/**
 * The error summary at the top of the step (the GOV.UK pattern): a heading and one link per field
 * in error, in the order of the fields. A link moves focus to its field. The step focuses the
 * summary when the citizen tries to go on with errors.
 */
export function ErrorListTemplate({ errors, registry }: ErrorListProps<Answers, RJSFSchema, Ctx>) {
  const { idPrefix, idSeparator } = registry.globalFormOptions;
  const summary = useRef<HTMLDivElement>(null);
  const within = useOwnerDocument(summary);
  const context = registry.formContext as Partial<Ctx> | undefined;
  const texts = themeTexts(languageOf(context));
  const summaryId = context?.errorSummaryId ?? `${idPrefix}-error-summary`;
  const seen = new Set<string>();
  const entries = inDocumentOrder(
    errors
      .map((error) => ({ id: fieldIdOfError(error, idPrefix, idSeparator), message: error.message ?? error.stack }))
      .filter(({ id, message }) => {
        if (seen.has(id) || !message) return false; // one link per field
        seen.add(id);
        return true;
      }),
    within,
  );
  return (
    <div ref={summary} className="error-summary" id={summaryId} tabIndex={-1} data-testid="error-summary">
      <div role="alert">
        <h3 className="error-summary-title">{texts.errorSummaryTitle}</h3>
        <ul className="error-summary-list">
          {entries.map(({ id, message }) => (
            <li key={id}>
              <a
                href={`#${id}`}
                onClick={(event) => {
                  if (focusField(event.currentTarget.ownerDocument, id)) event.preventDefault();
                }}
              >
                {message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The definition's `ui:classNames` (e.g. `date-range` lays its two dates side by side). */
const classNamesOf = (uiSchema: unknown): string => {
  const classNames = getUiOptions(uiSchema as Parameters<typeof getUiOptions>[0]).classNames;
  return typeof classNames === 'string' && classNames ? ` ${classNames}` : '';
};

export const portalTemplates: Partial<TemplatesType<Answers, RJSFSchema, Ctx>> = {
  ArrayFieldItemButtonsTemplate,
  ArrayFieldItemTemplate,
  ArrayFieldTemplate,
  DescriptionFieldTemplate,
  ErrorListTemplate,
  FieldErrorTemplate,
  FieldHelpTemplate,
  FieldTemplate,
  ObjectFieldTemplate,
  TitleFieldTemplate,
};
