import {
  FILE_TYPES,
  fieldType,
  PATTERN_PRESETS,
  POPULATION_REGISTER_ATTRIBUTES,
  textIn,
  type BookingConfig,
  type ChoiceOption,
  type DateOffset,
  type DefinitionProblem,
  type FieldProperties,
  type LocalizedText,
  type PatternChoice,
  type PropertyDescriptor,
} from '@etjanst/schemas';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { AnswerRuleEditor } from './AnswerRuleEditor';
import { BookingSettings } from './BookingSettings';
import { CalculationEditor } from './CalculationEditor';
import { FieldConditionEditor } from './ConditionEditor';
import type { Apply } from './Designer';
import { FieldKeyInput } from './FieldKeyInput';
import { LABEL_INPUT_ID } from './focus';
import { fieldLabel } from './labels';
import { answersOnce, fieldProperties, isCalculable, setFieldProperties, optionLines, withOptionLines, type Definition, type UnmetRequirement } from './model';
import { UnmetRequirements } from './RequirementList';

interface PropertyPanelProps {
  definition: Definition;
  path: string;
  problems: DefinitionProblem[];
  /** The rule catalogue's findings at this field */
  requirements: UnmetRequirement[];
  apply: Apply;
  /** The field's key changed: its path now (the caller owns selection) */
  onRenamed: (path: string) => void;
}

type Value = FieldProperties[keyof FieldProperties];

/** The properties of the selected field, as its catalogue type lists them; each change rebuilds the field. */
export function PropertyPanel({ definition, path, problems, requirements, apply, onRenamed }: PropertyPanelProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const read = fieldProperties(definition, path);
  const headingId = useId();
  const label = fieldLabel(definition, path, language);
  if (!read) {
    return (
      <section className="designer-properties" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('designer.properties.title', { label })}</h2>
        <p>{t('designer.properties.notEditable')}</p>
      </section>
    );
  }
  const type = fieldType(read.typeId)!;
  const change = (name: keyof FieldProperties, value: Value) =>
    apply((d) => setFieldProperties(d, path, { ...fieldProperties(d, path)!.properties, [name]: value }), `${path}:${name}`);
  return (
    <section className="designer-properties" aria-labelledby={headingId} data-testid="property-panel">
      <h2 id={headingId}>{t('designer.properties.title', { label })}</h2>
      <p className="hint">{t('designer.properties.type', { type: textIn(type.palette.label, language) })}</p>
      <FieldKeyInput definition={definition} path={path} apply={apply} onRenamed={onRenamed} />
      {problems.length > 0 && (
        <div className="problem" role="alert" data-testid="field-problems">
          <ul>
            {problems.map((p) => (
              <li key={p.pointer + p.code}>{p.message[language]}</li>
            ))}
          </ul>
        </div>
      )}
      <UnmetRequirements requirements={requirements} testId="field-requirements" />
      {!path.includes('.') && <FieldConditionEditor definition={definition} target={path} apply={apply} />}
      {isCalculable(definition, path) && <CalculationEditor definition={definition} target={path} apply={apply} />}
      {answersOnce(definition, path) && <AnswerRuleEditor definition={definition} target={path} apply={apply} />}
      {type.properties.map((descriptor) =>
        descriptor.kind === 'children' ? (
          // a group's fields are on the canvas, inside the group, each chosen and edited as any other
          <p key="children" className="hint">
            {t('designer.properties.childrenOnCanvas', { label: textIn(descriptor.label, language) })}
          </p>
        ) : (
          <PropertyInput key={descriptor.name} descriptor={descriptor} value={read.properties[descriptor.name]} onChange={(v) => change(descriptor.name, v)} />
        ),
      )}
    </section>
  );
}

const numberOrUndefined = (text: string): number | undefined => (text.trim() === '' || Number.isNaN(Number(text)) ? undefined : Number(text));

