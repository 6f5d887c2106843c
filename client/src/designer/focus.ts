/** Element ids the designer moves focus to after an edit re-renders the lists. */
export const fieldButtonId = (path: string) => `designer-field-${path}`;
export const stepButtonId = (id: string) => `designer-step-${id}`;
export const FIELD_LIST_HEADING_ID = 'designer-fields-heading';
export const LABEL_INPUT_ID = 'designer-prop-label-sv';

/** Focuses an element once React has committed the edit that creates or moves it. */
export function focusSoon(id: string): void {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}
