import { collectFieldPaths, DEFAULT_THEME, definitionFormatJsonSchema, isJsonObject, type JsonSchemaObject } from '@etjanst/schemas';
import { deepEquals, type RJSFSchema, type UiSchema } from '@rjsf/utils';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { rjsfStrings } from '../../portal/formValidation';
import { compilingValidator } from '../compilingValidator';
import { PortalForm, type PortalFormContext } from '../../portal/theme';
import { useLanguage } from '../../shared/i18n';
import type { Apply } from '../Designer';
import { fieldLabel } from '../labels';
import type { Definition } from '../model';
import { RetentionPeriodWidget } from './RetentionPeriodWidget';

/** The definition sections the settings tab edits with a form generated from the format's JSON Schema. */
export const FORM_SECTIONS = ['catalogue', 'personalData', 'signing', 'receipt', 'accessibility', 'theme', 'benefit'] as const;
export type FormSection = (typeof FORM_SECTIONS)[number];
/** Sections the format lets a definition leave out: an emptied form removes them rather than leaving an empty, invalid shell. */
const OPTIONAL_SECTIONS: ReadonlySet<FormSection> = new Set(['accessibility', 'theme']);

type TitleKey = 'designer.settings.fields.title';
/** An absent optional section as the form's data: rjsf keeps its own last data when given none, which undo must not leave behind. */
const ABSENT: Record<string, unknown> = {};
const DEFAULTS_NEVER = { constAsDefaults: 'never', emptyObjectFields: 'skipDefaults' } as const;

/**
 * A section's part of the format's JSON Schema, with Swedish/English titles and choice labels
 * from the UI texts: by property name, or by `sectionFields.<section>.<name>` where a name means
 * something else in that section (the accessibility contact's `email`, the theme's `text`).
 */
function sectionSchema(section: FormSection, t: TFunction): JsonSchemaObject {
  const root = definitionFormatJsonSchema() as JsonSchemaObject & { properties: Record<string, JsonSchemaObject> };
  const title = (name: string) => t([`designer.settings.sectionFields.${section}.${name}`, `designer.settings.fields.${name}`] as unknown as TitleKey, { defaultValue: name });
  const titled = (node: JsonSchemaObject, name: string): JsonSchemaObject => {
    const result: JsonSchemaObject = { ...node, title: title(name) };
    delete result.description;
    if (isJsonObject(node.properties)) {
      result.properties = Object.fromEntries(Object.entries(node.properties).map(([key, child]) => [key, titled(child as JsonSchemaObject, key)]));
    }
    if (isJsonObject(node.items)) result.items = titled(node.items, `${name}Item`);
    if (Array.isArray(node.anyOf) && node.anyOf.every((o) => isJsonObject(o) && 'const' in o)) {
      // a choice of constants: rjsf shows it as one select when the type is stated
      result.type = typeof (node.anyOf[0] as JsonSchemaObject).const === 'number' ? 'number' : 'string';
      result.anyOf = node.anyOf.map((o) => ({ ...(o as JsonSchemaObject), title: t(`designer.settings.choices.${String((o as JsonSchemaObject).const)}` as 'designer.settings.choices.open', { defaultValue: String((o as JsonSchemaObject).const) }) }));
    }
    return result;
  };
  const { title: _title, ...schema } = titled(root.properties[section]!, section);
  return schema;
}

/** The form's fields of one format, as choices labelled by the fields' labels (undefined when there are none). */
function fieldChoices(definition: Definition, format: string, language: 'sv' | 'en'): JsonSchemaObject[] | undefined {
  const choices = [...collectFieldPaths(definition.form.schema)]
    .filter(([, schema]) => schema.format === format)
    .map(([path]) => ({ const: path, title: `${fieldLabel(definition, path, language)} (${path})` }));
  return choices.length > 0 ? choices : undefined;
}

/** Where the format names a field (co-signers' personnummer, the receipt's e-mail), a choice of the form's fields of that kind. */
function withFieldChoices(section: FormSection, schema: JsonSchemaObject, definition: Definition, language: 'sv' | 'en'): JsonSchemaObject {
  const at = (property: string, format: string, inItems: boolean): JsonSchemaObject => {
    const choices = fieldChoices(definition, format, language);
    const properties = schema.properties as Record<string, JsonSchemaObject>;
    const node = properties[property]!;
    if (!choices) return schema;
    const choice = { type: 'string', oneOf: choices };
    return { ...schema, properties: { ...properties, [property]: inItems ? { ...node, items: { ...(node.items as JsonSchemaObject), ...choice }, uniqueItems: true } : { ...node, ...choice } } };
  };
  if (section === 'signing') return at('coSignerFields', 'personnummer', true);
  if (section === 'receipt') return at('emailField', 'email', false);
  return schema;
}

/** What a section's fields need beyond the schema: the theme's colours say which the platform's default is. */
function sectionUiSchema(section: FormSection, t: TFunction): UiSchema {
  const ui: UiSchema = { 'ui:submitButtonOptions': { norender: true } };
  if (section === 'theme') {
    for (const [name, colour] of Object.entries(DEFAULT_THEME)) ui[name] = { 'ui:help': t('designer.settings.theme.help', { colour }) };
  }
  if (section === 'accessibility') ui.nonAccessibleContent = { 'ui:options': { itemNoun: t('designer.settings.accessibility.itemNoun') } };
  if (section === 'personalData') ui.retention = { period: { 'ui:widget': RetentionPeriodWidget } };
  return ui;
}

/** Whether a value holds anything at all: an added list item does, an object of empty fields does not. */
const holdsAnything = (value: unknown): boolean =>
  Array.isArray(value) ? value.length > 0 : isJsonObject(value) ? Object.values(value).some(holdsAnything) : value !== undefined && value !== '';

export function SectionForm({ section, definition, apply }: { section: FormSection; definition: Definition; apply: Apply }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const formSchema = definition.form.schema;
  const texts = definition.form.texts;
  const schema = useMemo(
    () => withFieldChoices(section, sectionSchema(section, t), definition, language) as RJSFSchema,
    // the choices follow the form's fields and labels (what they read of the definition), not every settings keystroke
    [section, t, formSchema, texts, language],
  );
  const formContext = useMemo<PortalFormContext>(() => ({ language, errorSummaryId: `settings-${section}-errors`, prefilled: {} }), [language, section]);
  const uiSchema = useMemo(() => sectionUiSchema(section, t), [section, t]);
  const translateString = useMemo(() => rjsfStrings(t), [t]);
  return (
    <PortalForm
      idPrefix={`settings-${section}`}
      schema={schema}
      uiSchema={uiSchema}
      formData={(definition[section] as Record<string, unknown> | undefined) ?? ABSENT}
      formContext={formContext}
      validator={compilingValidator}
      translateString={translateString}
      // opening a section never changes the draft: no defaults filled in, no first option of a
      // choice taken as chosen (a legal basis is the designer's explicit choice)
      experimental_defaultFormStateBehavior={DEFAULTS_NEVER}
      noHtml5Validate
      // typing in one field is one undo step
      onChange={(event, fieldId) => {
        const value = OPTIONAL_SECTIONS.has(section) && !holdsAnything(event.formData) ? undefined : event.formData;
        apply((d) => {
          // rjsf also reports the defaults it fills in: no change, no undo step
          if (deepEquals(d[section], value)) return d;
          const next = { ...d, [section]: value };
          if (value === undefined) delete next[section];
          return next;
        }, `settings:${fieldId ?? section}`);
      }}
    />
  );
}