function PropertyInput({ descriptor, value, onChange }: { descriptor: PropertyDescriptor; value: Value; onChange: (value: Value) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = `designer-prop-${descriptor.name}`;
  const label = textIn(descriptor.label, language)!;
  const mandatory = descriptor.mandatory ? <span aria-hidden="true"> *</span> : null;
  switch (descriptor.kind) {
    case 'localized-text': {
      const text = (value as LocalizedText | undefined) ?? { sv: '' };
      const set = (lang: 'sv' | 'en', v: string) => {
        const next = { ...text, [lang]: v };
        if (!next.en) delete next.en;
        onChange(descriptor.mandatory || next.sv || next.en ? next : undefined);
      };
      const long = descriptor.name !== 'label' && descriptor.name !== 'itemNoun';
      return (
        <fieldset className="designer-localized">
          <legend>
            {label}
            {mandatory}
          </legend>
          {(['sv', 'en'] as const).map((lang) => {
            const inputId = descriptor.name === 'label' && lang === 'sv' ? LABEL_INPUT_ID : `${id}-${lang}`;
            const props = {
              id: inputId,
              value: text[lang] ?? '',
              onChange: (e: { target: { value: string } }) => set(lang, e.target.value),
              required: descriptor.mandatory && lang === 'sv',
              'data-testid': `prop-${descriptor.name}-${lang}`,
            };
            return (
              <div className="form-field" key={lang}>
                <label htmlFor={inputId}>{t(`designer.properties.${lang}`)}</label>
                {long ? <textarea rows={2} {...props} /> : <input type="text" {...props} />}
              </div>
            );
          })}
        </fieldset>
      );
    }
    case 'boolean':
      return (
        <div className="form-field form-check">
          <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked || undefined)} data-testid={`prop-${descriptor.name}`} />
          <label htmlFor={id}>{label}</label>
        </div>
      );
    case 'number':
    case 'integer':
      return (
        <div className="form-field">
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            type="number"
            step={descriptor.kind === 'integer' ? 1 : 'any'}
            value={typeof value === 'number' ? value : ''}
            onChange={(e) => onChange(numberOrUndefined(e.target.value))}
            data-testid={`prop-${descriptor.name}`}
          />
        </div>
      );
    case 'date':
      return (
        <div className="form-field">
          <label htmlFor={id}>{label}</label>
          <input id={id} type="date" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || undefined)} />
        </div>
      );
    case 'date-offset':
      return <DateOffsetInput id={id} label={label} value={value as DateOffset | undefined} onChange={onChange} />;
    case 'text':
      return (
        <div className="form-field">
          <label htmlFor={id}>{label}</label>
          <input id={id} type="text" value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value || undefined)} data-testid={`prop-${descriptor.name}`} />
        </div>
      );
    case 'choice-display':
      return (
        <fieldset>
          <legend>{label}</legend>
          {(['radio', 'dropdown'] as const).map((display) => (
            <div className="form-check" key={display}>
              <input
                id={`${id}-${display}`}
                type="radio"
                name={id}
                checked={(value ?? 'radio') === display}
                onChange={() => onChange(display)}
              />
              <label htmlFor={`${id}-${display}`}>{t(`designer.properties.display.${display}`)}</label>
            </div>
          ))}
        </fieldset>
      );
    case 'pattern':
      return <PatternInput id={id} label={label} value={value as PatternChoice | undefined} onChange={onChange} />;
    case 'options':
      return <OptionsInput label={label} options={(value as ChoiceOption[] | undefined) ?? []} onChange={onChange} />;
    case 'file-types': {
      const chosen = new Set((value as string[] | undefined) ?? []);
      return (
        <fieldset>
          <legend>
            {label}
            {mandatory}
          </legend>
          {FILE_TYPES.map((type) => (
            <div className="form-check" key={type.mediaType}>
              <input
                id={`${id}-${type.mediaType}`}
                type="checkbox"
                checked={chosen.has(type.mediaType)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(type.mediaType);
                  else next.delete(type.mediaType);
                  onChange(FILE_TYPES.map((f) => f.mediaType).filter((m) => next.has(m)));
                }}
              />
              <label htmlFor={`${id}-${type.mediaType}`}>{textIn(type.label, language)}</label>
            </div>
          ))}
        </fieldset>
      );
    }
    case 'prefill-attribute': {
      const prefill = value as FieldProperties['prefill'];
      return (
        <fieldset>
          <legend>{label}</legend>
          <div className="form-field">
            <label htmlFor={id}>{t('designer.properties.prefillAttribute')}</label>
            <select
              id={id}
              value={prefill?.attribute ?? ''}
              onChange={(e) =>
                onChange(e.target.value ? { attribute: e.target.value as (typeof POPULATION_REGISTER_ATTRIBUTES)[number], editable: prefill?.editable ?? true } : undefined)
              }
              data-testid="prop-prefill"
            >
              <option value="">{t('designer.properties.prefillNone')}</option>
              {POPULATION_REGISTER_ATTRIBUTES.map((a) => (
                <option key={a} value={a}>
                  {t(`designer.properties.attributes.${a}`)}
                </option>
              ))}
            </select>
          </div>
          {prefill && (
            <div className="form-check">
              <input id={`${id}-editable`} type="checkbox" checked={prefill.editable} onChange={(e) => onChange({ ...prefill, editable: e.target.checked })} />
              <label htmlFor={`${id}-editable`}>{t('designer.properties.prefillEditable')}</label>
            </div>
          )}
        </fieldset>
      );
    }
    case 'booking':
      return value ? <BookingSettings id={id} label={label} config={value as BookingConfig} onChange={onChange} /> : null;
    default:
      return null;
  }
}

