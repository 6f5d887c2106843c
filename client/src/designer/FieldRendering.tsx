import { arrayItems, localizeForm, type JsonSchemaObject, type Language } from '@etjanst/schemas';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { rjsfStrings } from '../portal/formValidation';
import type { Answers } from '../portal/portalApi';
import { DEFAULT_FORM_STATE, drawnUiSchema } from '../portal/StepForm';
import { PortalForm, type PortalFormContext } from '../portal/theme';
import { compilingValidator } from './compilingValidator';
import { fieldCalculation, fieldProperties, type Definition } from './model';
import { fieldAt, nameOf, uiNodeAt } from './model/form-tree';

export const GROUP_TYPES = new Set(['group', 'repeating-group']);

/** Where a group's picture leaves room for its fields, which the canvas draws there as fields of their own (GroupFieldsInPlace) */
export const GROUP_SLOT_CLASS = 'designer-group-slot';
const SLOT_FIELD = 'designerGroupSlot';
const GroupSlot = () => <div className={GROUP_SLOT_CLASS} />;
const SLOT_FIELDS = { [SLOT_FIELD]: GroupSlot };

/** The form in one language, once per edit (every field's picture reads it). */
const localized = new WeakMap<Definition['form'], Partial<Record<Language, Definition['form']>>>();
function localizedForm(form: Definition['form'], language: Language) {
  const byLanguage = localized.get(form) ?? {};
  localized.set(form, byLanguage);
  return (byLanguage[language] ??= { ...form, ...localizeForm(form, language) });
}

/** A group's own part of its schema: its title, help and limits, not its fields. */
function withoutFields({ properties: _p, required: _r, allOf: _a, dependencies: _d, if: _i, then: _t, else: _e, ...own }: JsonSchemaObject): JsonSchemaObject {
  return own;
}

/**
 * What the portal is given to draw one field (a one-field form: its schema, uiSchema and data),
 * as JSON ('' for a path the form lacks): the canvas draws a field again only when this changes.
 * A group is drawn without its fields, with room for them (a repeating group with one row); a
 * calculated field is read-only, as in the portal.
 */
export function fieldPicture(definition: Definition, path: string, language: Language): string {
  const form = localizedForm(definition.form, language);
  const at = fieldAt(form.schema, path);
  if (!at) return '';
  const name = nameOf(path);
  let schema = at.schema;
  let ui = uiNodeAt(form, path, false) ?? {};
  let data: unknown;
  const typeId = fieldProperties(definition, path)?.typeId;
  if (typeId && GROUP_TYPES.has(typeId)) {
    const items = arrayItems(schema);
    if (items) {
      const { minItems: _, ...group } = schema;
      schema = { ...group, items: { ...withoutFields(items), properties: {} } };
      ui = { ...ui, items: { 'ui:field': SLOT_FIELD } };
      data = [{}];
    } else {
      schema = { ...withoutFields(schema), properties: { slot: { type: 'object' } } };
      ui = { ...ui, slot: { 'ui:field': SLOT_FIELD } };
    }
  }
  const required = Array.isArray(at.declarer.required) && at.declarer.required.includes(name);
  const oneField: JsonSchemaObject = { type: 'object', properties: { [name]: schema }, required: required ? [name] : [] };
  const uiSchema = drawnUiSchema({ [name]: ui, 'ui:submitButtonOptions': { norender: true } }, oneField, fieldCalculation(definition, path) ? [name] : [], definition.form.fields);
  return JSON.stringify({ schema: oneField, uiSchema, formData: data === undefined ? {} : { [name]: data } });
}

interface FieldRenderingProps {
  /** fieldPicture's JSON */
  picture: string;
  language: Language;
  /** Makes the picture's element ids unique on the page */
  idPrefix: string;
}

/**
 * A field drawn by the portal's own form components, as the citizen sees it. It is a picture,
 * not a control: inert (not focusable, not clickable, not submittable) and hidden from assistive
 * technology, which gets the field's select button instead. Drawn again only when the field
 * changes, so editing one field of a long form does not draw the others.
 */
export const FieldRendering = memo(function FieldRendering({ picture, language, idPrefix }: FieldRenderingProps) {
  const { t } = useTranslation();
  const drawn = useMemo(() => (picture ? (JSON.parse(picture) as { schema: RJSFSchema; uiSchema: UiSchema<Answers>; formData: Answers }) : undefined), [picture]);
  const formContext = useMemo<PortalFormContext>(() => ({ language, errorSummaryId: `${idPrefix}-errors` }), [language, idPrefix]);
  const translateString = useMemo(() => rjsfStrings(t), [t]);
  if (!drawn) return null;
  return (
    <div className="designer-field-picture" inert aria-hidden="true">
      <PortalForm
        tagName="div"
        idPrefix={idPrefix}
        formContext={formContext}
        schema={drawn.schema}
        uiSchema={drawn.uiSchema}
        formData={drawn.formData}
        validator={compilingValidator}
        fields={SLOT_FIELDS}
        noHtml5Validate
        showErrorList={false}
        experimental_defaultFormStateBehavior={DEFAULT_FORM_STATE}
        translateString={translateString}
      />
    </div>
  );
});
