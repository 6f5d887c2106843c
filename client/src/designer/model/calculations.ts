import {
  arrayItems,
  collectFieldPaths,
  formulaInputs,
  isCalculationTarget,
  isInRepeatingGroup,
  type Calculation,
  type Formula,
  type FormulaKind,
  type JsonSchemaObject,
} from '@etjanst/schemas';
import { refuse } from './edit-error';
import { copy, isUnder, type Definition, type Form } from './form-tree';

/**
 * What an input of a formula must be: a number (sum, multiply: also `group.field`, every row of a
 * repeating group), rows or choices to count, a date, a personnummer. Counted, date and
 * personnummer inputs lie outside repeating groups, since the formula reads one value of them.
 */
export type CalculationInputKind = 'number' | 'countable' | 'date' | 'personnummer';

const ACCEPTS: Record<CalculationInputKind, (schema: JsonSchemaObject, inRows: boolean) => boolean> = {
  number: (schema) => schema.type === 'number' || schema.type === 'integer',
  countable: (schema, inRows) => {
    const items = arrayItems(schema);
    return !inRows && !!items && (items.type === 'object' || Array.isArray(items.enum));
  },
  date: (schema, inRows) => !inRows && schema.type === 'string' && schema.format === 'date',
  personnummer: (schema, inRows) => !inRows && schema.type === 'string' && schema.format === 'personnummer',
};

/** The kind of field each formula mainly reads; typed by FormulaKind, so a new kind must be added here. */
const MAIN_INPUT: Record<FormulaKind, CalculationInputKind> = {
  sum: 'number',
  multiply: 'number',
  count: 'countable',
  'date-difference': 'date',
  'age-from-personnummer': 'personnummer',
};

/** Every formula kind, in the order the designer offers them. */
export const FORMULA_KINDS = Object.keys(MAIN_INPUT) as FormulaKind[];

/** The kind of field an input of a formula reads, by its place in the formula (`terms/0`, `from`, `on`). */
export const inputKindOf = (kind: FormulaKind, key: string): CalculationInputKind =>
  kind === 'age-from-personnummer' && key === 'on' ? 'date' : MAIN_INPUT[kind];

/** Whether a field can be calculated: a number field outside repeating groups. */
export const isCalculable = (definition: Definition, path: string): boolean =>
  isCalculationTarget(collectFieldPaths(definition.form.schema), path);

/** The formula of a calculated field, if it is one. */
export const fieldCalculation = (definition: Definition, target: string): Formula | undefined =>
  definition.form.calculations?.find((c) => c.field === target)?.formula;

/** Whether the calculation of `field` reads `target`, itself or through other calculated fields. */
function readsFrom(calculations: readonly Calculation[], field: string, target: string, seen = new Set<string>()): boolean {
  if (seen.has(field)) return false;
  seen.add(field);
  const formula = calculations.find((c) => c.field === field)?.formula;
  return !!formula && formulaInputs(formula).some(({ path }) => path === target || readsFrom(calculations, path, target, seen));
}

/** The fields of one input kind other than the target, in form order. */
function fieldsOfKind(definition: Definition, kind: CalculationInputKind, target: string): string[] {
  const fields = collectFieldPaths(definition.form.schema);
  return [...fields].flatMap(([path, schema]) => (path !== target && ACCEPTS[kind](schema, isInRepeatingGroup(fields, path)) ? [path] : []));
}

/**
 * The fields a calculation of `target` may read as one kind of input, in form order: never the
 * target itself, nor a calculated field whose own formula reads the target (a circle).
 */
export function calculationInputs(definition: Definition, kind: CalculationInputKind, target: string): string[] {
  const calculations = definition.form.calculations ?? [];
  return fieldsOfKind(definition, kind, target).filter((path) => !readsFrom(calculations, path, target));
}

/** The fixed number that changes nothing: 0 in a sum, 1 in a product. */
export const neutralOperand = (kind: 'sum' | 'multiply'): number => (kind === 'sum' ? 0 : 1);

/**
 * A formula of a kind for a target, made from the fields there are (undefined when the form has
 * no field such a formula can read). From sum to product and back the operands are kept, a
 * number that changed nothing (0 in a sum) becoming one that changes nothing again (1).
 */
