import { flushSync } from 'react-dom';

/**
 * A long repeating group is shown in pages of this many rows: drawing 1 000 rows (3 000 inputs)
 * costs hundreds of milliseconds per keystroke, 20 rows a few. Shorter groups show all their rows.
 */
export const ROWS_PER_PAGE = 20;

export const isPaged = (rowCount: number): boolean => rowCount > ROWS_PER_PAGE;

export const pageCount = (rowCount: number): number => Math.max(1, Math.ceil(rowCount / ROWS_PER_PAGE));

/** The page (0-based) that shows the row with this index. */
export const pageOfRow = (index: number): number => Math.floor(Math.max(0, index) / ROWS_PER_PAGE);

/** The page itself, or the last one when rows were removed from under it. */
export const clampPage = (page: number, rowCount: number): number => Math.min(Math.max(0, page), pageCount(rowCount) - 1);

/** The indexes of the first and last row a page shows (both included). */
export function rowsOnPage(page: number, rowCount: number): { first: number; last: number } {
  const first = clampPage(page, rowCount) * ROWS_PER_PAGE;
  return { first, last: Math.min(first + ROWS_PER_PAGE, rowCount) - 1 };
}

/**
 * The element of a paged group carries this attribute: the id prefix of its rows
 * (`<group id><separator>`), so a field on another page can be found and shown.
 */
export const ROW_ID_PREFIX_ATTRIBUTE = 'data-row-id-prefix';

/** Asks a paged group to show the page with a row: `detail` is the row's index. */
export const SHOW_ROW_EVENT = 'etjanst:show-row';

/** Asks a paged group to show the page of its first row in error, if it has one. */
export const SHOW_FIRST_ERROR_EVENT = 'etjanst:show-first-error';

/**
 * Shows the page of every paged group the field with this id lies in (outer groups first, since an
 * inner group is drawn only once its row is), so the field is in the document when this returns
 * true. The groups draw the page at once (flushSync), so focus can follow in the same handler.
 * `within` is the form's document (the designer's preview draws the form in an iframe).
 */
export function revealField(within: Document, id: string): boolean {
  for (let depth = 0; depth < 8 && !within.getElementById(id); depth++) {
    const group = pagedGroupOf(within, id);
    if (!group) return false;
    flushSync(() => group.element.dispatchEvent(new CustomEvent(SHOW_ROW_EVENT, { detail: group.row })));
  }
  return within.getElementById(id) !== null;
}

/**
 * The innermost drawn paged group that holds the field with this id, and the field's row in it.
 * The group stands in for a field on a page not shown (the error summary orders by it).
 */
export function pagedGroupOf(within: Document, id: string): { element: HTMLElement; row: number } | undefined {
  const group = [...within.querySelectorAll<HTMLElement>(`[${ROW_ID_PREFIX_ATTRIBUTE}]`)]
    .map((element) => ({ element, prefix: element.getAttribute(ROW_ID_PREFIX_ATTRIBUTE) ?? '' }))
    .filter(({ prefix }) => prefix !== '' && id.startsWith(prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  const row = group ? Number.parseInt(id.slice(group.prefix.length), 10) : Number.NaN;
  return group && !Number.isNaN(row) ? { element: group.element, row } : undefined;
}

/**
 * After a failed Next: each paged group in the container shows the page of its first row in error,
 * so what the error summary lists first is on the screen.
 */
export function revealFirstErrors(container: ParentNode): void {
  for (const group of container.querySelectorAll(`[${ROW_ID_PREFIX_ATTRIBUTE}]`)) group.dispatchEvent(new CustomEvent(SHOW_FIRST_ERROR_EVENT));
}

/** The indexes of the rows that have an error of their own or in a field, in order. */
export function rowsWithErrors(errorSchema: unknown): number[] {
  if (!errorSchema || typeof errorSchema !== 'object') return [];
  return Object.entries(errorSchema as Record<string, unknown>)
    .filter(([key, value]) => /^\d+$/.test(key) && containsErrors(value))
    .map(([key]) => Number(key))
    .sort((a, b) => a - b);
}

function containsErrors(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false;
  return Object.entries(node as Record<string, unknown>).some(([key, value]) =>
    key === '__errors' ? Array.isArray(value) && value.length > 0 : containsErrors(value),
  );
}
