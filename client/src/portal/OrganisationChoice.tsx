import { isOrganisationsnummer } from '@etjanst/schemas';
import { forwardRef, useId } from 'react';
import { useTranslation } from 'react-i18next';

export interface OrganisationApplicant {
  /** The citizen applies for a company or an association */
  forOrganisation: boolean;
  number: string;
  /** Show the error (after leaving the field or trying to submit) */
  showError: boolean;
}

export const NO_ORGANISATION: OrganisationApplicant = { forOrganisation: false, number: '', showError: false };

/** NNNNNN-NNNN from what was typed (spaces and a missing hyphen are fine); undefined when not valid. */
export function organisationNumberOf(value: string): string | undefined {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return undefined;
  const formatted = `${digits.slice(0, 6)}-${digits.slice(6)}`;
  return isOrganisationsnummer(formatted) ? formatted : undefined;
}

interface OrganisationChoiceProps {
  value: OrganisationApplicant;
  onChange: (value: OrganisationApplicant) => void;
  /** The server refused the number */
  serverError?: boolean;
}

/** "Jag ansöker för ett företag eller en förening" and, when ticked, the organisation number. */
export const OrganisationChoice = forwardRef<HTMLInputElement, OrganisationChoiceProps>(function OrganisationChoice(
  { value, onChange, serverError = false },
  inputRef,
) {
  const { t } = useTranslation();
  const checkboxId = useId();
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const invalid = value.forOrganisation && ((value.showError && !organisationNumberOf(value.number)) || serverError);
  return (
    <fieldset className="organisation-choice" data-testid="organisation-choice">
      <legend>{t('organisation.legend')}</legend>
      <div className="choice-row">
        <input
          id={checkboxId}
          type="checkbox"
          checked={value.forOrganisation}
          aria-controls={value.forOrganisation ? inputId : undefined}
          aria-expanded={value.forOrganisation}
          data-testid="organisation-checkbox"
          onChange={(event) => onChange({ ...value, forOrganisation: event.target.checked, showError: false })}
        />
        <label htmlFor={checkboxId}>{t('organisation.applyForOrganisation')}</label>
      </div>
      {value.forOrganisation && (
        <div className={`form-group${invalid ? ' has-error' : ''}`}>
          <label htmlFor={inputId}>
            {t('organisation.number')}
            <span className="required" aria-hidden="true">
              *
            </span>
          </label>
          <p id={hintId} className="field-hint">
            {t('organisation.hint')}
          </p>
          <input
            ref={inputRef}
            id={inputId}
            className="form-control organisation-number"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            required
            aria-required="true"
            aria-invalid={invalid}
            aria-describedby={invalid ? `${hintId} ${errorId}` : hintId}
            data-testid="organisation-number"
            value={value.number}
            onChange={(event) => onChange({ ...value, number: event.target.value, showError: false })}
            onBlur={() => onChange({ ...value, showError: value.number.trim() !== '' })}
          />
          {invalid && (
            <p id={errorId} className="field-error" data-testid="organisation-number-error">
              {t('organisation.invalid')}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
});
