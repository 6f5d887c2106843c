import { bilingual } from '../i18n/bilingual.js';
import { collectFieldPaths, isInRepeatingGroup } from '../definition/fields.js';
import type { EServiceDefinition, JsonSchemaObject } from '../definition/format.js';
import type { Formula } from './model.js';

interface CalculationProblem {
  pointer: string;
  code: string;
  message: ReturnType<typeof bilingual>;
}

/** The field paths a formula reads, each with its place in the formula (`terms/0`, `from`). */
export const formulaInputs = (formula: Formula): { path: string; key: string }[] => {
  switch (formula.kind) {
    case 'sum':
      return formula.terms.flatMap((t, i) => (typeof t === 'string' ? [{ path: t, key: `terms/${i}` }] : []));
    case 'multiply':
      return formula.factors.flatMap((f, i) => (typeof f === 'string' ? [{ path: f, key: `factors/${i}` }] : []));
    case 'count':
      return [{ path: formula.field, key: 'field' }];
    case 'date-difference':
      return [{ path: formula.from, key: 'from' }, ...(formula.to ? [{ path: formula.to, key: 'to' }] : [])];
    case 'age-from-personnummer':
      return [{ path: formula.field, key: 'field' }, ...(formula.on ? [{ path: formula.on, key: 'on' }] : [])];
  }
};

const isNumber = (node: JsonSchemaObject | undefined) => node?.type === 'number' || node?.type === 'integer';

/** Whether a field can show a calculated value: a number field outside repeating groups (`fields` from collectFieldPaths). */
export const isCalculationTarget = (fields: Map<string, JsonSchemaObject>, path: string): boolean =>
  isNumber(fields.get(path)) && !isInRepeatingGroup(fields, path);

/**
 * What is wrong with a definition's calculations: a target that is not a number field outside
 * repeating groups or is computed twice, an input that names no field.
 */
export function calculationProblems(definition: EServiceDefinition): CalculationProblem[] {
  const calculations = definition.form.calculations ?? [];
  if (calculations.length === 0) return [];
  const fields = collectFieldPaths(definition.form.schema);
  const problems: CalculationProblem[] = [];
  const targets = new Set<string>();
  calculations.forEach(({ field, formula }, i) => {
    const at = `/form/calculations/${i}`;
    if (!fields.has(field)) {
      problems.push({ pointer: `${at}/field`, code: 'reference.unknown-field', message: bilingual(`Fältet ”${field}” finns inte i formuläret.`, `The field “${field}” does not exist in the form.`) });
    } else if (!isCalculationTarget(fields, field)) {
      problems.push({ pointer: `${at}/field`, code: 'calculations.target-not-number', message: bilingual(`Det beräknade fältet ”${field}” måste vara ett talfält utanför upprepade grupper.`, `The calculated field “${field}” must be a number field outside repeating groups.`) });
    } else if (targets.has(field)) {
      problems.push({ pointer: `${at}/field`, code: 'calculations.duplicate-target', message: bilingual(`Fältet ”${field}” beräknas två gånger.`, `The field “${field}” is calculated twice.`) });
    }
    targets.add(field);
    for (const input of formulaInputs(formula)) {
      if (!fields.has(input.path)) {
        problems.push({ pointer: `${at}/formula/${input.key}`, code: 'reference.unknown-field', message: bilingual(`Beräkningen av ”${field}” använder fältet ”${input.path}”, som inte finns.`, `The calculation of “${field}” uses the field “${input.path}”, which does not exist.`) });
      }
    }
  });
  return problems;
}
