import { ATTACHMENT_FORMAT, RANKING_WIDGET } from '@etjanst/schemas';
import {
  enumOptionSelectedValue,
  enumOptionsDeselectValue,
  enumOptionsIsSelected,
  enumOptionsSelectValue,
  enumOptionValueDecoder,
  enumOptionValueEncoder,
  getInputProps,
  getOptionValueFormat,
  optionId,
  schemaRequiresTrueValue,
  type RegistryWidgetsType,
  type RJSFSchema,
  type WidgetProps,
} from '@rjsf/utils';
import type { ChangeEvent } from 'react';
import type { Answers } from '../portalApi';
import { AttachmentWidget } from './AttachmentWidget';
import { RankingWidget } from './RankingWidget';
import { describedBy, hasErrors } from './ids';
import { RequiredMark } from './RequiredMark';
import { languageOf, prefilledOf, themeTexts, type PortalFormContext } from './texts';

type Props = WidgetProps<Answers, RJSFSchema, PortalFormContext>;

/** aria-invalid and aria-describedby for a widget, naming only the texts that are shown. */
function ariaOf({ id, options, schema, rawErrors, hideError, hideLabel, registry }: Props) {
  const invalid = hasErrors(rawErrors, hideError);
  return {
    'aria-invalid': invalid ? (true as const) : undefined,
    'aria-describedby': describedBy(id, {
      help: options.help,
      description: !hideLabel && (options.description ?? schema.description),
      prefill: prefilledOf(registry.formContext, id),
      rawErrors,
      hideError,
    }),
  };
}

const controlClass = (props: Props): string =>
  `form-control${hasErrors(props.rawErrors, props.hideError) ? ' form-control-error' : ''}`;

/** The <input> of text, e-mail, phone, date and number fields (rjsf's text-like widgets render through it). */
export function BaseInputTemplate(props: Props) {
  const { id, htmlName, value, readonly, disabled, autofocus, onBlur, onFocus, onChange, onChangeOverride } = props;
  const { options, schema, type, required, placeholder } = props;
  const inputProps = getInputProps<Answers, RJSFSchema, PortalFormContext>(schema, type, options);
  const numeric = inputProps.type === 'number' || inputProps.type === 'integer';
  const inputValue = numeric ? (value || value === 0 ? value : '') : (value ?? '');
  const handleChange = (event: ChangeEvent<HTMLInputElement>) =>
    onChange(event.target.value === '' ? options.emptyValue : event.target.value);
  return (
    <input
      id={id}
      name={htmlName || id}
      className={controlClass(props)}
      readOnly={readonly}
      disabled={disabled}
      autoFocus={autofocus}
      required={required}
      placeholder={placeholder || undefined}
      value={inputValue}
      {...inputProps}
      {...ariaOf(props)}
      onChange={onChangeOverride ?? handleChange}
      onBlur={(event) => onBlur(id, event.target.value)}
      onFocus={(event) => onFocus(id, event.target.value)}
    />
  );
}

export function TextareaWidget(props: Props) {
  const { id, htmlName, value, readonly, disabled, autofocus, onBlur, onFocus, onChange, options, required, placeholder } = props;
  return (
    <textarea
      id={id}
      name={htmlName || id}
      className={controlClass(props)}
      value={value ?? ''}
      readOnly={readonly}
      disabled={disabled}
      autoFocus={autofocus}
      required={required}
      placeholder={placeholder || undefined}
      rows={typeof options.rows === 'number' ? options.rows : 5}
      {...ariaOf(props)}
      onChange={(event) => onChange(event.target.value === '' ? options.emptyValue : event.target.value)}
      onBlur={(event) => onBlur(id, event.target.value)}
      onFocus={(event) => onFocus(id, event.target.value)}
    />
  );
}

/** A drop-down with a "Välj" option first, so nothing is chosen for the citizen. */
export function SelectWidget(props: Props) {
  const { id, htmlName, value, readonly, disabled, autofocus, onBlur, onFocus, onChange, options, required, placeholder, registry } = props;
  const { multiple = false } = props;
  const { enumOptions = [], enumDisabled, emptyValue } = options;
  const format = getOptionValueFormat(options);
  const valueOf = (select: HTMLSelectElement) =>
    multiple ? Array.from(select.selectedOptions, (option) => option.value) : select.value;
  const decode = (raw: string | string[]) => enumOptionValueDecoder(raw, enumOptions, format, emptyValue);
  const selected = enumOptionSelectedValue(value, enumOptions, multiple, format, multiple ? [] : '');
  // rjsf's choice between the alternatives of an anyOf/oneOf has no <label>: the field's label is
  // the alternative's input below, so the select is named here
  const alternatives = /__(any|one)of_select$/.test(id);
  return (
    <select
      id={id}
      aria-label={alternatives ? themeTexts(languageOf(registry.formContext)).kindOf(props.label) : undefined}
      name={htmlName || id}
      className={controlClass(props)}
      multiple={multiple}
      value={selected}
      required={required}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      {...ariaOf(props)}
      onChange={(event) => onChange(decode(valueOf(event.target)))}
      onBlur={(event) => onBlur(id, decode(valueOf(event.target)))}
      onFocus={(event) => onFocus(id, decode(valueOf(event.target)))}
    >
      {!multiple && <option value="">{placeholder || themeTexts(languageOf(registry.formContext)).choose}</option>}
      {enumOptions.map((option, index) => (
        <option
          key={String(option.value)}
          value={enumOptionValueEncoder(option.value, index, format)}
          disabled={Array.isArray(enumDisabled) && enumDisabled.includes(option.value)}
        >
          {option.label}
        </option>
      ))}
    </select>
  );
}