function PatternInput({ id, label, value, onChange }: { id: string; label: string; value: PatternChoice | undefined; onChange: (v: Value) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const selected = !value ? '' : 'preset' in value ? value.preset : 'custom';
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={selected}
        data-testid="prop-pattern"
        onChange={(e) => {
          const choice = e.target.value;
          onChange(choice === '' ? undefined : choice === 'custom' ? { custom: '' } : ({ preset: choice } as PatternChoice));
        }}
      >
        <option value="">{t('designer.properties.patternNone')}</option>
        {PATTERN_PRESETS.map((preset) => (
          <option key={preset.id} value={preset.id}>
            {textIn(preset.label, language)}
          </option>
        ))}
        <option value="custom">{t('designer.properties.patternCustom')}</option>
      </select>
      {value && 'custom' in value && (
        <>
          <label htmlFor={`${id}-custom`}>{t('designer.properties.patternRegex')}</label>
          <input id={`${id}-custom`} type="text" spellCheck={false} value={value.custom} onChange={(e) => onChange({ custom: e.target.value })} />
        </>
      )}
    </div>
  );
}

/**
 * The options as text, one a line (a list pasted from a letter or a spreadsheet), Swedish and
 * English side by side, line by line; the stored values, made from the Swedish texts, are kept
 * under a disclosure for the designer who needs their own (a connector's codes).
 */
function OptionsInput({ label, options, onChange }: { label: string; options: ChoiceOption[]; onChange: (v: Value) => void }) {
  const { t } = useTranslation();
  const hintId = useId();
  const [lines, setLines] = useOptionLines(options);
  const change = (next: { sv: string; en: string }) => {
    setLines(next);
    onChange(withOptionLines(options, next.sv, next.en));
  };
  const rows = Math.max(3, options.length + 1);
  return (
    <fieldset className="designer-options">
      <legend>
        {label}
        <span aria-hidden="true"> *</span>
      </legend>
      <p className="hint" id={hintId}>
        {t('designer.properties.optionLinesHint')}
      </p>
      <div className="form-field">
        <label htmlFor="designer-options-sv">{t('designer.properties.optionLinesSv')}</label>
        <textarea id="designer-options-sv" rows={rows} required aria-describedby={hintId} value={lines.sv} onChange={(e) => change({ ...lines, sv: e.target.value })} />
      </div>
      <div className="form-field">
        <label htmlFor="designer-options-en">{t('designer.properties.optionLinesEn')}</label>
        <textarea id="designer-options-en" rows={rows} aria-describedby={hintId} value={lines.en} onChange={(e) => change({ ...lines, en: e.target.value })} />
      </div>
      <details>
        <summary>{t('designer.properties.optionValues')}</summary>
        <p className="hint">{t('designer.properties.optionValuesHint')}</p>
        <ol>
          {options.map((option, index) => (
            <li key={index} className="form-field">
              <label htmlFor={`designer-option-${index + 1}-value`}>{t('designer.properties.optionValue', { text: option.label.sv })}</label>
              <input
                id={`designer-option-${index + 1}-value`}
                type="text"
                spellCheck={false}
                value={option.value}
                onChange={(e) => onChange(options.map((o, i) => (i === index ? { ...o, value: e.target.value } : o)))}
              />
            </li>
          ))}
        </ol>
      </details>
    </fieldset>
  );
}

/**
 * The option boxes' texts: what the designer typed (blank lines, spaces and all) while it still
 * gives these options, the options' own lines once they changed elsewhere (undo, another field).
 */
function useOptionLines(options: ChoiceOption[]) {
  const own = () => ({ sv: optionLines(options, 'sv'), en: optionLines(options, 'en') });
  const [typed, setTyped] = useState(own);
  const inStep = JSON.stringify(withOptionLines(options, typed.sv, typed.en)) === JSON.stringify(options);
  return [inStep ? typed : own(), setTyped] as const;
}

const OFFSET_UNITS = ['days', 'months', 'years'] as const;

/**
 * A date limit counted from the day of applying, as an amount of one unit ("4 months"); negative
 * counts back (a birth date at least 18 years ago). Empty amount: no limit.
 */
function DateOffsetInput({ id, label, value, onChange }: { id: string; label: string; value: DateOffset | undefined; onChange: (value: Value) => void }) {
  const { t } = useTranslation();
  const unit = OFFSET_UNITS.find((u) => value?.[u] !== undefined) ?? 'months';
  const amount = value?.[unit];
  const set = (nextAmount: number | undefined, nextUnit: (typeof OFFSET_UNITS)[number]) =>
    onChange(nextAmount === undefined || !Number.isInteger(nextAmount) ? undefined : { [nextUnit]: nextAmount });
  return (
    <fieldset className="designer-date-offset">
      <legend>{label}</legend>
      <div className="form-field">
        <label htmlFor={`${id}-amount`}>{t('designer.properties.offsetAmount')}</label>
        <input
          id={`${id}-amount`}
          type="number"
          step={1}
          value={amount ?? ''}
          onChange={(e) => set(numberOrUndefined(e.target.value), unit)}
          data-testid={`prop-${id.replace('designer-prop-', '')}-amount`}
        />
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-unit`}>{t('designer.properties.offsetUnit')}</label>
        <select id={`${id}-unit`} value={unit} onChange={(e) => set(amount, e.target.value as (typeof OFFSET_UNITS)[number])}>
          {OFFSET_UNITS.map((u) => (
            <option key={u} value={u}>
              {t(`designer.properties.offsetUnits.${u}`)}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
