import { DATE_UNITS, type DateUnit, type Formula, type FormulaKind } from '@etjanst/schemas';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { useAnnounce } from './Announcer';
import type { Apply } from './Designer';
import { focusSoon } from './focus';
import { fieldLabel, fieldPathLabel } from './labels';
import {
  calculationInputs,
  fieldCalculation,
  FORMULA_KINDS,
  formulaOfKind,
  neutralOperand,
  setFieldCalculation,
  type CalculationInputKind,
  type Definition,
} from './model';

interface CalculationEditorProps {
  definition: Definition;
  /** The number field whose value is calculated */
  target: string;
  apply: Apply;
}

const id = (part: string) => `calculation-${part}`;
/** The select value that stands for a fixed number among the fields of a sum or product */
const CONSTANT = '';

/**
 * "Beräknat värde": a number field's value computed from other answers (form.calculations), with
 * a formula chosen by name and its inputs chosen from the form's fields by label. The portal
 * shows the result read-only; the server computes it again on submission.
 */
export function CalculationEditor({ definition, target, apply }: CalculationEditorProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const announce = useAnnounce();
  const formula = fieldCalculation(definition, target);
  const label = fieldLabel(definition, target, language);
  const kindName = (kind: FormulaKind) => t(`designer.calculation.kinds.${kind}`);
  /** Applies a formula (undefined: not calculated); a refused one is announced. */
  const set = (next: Formula | undefined, key?: string): boolean => {
    const refused = apply((d) => setFieldCalculation(d, target, next), key && `${target}:calculation:${key}`);
    if (refused) announce(refused.messages[language]);
    return !refused;
  };
  const inputs = (kind: CalculationInputKind) => calculationInputs(definition, kind, target);

  function toggle(on: boolean): void {
    const next = on ? formulaOfKind(definition, target, 'sum') : undefined;
    if (!set(next)) return;
    announce(next ? t('designer.calculation.added', { label, kind: kindName(next.kind) }) : t('designer.calculation.removed', { label }));
  }

  return (
    <fieldset className="designer-calculation" data-testid="calculation-editor">
      <legend>{t('designer.calculation.title')}</legend>
      <div className="form-check">
        <input id={id('on')} type="checkbox" checked={!!formula} aria-describedby={id('hint')} onChange={(e) => toggle(e.target.checked)} data-testid={id('on')} />
        <label htmlFor={id('on')}>{t('designer.calculation.enabled')}</label>
      </div>
      <p id={id('hint')} className="hint">
        {t('designer.calculation.hint')}
      </p>
      {formula && (
        <>
          <div className="form-field">
            <label htmlFor={id('kind')}>{t('designer.calculation.kind')}</label>
            <select
              id={id('kind')}
              value={formula.kind}
              onChange={(e) => {
                const next = formulaOfKind(definition, target, e.target.value as FormulaKind, formula);
                if (next) set(next, 'kind');
              }}
              data-testid={id('kind')}
            >
              {FORMULA_KINDS.map((kind) => {
                const available = kind === formula.kind || formulaOfKind(definition, target, kind) !== undefined;
                return (
                  <option key={kind} value={kind} disabled={!available}>
                    {available ? kindName(kind) : t('designer.calculation.unavailable', { kind: kindName(kind) })}
                  </option>
                );
              })}
            </select>
          </div>
          {(formula.kind === 'sum' || formula.kind === 'multiply') && (
            <OperandList
              definition={definition}
              kind={formula.kind}
              operands={formula.kind === 'sum' ? formula.terms : formula.factors}
              fields={inputs('number')}
              onChange={(operands, key) => set(formula.kind === 'sum' ? { kind: 'sum', terms: operands } : { kind: 'multiply', factors: operands }, key)}
            />
          )}
          {formula.kind === 'count' && (
            <FieldSelect definition={definition} part="count-field" label={t('designer.calculation.countField')} value={formula.field} paths={inputs('countable')}
              onChange={(field) => field && set({ ...formula, field }, 'count-field')} />
          )}
          {formula.kind === 'date-difference' && (
            <>
              <FieldSelect definition={definition} part="from" label={t('designer.calculation.from')} value={formula.from} paths={inputs('date')}
                onChange={(from) => from && set({ ...formula, from }, 'from')} />
              <FieldSelect definition={definition} part="to" label={t('designer.calculation.to')} value={formula.to} paths={inputs('date')} today
                onChange={(to) => set(withOptional(formula, 'to', to), 'to')} />
              <div className="form-field">
                <label htmlFor={id('unit')}>{t('designer.calculation.unit')}</label>
                <select id={id('unit')} value={formula.unit} onChange={(e) => set({ ...formula, unit: e.target.value as DateUnit }, 'unit')} data-testid={id('unit')}>
                  {DATE_UNITS.map((unit) => (
                    <option key={unit} value={unit}>
                      {t(`designer.calculation.units.${unit}`)}
                    </option>
                  ))}
                </select>
              </div>
            </>
          )}
          {formula.kind === 'age-from-personnummer' && (
            <>
              <FieldSelect definition={definition} part="personnummer" label={t('designer.calculation.personnummer')} value={formula.field} paths={inputs('personnummer')}
                onChange={(field) => field && set({ ...formula, field }, 'personnummer')} />
              <FieldSelect definition={definition} part="on" label={t('designer.calculation.ageOn')} value={formula.on} paths={inputs('date')} today
                onChange={(on) => set(withOptional(formula, 'on', on), 'on')} />
            </>
          )}
        </>
      )}
    </fieldset>
  );
}

