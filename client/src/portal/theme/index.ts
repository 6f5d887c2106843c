/**
 * The portal's own rjsf theme. rjsf's architecture: fields per schema type (rjsf's own are kept),
 * widgets per input control, templates for layout. This theme replaces the widgets and templates
 * that render citizen-facing markup, for accessible forms without Bootstrap:
 * - an error summary at the top of the step (GOV.UK pattern) whose links move focus to the fields;
 * - field errors in live regions, tied to the input with aria-describedby, and aria-invalid;
 * - aria-describedby naming only texts that exist (rjsf's default names absent error/help ids);
 * - radio and checkbox groups as fieldset + legend; required marked visibly and in the name;
 * - repeating groups with one fieldset per item and add/remove buttons that say what they do.
 */
import { withTheme } from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import type { Answers } from '../portalApi';
import { BookingField } from '../booking/BookingField';
import { ArrayField } from './ArrayField';
import { extensionWidgets } from './extensions';
import { InformationField } from './InformationField';
import { portalTemplates } from './templates';
import type { PortalFormContext } from './texts';
import { BaseInputTemplate } from './widgets';
import { portalWidgets } from './widgets';
import './theme.css';

export type { PortalFormContext } from './texts';

/** An earlier step's answer the step's conditions look at: part of the form data, never drawn. */
const EarlierAnswerField = () => null;

export const PortalForm = withTheme<Answers, RJSFSchema, PortalFormContext>({
  templates: { ...portalTemplates, BaseInputTemplate },
  widgets: { ...portalWidgets, ...extensionWidgets },
  // catalogue field types that are more than a widget (schemas/src/fields/catalogue: information,
  // and booking's slot picker in ../booking), and rjsf's ArrayField with its error schema for the
  // repeating group's template; earlierAnswer carries an earlier step's answer that a condition
  // looks at (stepUiSchema), shown nowhere
  fields: { information: InformationField, booking: BookingField, ArrayField, earlierAnswer: EarlierAnswerField },
});
