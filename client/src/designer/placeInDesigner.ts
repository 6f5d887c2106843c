import { SETTINGS_SECTIONS as SECTION_NAMES, type SettingsSection } from '@etjanst/schemas';
import { FIELD_LIST_HEADING_ID, LABEL_INPUT_ID, stepButtonId } from './focus';
import { fieldOfProblem, type Definition } from './model';

/** The designer's settings sections, in the order of the settings tab. */
export const SETTINGS_SECTIONS = Object.keys(SECTION_NAMES) as SettingsSection[];

/** Where in the designer something is fixed: the tab, the step or field to choose, the settings section, and the control to focus. */
export type DesignerPlace =
  | { tab: 'form'; stepId?: string; field?: string; focus: string[] }
  | { tab: 'settings'; section: SettingsSection; focus: string[] };

/** Something to fix: where it is found, and (a requirement) the part of the definition it is about. */
export interface Located {
  pointer: string;
  concerns?: string;
}

export const SETTINGS_HEADING_ID = 'designer-settings-heading';
const CONTROL = ':is(input, select, textarea):not([type=hidden]):not([disabled])';
const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
const isSection = (name: string | undefined): name is SettingsSection => SETTINGS_SECTIONS.includes(name as SettingsSection);

/** The settings section a finding belongs to: its place's, or (a field collecting personal data without e-ID) the part it is about. */
export function sectionOf({ pointer, concerns }: Located): SettingsSection | undefined {
  const [own] = pointer.split('/').slice(1);
  if (isSection(own)) return own;
  const [about] = (concerns ?? '').split('/').slice(1);
  return pointer.startsWith('/form') ? undefined : isSection(about) ? about : undefined;
}

/**
 * Where the designer shows a finding's place, and which controls to focus there, best first (CSS
 * selectors): a setting's input by rjsf's id (`settings-personalData_purpose_sv`), a field's
 * property input in the property panel, a step's button, else the section's or list's heading.
 */
export function placeInDesigner(definition: Definition, located: Located): DesignerPlace {
  const section = sectionOf(located);
  const segments = located.pointer.split('/').slice(1).map(unescape);
  if (section) {
    const own = segments[0] === section ? segments : [section];
    const rjsf = own.map((s) => s.replace(/[^A-Za-z0-9_-]/g, '')).join('_');
    const focus =
      section === 'access'
        ? [`#access-${definition.access.login}`]
        : section === 'delivery'
          ? own[1] === 'connectors' && own[2] !== undefined
            ? [`#connector-${own[2]}-legend`, `[data-testid="connector-${definition.delivery.connectors[Number(own[2])]?.id ?? ''}"] ${CONTROL}`]
            : ['#connector-new-type']
          : [`${CONTROL}[id="settings-${rjsf}"]`, `${CONTROL}[id^="settings-${rjsf}_"]`, `${CONTROL}[id^="settings-${section}"]`];
    return { tab: 'settings', section, focus: [...focus, `#${SETTINGS_HEADING_ID}`] };
  }
  const field = fieldOfProblem(definition, located);
  if (field !== undefined) {
    const stepId = definition.form.steps.find((s) => s.fields.includes(field.split('.')[0]!))?.id;
    // a text of the field (`/form/texts/x/help/en`) has its own input in the property panel
    const [, section, , property, language] = segments;
    const own = section === 'texts' && property ? [`#designer-prop-${property}-${language ?? 'sv'}`, `[id^="designer-prop-${property}"]`] : [];
    return { tab: 'form', stepId, field, focus: [...own, `#${LABEL_INPUT_ID}`] };
  }
  const step = /^\/form\/steps\/(\d+)(\/|$)/.exec(located.pointer);
  const stepId = step ? definition.form.steps[Number(step[1])]?.id : undefined;
  if (stepId) return { tab: 'form', stepId, focus: segments[3] === 'fields' ? [`#${FIELD_LIST_HEADING_ID}`] : [`#${stepButtonId(stepId)}`] };
  return { tab: 'form', focus: [`#${FIELD_LIST_HEADING_ID}`] };
}

/** How many frames to wait at most for the place to be rendered (a tab switch, rjsf's form). */
const FRAMES = 30;

/** Focuses the first of `selectors` that is on the page, waiting a few frames for it to render. */
export function focusPlace(selectors: readonly string[], frames = FRAMES): void {
  requestAnimationFrame(() => {
    const element = selectors.map((s) => document.querySelector<HTMLElement>(s)).find((e) => e !== null);
    if (!element) {
      if (frames > 0) focusPlace(selectors, frames - 1);
      return;
    }
    element.scrollIntoView({ block: 'center' });
    element.focus();
  });
}