/** A formula with an optional date set, or without it (today) when none is chosen. */
function withOptional<F extends Formula, K extends 'to' | 'on'>(formula: F, key: K, value: string | undefined): F {
  const next = { ...formula };
  if (value) (next as Record<string, unknown>)[key] = value;
  else delete (next as Record<string, unknown>)[key];
  return next;
}

interface FieldSelectProps {
  definition: Definition;
  /** id part (and test id) of the select */
  part: string;
  label: string;
  value: string | undefined;
  paths: string[];
  /** Offer "today's date" (no field: undefined) first */
  today?: boolean;
  onChange: (path: string | undefined) => void;
}

/** A field the formula reads, chosen by its label (with its groups' labels). */
function FieldSelect({ definition, part, label, value, paths, today = false, onChange }: FieldSelectProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <div className="form-field">
      <label htmlFor={id(part)}>{label}</label>
      <select id={id(part)} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} data-testid={id(part)}>
        {today && <option value="">{t('designer.calculation.today')}</option>}
        {paths.map((path) => (
          <option key={path} value={path}>
            {fieldPathLabel(definition, path, language)}
          </option>
        ))}
      </select>
    </div>
  );
}

interface OperandListProps {
  definition: Definition;
  kind: 'sum' | 'multiply';
  operands: (string | number)[];
  /** The number fields an operand may be */
  fields: string[];
  onChange: (operands: (string | number)[], key?: string) => boolean;
}

/** The terms of a sum or the factors of a product: each a number field (by label) or a fixed number. */
function OperandList({ definition, kind, operands, fields, onChange }: OperandListProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const announce = useAnnounce();
  const neutral = neutralOperand(kind);
  const operandId = (index: number) => id(`operand-${index + 1}`);
  const describe = (operand: string | number) => (typeof operand === 'number' ? String(operand) : fieldPathLabel(definition, operand, language));
  const replace = (index: number, operand: string | number, key: string) => onChange(operands.map((o, i) => (i === index ? operand : o)), key);

  function add(): void {
    // the next number field not yet used, else a fixed number that changes nothing
    const operand = fields.find((f) => !operands.includes(f)) ?? neutral;
    if (!onChange([...operands, operand])) return;
    announce(t(`designer.calculation.operandAdded.${kind}`, { n: operands.length + 1 }));
    focusSoon(operandId(operands.length));
  }

  function remove(index: number): void {
    if (!onChange(operands.filter((_, i) => i !== index))) return;
    announce(t(`designer.calculation.operandRemoved.${kind}`, { n: index + 1, what: describe(operands[index]!) }));
    focusSoon(operandId(Math.min(index, operands.length - 2)));
  }

  return (
    <fieldset className="designer-calculation-operands">
      <legend>{t(`designer.calculation.operands.${kind}`)}</legend>
      <ol>
        {operands.map((operand, index) => {
          const n = index + 1;
          return (
            <li key={index}>
              <div className="form-field">
                <label htmlFor={operandId(index)}>{t(`designer.calculation.operand.${kind}`, { n })}</label>
                <select
                  id={operandId(index)}
                  value={typeof operand === 'number' ? CONSTANT : operand}
                  onChange={(e) => replace(index, e.target.value === CONSTANT ? neutral : e.target.value, `operand-${n}`)}
                  data-testid={operandId(index)}
                >
                  {fields.map((path) => (
                    <option key={path} value={path}>
                      {fieldPathLabel(definition, path, language)}
                    </option>
                  ))}
                  <option value={CONSTANT}>{t('designer.calculation.constant')}</option>
                </select>
              </div>
              {typeof operand === 'number' && (
                <ConstantInput
                  id={`${operandId(index)}-value`}
                  label={t(`designer.calculation.operandValue.${kind}`, { n })}
                  value={operand}
                  onChange={(value) => replace(index, value, `operand-${n}-value`)}
                />
              )}
              {operands.length > 1 && (
                <button
                  type="button"
                  className="btn btn-small btn-danger"
                  aria-label={t(`designer.calculation.removeOperandNamed.${kind}`, { n, what: describe(operand) })}
                  onClick={() => remove(index)}
                >
                  {t(`designer.calculation.removeOperand.${kind}`, { n })}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      <button type="button" id={id('add-operand')} className="btn btn-secondary" onClick={add} data-testid={id('add-operand')}>
        {t(`designer.calculation.addOperand.${kind}`)}
      </button>
    </fieldset>
  );
}

/** A fixed number; what is typed stays while it is not a number yet (empty, "-"), the formula keeps the last number. */
function ConstantInput({ id: inputId, label, value, onChange }: { id: string; label: string; value: number; onChange: (value: number) => void }) {
  const [text, setText] = useState(String(value));
  // undo, redo or another edit may change the number from outside
  useEffect(() => setText((typed) => (typed.trim() !== '' && Number(typed) === value ? typed : String(value))), [value]);
  return (
    <div className="form-field">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="number"
        step="any"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (!Number.isNaN(e.target.valueAsNumber)) onChange(e.target.valueAsNumber);
        }}
        data-testid={inputId}
      />
    </div>
  );
}
