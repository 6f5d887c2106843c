import { describe, expect, it } from 'vitest';
import { clampPage, isPaged, pageCount, pageOfRow, ROWS_PER_PAGE, rowsOnPage, rowsWithErrors } from './rowPages';

describe('pages of a long repeating group', () => {
  it('pages only a group longer than one page', () => {
    expect(isPaged(ROWS_PER_PAGE)).toBe(false);
    expect(isPaged(ROWS_PER_PAGE + 1)).toBe(true);
  });

  it('shows 20 rows a page, the last page what is left', () => {
    expect(pageCount(1000)).toBe(50);
    expect(pageCount(45)).toBe(3);
    expect(pageCount(0)).toBe(1);
    expect(rowsOnPage(1, 1000)).toEqual({ first: 20, last: 39 });
    expect(rowsOnPage(2, 45)).toEqual({ first: 40, last: 44 });
    expect(pageOfRow(0)).toBe(0);
    expect(pageOfRow(19)).toBe(0);
    expect(pageOfRow(20)).toBe(1);
    expect(pageOfRow(989)).toBe(49);
  });

  it('keeps the page when rows are removed, unless it is gone', () => {
    expect(clampPage(2, 45)).toBe(2);
    expect(clampPage(2, 40)).toBe(1);
    expect(rowsOnPage(2, 40)).toEqual({ first: 20, last: 39 });
  });

  it('finds the rows in error, in order, also errors cleared while typing', () => {
    const errorSchema = {
      __errors: ['Lägg till minst en rad.'],
      42: { name: { __errors: ['Skriv namnet.'] } },
      3: { __errors: ['Fel i raden.'] },
      7: { name: { __errors: [] }, hours: undefined },
    };
    expect(rowsWithErrors(errorSchema)).toEqual([3, 42]);
    expect(rowsWithErrors(undefined)).toEqual([]);
  });
});