/**
 * The first choice of a group has the field's own id, so the error summary's link (#field) lands
 * on an input, as in the GOV.UK pattern; the others get rjsf's option ids.
 */
const choiceId = (id: string, index: number): string => (index === 0 ? id : optionId(id, index));

type EnumOption = NonNullable<Props['options']['enumOptions']>[number];

/**
 * A group of radio buttons or checkboxes, one labelled input per option; the first input has the
 * field's own id so the error summary can link to it. FieldTemplate puts the group in a fieldset
 * whose legend is the question.
 */
function ChoiceList(
  props: Props & { type: 'radio' | 'checkbox'; isChecked: (option: EnumOption) => boolean; onChoose: (option: EnumOption, index: number, checked: boolean) => void },
) {
  const { id, htmlName, readonly, disabled, autofocus, onBlur, onFocus, options, type, isChecked, onChoose } = props;
  const { enumOptions = [], enumDisabled, inline, emptyValue } = options;
  const format = getOptionValueFormat(options);
  const { 'aria-invalid': invalid } = ariaOf(props);
  const decode = (raw: string) => enumOptionValueDecoder(raw, enumOptions, format, emptyValue);
  return (
    <div className={`choices${inline ? ' choices-inline' : ''}`}>
      {enumOptions.map((option, index) => {
        const optionInputId = choiceId(id, index);
        return (
          <label key={String(option.value)} className="choice" htmlFor={optionInputId}>
            <input
              type={type}
              id={optionInputId}
              name={htmlName || id}
              value={enumOptionValueEncoder(option.value, index, format)}
              checked={isChecked(option)}
              required={type === 'radio' ? props.required : undefined}
              disabled={disabled || readonly || (Array.isArray(enumDisabled) && enumDisabled.includes(option.value))}
              autoFocus={autofocus && index === 0}
              aria-invalid={invalid}
              onChange={(event) => onChoose(option, index, event.target.checked)}
              onBlur={(event) => onBlur(id, decode(event.target.value))}
              onFocus={(event) => onFocus(id, decode(event.target.value))}
            />
            <span className="choice-label">{option.label}</span>
          </label>
        );
      })}
    </div>
  );
}

/** Radio buttons: one choice. */
export function RadioWidget(props: Props) {
  const { value, onChange } = props;
  return <ChoiceList {...props} type="radio" isChecked={(option) => enumOptionsIsSelected(option.value, value)} onChoose={(option) => onChange(option.value)} />;
}

/** Checkboxes for a list of choices (an array of enum values). */
export function CheckboxesWidget(props: Props) {
  const { value, onChange, options } = props;
  const enumOptions = options.enumOptions ?? [];
  const values: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return (
    <ChoiceList
      {...props}
      type="checkbox"
      isChecked={(option) => enumOptionsIsSelected(option.value, values as never)}
      onChoose={(_option, index, checked) =>
        onChange(checked ? enumOptionsSelectValue(index, values as never[], enumOptions) : enumOptionsDeselectValue(index, values as never[], enumOptions))
      }
    />
  );
}

/** One checkbox (a confirmation or consent) with its label beside it. */
export function CheckboxWidget(props: Props) {
  const { id, htmlName, value, readonly, disabled, autofocus, onBlur, onFocus, onChange, label, hideLabel, schema, required, registry } = props;
  const mustBeChecked = schemaRequiresTrueValue(schema) && required;
  return (
    <label className="choice choice-single" htmlFor={id}>
      <input
        type="checkbox"
        id={id}
        name={htmlName || id}
        checked={value === true}
        required={mustBeChecked}
        disabled={disabled || readonly}
        autoFocus={autofocus}
        aria-label={hideLabel ? label : undefined}
        {...ariaOf(props)}
        onChange={(event) => onChange(event.target.checked)}
        onBlur={(event) => onBlur(id, event.target.checked)}
        onFocus={(event) => onFocus(id, event.target.checked)}
      />
      {!hideLabel && (
        <span className="choice-label">
          {label}
          {mustBeChecked && <RequiredMark language={languageOf(registry.formContext)} />}
        </span>
      )}
    </label>
  );
}

export const portalWidgets: RegistryWidgetsType<Answers, RJSFSchema, PortalFormContext> = {
  CheckboxWidget,
  CheckboxesWidget,
  RadioWidget,
  SelectWidget,
  TextareaWidget,
  [ATTACHMENT_FORMAT]: AttachmentWidget,
  [RANKING_WIDGET]: RankingWidget,
};
