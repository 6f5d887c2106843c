import { descriptionId, errorId, helpId, toPath, type RJSFValidationError } from '@rjsf/utils';
import { revealField } from './rowPages';

interface DescribedByParts {
  /** Whether a help text is shown for the field */
  help?: unknown;
  /** Whether a description is shown for the field */
  description?: unknown;
  /** Whether the note saying where a prefilled value came from is shown */
  prefill?: unknown;
  rawErrors?: unknown[] | undefined;
  hideError?: boolean | undefined;
}

/** The id of the note under a prefilled field ("Hämtat från folkbokföringen"). */
export const prefillNoteId = (id: string): string => `${id}__prefill`;

export const hasErrors = (rawErrors: unknown[] | undefined, hideError?: boolean): boolean =>
  !hideError && Array.isArray(rawErrors) && rawErrors.length > 0;

/**
 * The ids of the texts that describe a field, only those the theme actually renders: rjsf's own
 * `ariaDescribedByIds` names error and help elements even when they do not exist.
 */
export function describedBy(id: string, parts: DescribedByParts): string | undefined {
  const ids: string[] = [];
  if (parts.description) ids.push(descriptionId(id));
  if (parts.help) ids.push(helpId(id));
  if (parts.prefill) ids.push(prefillNoteId(id));
  if (hasErrors(parts.rawErrors, parts.hideError)) ids.push(errorId(id));
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The id of the field an rjsf error belongs to: `.child.name` -> `<idPrefix>_child_name`. */
export function fieldIdOfError(error: RJSFValidationError, idPrefix: string, idSeparator: string): string {
  return [idPrefix, ...toPath(error.property ?? '')].filter((part) => part !== '').join(idSeparator);
}

const CONTROLS = 'input:not([type="hidden"]), select, textarea, button';

/**
 * Moves focus to a field from the error summary: the element with the id when it is a control,
 * otherwise the first control inside it (a group or repeating group). A field in a row on another
 * page of a long repeating group is shown first. Its label or legend is scrolled into view with
 * it, so the citizen sees what the field asks. `within` is the form's document (the designer's
 * preview draws the form in an iframe).
 */
export function focusField(within: Document, id: string): boolean {
  const target = within.getElementById(id) ?? (revealField(within, id) ? within.getElementById(id) : null);
  if (!target) return false;
  const control = target.matches(CONTROLS) ? target : target.querySelector<HTMLElement>(CONTROLS);
  if (!control) return false;
  const label =
    within.querySelector(`label[for="${CSS.escape(control.id)}"]`) ?? control.closest('fieldset')?.querySelector('legend');
  (label ?? control).scrollIntoView({ block: 'start' });
  control.focus({ preventScroll: true });
  return true;
}