export function formulaOfKind(definition: Definition, target: string, kind: FormulaKind, previous?: Formula): Formula | undefined {
  const first = (inputKind: CalculationInputKind) => calculationInputs(definition, inputKind, target)[0];
  const operandsAs = (to: 'sum' | 'multiply') => {
    if (previous?.kind !== 'sum' && previous?.kind !== 'multiply') return [first('number') ?? neutralOperand(to)];
    const operands = previous.kind === 'sum' ? previous.terms : previous.factors;
    return operands.map((o) => (o === neutralOperand(previous.kind) ? neutralOperand(to) : o));
  };
  switch (kind) {
    case 'sum':
      return { kind, terms: operandsAs(kind) };
    case 'multiply':
      return { kind, factors: operandsAs(kind) };
    case 'count': {
      const field = first('countable');
      return field ? { kind, field } : undefined;
    }
    case 'date-difference': {
      const from = first('date');
      return from ? { kind, from, unit: 'days' } : undefined;
    }
    case 'age-from-personnummer': {
      const field = first('personnummer');
      return field ? { kind, field } : undefined;
    }
  }
}

const labelIn = (form: Form, path: string, language: 'sv' | 'en') => {
  const label = form.texts[path]?.label;
  return (language === 'en' ? label?.en : undefined) ?? label?.sv ?? path;
};

/**
 * Calculations in an order applyCalculations can run them: each after the calculations whose
 * results it reads, otherwise as they were. A circle is refused.
 */
function inReadingOrder(form: Form, calculations: Calculation[]): Calculation[] {
  const remaining = [...calculations];
  const ordered: Calculation[] = [];
  while (remaining.length > 0) {
    const ready = remaining.findIndex((c) => formulaInputs(c.formula).every(({ path }) => !remaining.some((other) => other !== c && other.field === path)));
    if (ready < 0) {
      const names = remaining.map((c) => `”${labelIn(form, c.field, 'sv')}”`).join(', ');
      const namesEn = remaining.map((c) => `“${labelIn(form, c.field, 'en')}”`).join(', ');
      refuse('calculation-circular', `Beräkningarna av ${names} räknas ut från varandra. Ändra någon av dem.`, `The calculations of ${namesEn} are computed from each other. Change one of them.`);
    }
    ordered.push(...remaining.splice(ready, 1));
  }
  return ordered;
}

/**
 * Makes a number field calculated (or with undefined, an ordinary field again). Each input must
 * be a field of the kind the formula reads; the calculations are kept in the order they are
 * computed, so a calculation that reads another's result comes after it.
 */
export function setFieldCalculation(definition: Definition, target: string, formula: Formula | undefined): Definition {
  const { form } = definition;
  if (formula) {
    if (!isCalculable(definition, target)) {
      refuse('calculation-target-not-number', `Bara ett talfält utanför upprepade grupper kan ha ett beräknat värde, inte ”${labelIn(form, target, 'sv')}”.`, `Only a number field outside repeating groups can have a calculated value, not “${labelIn(form, target, 'en')}”.`);
    }
    if ((formula.kind === 'sum' && formula.terms.length === 0) || (formula.kind === 'multiply' && formula.factors.length === 0)) {
      refuse('calculation-no-operands', 'Beräkningen behöver minst ett fält eller tal.', 'The calculation needs at least one field or number.');
    }
    for (const { path, key } of formulaInputs(formula)) {
      if (path === target) refuse('calculation-on-itself', 'Ett fält kan inte räknas ut från sig självt.', 'A field cannot be calculated from itself.');
      if (!fieldsOfKind(definition, inputKindOf(formula.kind, key), target).includes(path)) {
        refuse('calculation-input-invalid', `Beräkningen kan inte använda fältet ”${labelIn(form, path, 'sv')}” här.`, `The calculation cannot use the field “${labelIn(form, path, 'en')}” here.`);
      }
    }
  }
  // a circle through other calculations is refused by inReadingOrder
  const calculations = form.calculations ?? [];
  const at = calculations.findIndex((c) => c.field === target);
  const others = calculations.filter((c) => c.field !== target);
  if (formula) others.splice(at < 0 ? others.length : at, 0, { field: target, formula: copy(formula) });
  const next = copy(definition);
  if (others.length > 0) next.form.calculations = inReadingOrder(form, others);
  else delete next.form.calculations;
  return next;
}

/**
 * The calculations left when a field (with its children) is deleted: its own go with it; one that
 * reads it is refused, naming the calculation, since its result would silently change.
 */
export function calculationsWithout(form: Form, path: string): Calculation[] | undefined {
  const kept = (form.calculations ?? []).filter((c) => !isUnder(c.field, path));
  for (const { field, formula } of kept) {
    const read = formulaInputs(formula).find((input) => isUnder(input.path, path));
    if (read) {
      refuse(
        'field-used-in-calculation',
        `Fältet ”${labelIn(form, path, 'sv')}” används i beräkningen av ”${labelIn(form, field, 'sv')}”. Ändra eller ta bort beräkningen först.`,
        `The field “${labelIn(form, path, 'en')}” is used in the calculation of “${labelIn(form, field, 'en')}”. Change or remove the calculation first.`,
      );
    }
  }
  return kept.length > 0 ? kept : undefined;
}
