/** Element ids the designer moves focus to after an edit re-renders the lists. */
export const fieldButtonId = (path: string) => `designer-field-${path}`;
export const fieldMenuId = (path: string) => `designer-field-${path}-menu`;
export const stepButtonId = (id: string) => `designer-step-${id}`;
export const FIELD_LIST_HEADING_ID = 'designer-fields-heading';
export const LABEL_INPUT_ID = 'designer-prop-label-sv';
/** The canvas (the chosen step's fields), the skip link's target */
export const CANVAS_ID = 'designer-canvas';

/** Focuses an element once React has committed the edit that creates or moves it. */
export function focusSoon(id: string): void {
  setTimeout(() => {
    const element = document.getElementById(id);
    element?.focus();
    // a new field's label is selected, so typing replaces the placeholder text
    if (element instanceof HTMLInputElement && element.type === 'text') element.select();
  }, 0);
}
