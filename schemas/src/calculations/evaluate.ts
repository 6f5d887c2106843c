import type { Calculation, DateUnit, Formula } from './model.js';

type Answers = Record<string, unknown>;

/** Every value at a field path, through objects and into each row of a repeating group. */
export function valuesAt(answers: unknown, path: string): unknown[] {
  let values: unknown[] = [answers];
  for (const segment of path.split('.')) {
    values = values
      .flatMap((value) => (Array.isArray(value) ? value : [value]))
      .flatMap((value) =>
        typeof value === 'object' && value !== null && segment in value ? [(value as Answers)[segment]] : [],
      );
  }
  return values;
}

const numbersOf = (answers: unknown, operand: string | number): number[] | undefined => {
  if (typeof operand === 'number') return [operand];
  const values = valuesAt(answers, operand).flatMap((v) => (Array.isArray(v) ? [] : [v]));
  return values.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (values as number[]) : undefined;
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateOf = (answers: unknown, path: string | undefined, today: string): string | undefined => {
  if (path === undefined) return today;
  const [value] = valuesAt(answers, path);
  return typeof value === 'string' && DATE.test(value) ? value : undefined;
};

/** Whole units from one date to another (negative when `to` is earlier), by the calendar. */
export function dateDifference(from: string, to: string, unit: DateUnit): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  if (unit === 'days') return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
  let months = (ty - fy) * 12 + (tm - fm);
  // a month is only complete on the same day of the month (or later)
  if (months > 0 && td < fd) months--;
  else if (months < 0 && td > fd) months++;
  return unit === 'months' ? months : Math.trunc(months / 12);
}

/** Birth date of a personnummer (samordningsnummer: day + 60), YYYY-MM-DD. */
export function birthDateOf(personnummer: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})-?\d{4}$/.exec(personnummer);
  if (!match) return undefined;
  const day = Number(match[3]) > 60 ? Number(match[3]) - 60 : Number(match[3]);
  return `${match[1]}-${match[2]}-${String(day).padStart(2, '0')}`;
}

/** The result of one formula, or undefined while an input is missing or not usable. */
export function evaluateFormula(formula: Formula, answers: unknown, today: string): number | undefined {
  switch (formula.kind) {
    case 'sum': {
      const terms = formula.terms.map((t) => numbersOf(answers, t));
      return terms.every(Boolean) ? roundCents((terms as number[][]).flat().reduce((a, b) => a + b, 0)) : undefined;
    }
    case 'multiply': {
      const factors = formula.factors.map((f) => numbersOf(answers, f));
      if (!factors.every((f) => f && f.length > 0)) return undefined;
      return roundCents((factors as number[][]).flat().reduce((a, b) => a * b, 1));
    }
    case 'count': {
      const [value] = valuesAt(answers, formula.field);
      return Array.isArray(value) ? value.length : 0;
    }
    case 'date-difference': {
      const from = dateOf(answers, formula.from, today);
      const to = dateOf(answers, formula.to, today);
      return from && to ? dateDifference(from, to, formula.unit) : undefined;
    }
    case 'age-from-personnummer': {
      const [pnr] = valuesAt(answers, formula.field);
      const born = typeof pnr === 'string' ? birthDateOf(pnr) : undefined;
      const on = dateOf(answers, formula.on, today);
      return born && on ? dateDifference(born, on, 'years') : undefined;
    }
  }
}

/** Sums and products of amounts in kronor: no floating-point tails (0.1 + 0.2). */
const roundCents = (value: number) => Math.round(value * 100) / 100;

/** Made once: a formatter is costly to create, and the server asks on every submission. */
const SWEDISH_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' });

/** Today in Sweden as YYYY-MM-DD: ages and periods count in Swedish days on both sides. */
export const swedishToday = (now: Date = new Date()): string => SWEDISH_DATE.format(now);

/**
 * The answers with every calculated field set to its formula's result, in order (a calculation may
 * use an earlier one's result), or removed while it cannot be computed. The one function the
 * portal (live, read-only fields) and the server (on submission) both run. Pure: `today` is given.
 */
export function applyCalculations<T extends Answers>(calculations: Calculation[] | undefined, answers: T, today: string): T {
  if (!calculations || calculations.length === 0) return answers;
  let result: Answers = answers;
  for (const { field, formula } of calculations) {
    result = withValueAt(result, field.split('.'), evaluateFormula(formula, result, today));
  }
  return result as T;
}

function withValueAt(answers: Answers, [name, ...rest]: string[], value: number | undefined): Answers {
  if (name === undefined) return answers;
  const copy: Answers = { ...answers };
  if (rest.length === 0) {
    if (value === undefined) delete copy[name];
    else copy[name] = value;
    return copy;
  }
  const child = copy[name];
  const inner = typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as Answers) : {};
  if (value === undefined && child === undefined) return copy;
  copy[name] = withValueAt(inner, rest, value);
  return copy;
}
