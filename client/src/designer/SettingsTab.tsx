import {
  collectFieldPaths,
  CONNECTOR_TYPES,
  definitionFormatJsonSchema,
  isJsonObject,
  type DefinitionProblem,
  type JsonSchemaObject,
} from '@etjanst/schemas';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rjsfStrings, validator } from '../portal/formValidation';
import { PortalForm, type PortalFormContext } from '../portal/theme';
import { useLanguage } from '../shared/i18n';
import type { Apply } from './Designer';
import { fieldLabel } from './labels';
import type { Definition } from './model';

/** The definition sections the settings tab edits with a generated form, in order. */
const FORM_SECTIONS = ['catalogue', 'personalData', 'signing', 'receipt', 'benefit'] as const;
type FormSection = (typeof FORM_SECTIONS)[number];
const SECTIONS = ['catalogue', 'access', 'personalData', 'signing', 'receipt', 'delivery', 'benefit'] as const;
type Section = (typeof SECTIONS)[number];

type Props = { definition: Definition; problems: DefinitionProblem[]; apply: Apply };

/** Everything about the e-service except the form: one section at a time, each written straight into the draft. */
export function SettingsTab({ definition, problems, apply }: Props) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [section, setSection] = useState<Section>('catalogue');
  const sectionProblems = problems.filter((p) => p.pointer === `/${section}` || p.pointer.startsWith(`/${section}/`));
  return (
    <div className="designer-settings">
      <nav aria-label={t('designer.settings.sections')}>
        <ul>
          {SECTIONS.map((name) => (
            <li key={name}>
              <button type="button" className="btn btn-secondary" aria-pressed={section === name} onClick={() => setSection(name)} data-testid={`settings-${name}`}>
                {t(`designer.settings.titles.${name}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="designer-settings-heading">
        <h2 id="designer-settings-heading">{t(`designer.settings.titles.${section}`)}</h2>
        {sectionProblems.length > 0 && (
          <div className="problem" role="alert">
            <ul>
              {sectionProblems.map((p) => (
                <li key={p.pointer + p.code}>{p.message[language]}</li>
              ))}
            </ul>
          </div>
        )}
        {section === 'access' ? (
          <AccessSettings definition={definition} apply={apply} />
        ) : section === 'delivery' ? (
          <DeliverySettings key={JSON.stringify(definition.delivery)} definition={definition} apply={apply} />
        ) : (
          <SectionForm section={section} definition={definition} apply={apply} />
        )}
      </section>
    </div>
  );
}

/** A section's part of the format's JSON Schema, with Swedish/English titles and choice labels from the UI texts. */
function sectionSchema(section: FormSection, t: TFunction): JsonSchemaObject {
  const root = definitionFormatJsonSchema() as JsonSchemaObject & { properties: Record<string, JsonSchemaObject> };
  const titled = (node: JsonSchemaObject, name: string): JsonSchemaObject => {
    const result: JsonSchemaObject = { ...node, title: t(`designer.settings.fields.${name}` as 'designer.settings.fields.title', { defaultValue: name }) };
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

function SectionForm({ section, definition, apply }: { section: FormSection; definition: Definition; apply: Apply }) {
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
  const uiSchema = useMemo<UiSchema>(() => ({ 'ui:submitButtonOptions': { norender: true } }), []);
  const translateString = useMemo(() => rjsfStrings(t), [t]);
  return (
    <PortalForm
      idPrefix={`settings-${section}`}
      schema={schema}
      uiSchema={uiSchema}
      formData={definition[section] as Record<string, unknown>}
      formContext={formContext}
      validator={validator}
      translateString={translateString}
      noHtml5Validate
      onChange={(event) => apply((d) => ({ ...d, [section]: event.formData }), `settings:${section}`)}
    />
  );
}

function AccessSettings({ definition, apply }: { definition: Definition; apply: Apply }) {
  const { t } = useTranslation();
  const { access } = definition;
  const set = (next: Definition['access']) => apply((d) => ({ ...d, access: next }), 'settings:access');
  return (
    <>
      <fieldset>
        <legend>{t('designer.settings.access.login')}</legend>
        <div className="form-check">
          <input id="access-none" type="radio" name="access-login" checked={access.login === 'none'} onChange={() => set({ login: 'none' })} />
          <label htmlFor="access-none">{t('designer.settings.access.none')}</label>
        </div>
        <div className="form-check">
          <input id="access-eid" type="radio" name="access-login" checked={access.login === 'eid'} onChange={() => set({ login: 'eid', levelOfAssurance: 3, companyRepresentative: false })} />
          <label htmlFor="access-eid">{t('designer.settings.access.eid')}</label>
        </div>
      </fieldset>
      {access.login === 'eid' && (
        <>
          <div className="form-field">
            <label htmlFor="access-loa">{t('designer.settings.access.levelOfAssurance')}</label>
            <select id="access-loa" value={access.levelOfAssurance} onChange={(e) => set({ ...access, levelOfAssurance: Number(e.target.value) === 2 ? 2 : 3 })}>
              <option value={2}>{t('designer.settings.access.loa', { level: 2 })}</option>
              <option value={3}>{t('designer.settings.access.loa', { level: 3 })}</option>
            </select>
          </div>
          <div className="form-check">
            <input id="access-company" type="checkbox" checked={access.companyRepresentative} onChange={(e) => set({ ...access, companyRepresentative: e.target.checked })} />
            <label htmlFor="access-company">{t('designer.settings.access.companyRepresentative')}</label>
          </div>
        </>
      )}
    </>
  );
}

type ConnectorDraft = { type: string; id: string; options: string };

/** The delivery connectors: type, id and options as JSON (the connector plugins check the options). */
function DeliverySettings({ definition, apply }: { definition: Definition; apply: Apply }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<ConnectorDraft[]>(() =>
    definition.delivery.connectors.map((c) => ({ type: c.type, id: c.id, options: JSON.stringify(c.options, null, 2) })),
  );
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const update = (index: number, row: Partial<ConnectorDraft>) => {
    setSaved(false);
    setRows(rows.map((r, i) => (i === index ? { ...r, ...row } : r)));
  };
  function save(): void {
    const connectors: Definition['delivery']['connectors'] = [];
    for (const [index, row] of rows.entries()) {
      let options: unknown;
      try {
        options = JSON.parse(row.options || '{}');
      } catch {
        options = undefined;
      }
      if (!isJsonObject(options)) {
        setError(t('designer.settings.delivery.optionsInvalid', { n: index + 1 }));
        document.getElementById(`connector-${index}-options`)?.focus();
        return;
      }
      connectors.push({ type: row.type as Definition['delivery']['connectors'][number]['type'], id: row.id, options });
    }
    setError(null);
    apply((d) => ({ ...d, delivery: { connectors } }));
    setSaved(true);
  }
  return (
    <>
      <ol className="designer-connectors">
        {rows.map((row, index) => (
          <li key={index}>
            <div role="group" aria-label={t('designer.settings.delivery.connector', { n: index + 1 })}>
            <div className="form-field">
              <label htmlFor={`connector-${index}-type`}>{t('designer.settings.delivery.type')}</label>
              <select id={`connector-${index}-type`} value={row.type} onChange={(e) => update(index, { type: e.target.value })}>
                {CONNECTOR_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`designer.settings.delivery.types.${type}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="form-field">
              <label htmlFor={`connector-${index}-id`}>{t('designer.settings.delivery.id')}</label>
              <input id={`connector-${index}-id`} type="text" value={row.id} onChange={(e) => update(index, { id: e.target.value })} />
            </div>
            <div className="form-field">
              <label htmlFor={`connector-${index}-options`}>{t('designer.settings.delivery.options')}</label>
              <textarea id={`connector-${index}-options`} rows={5} spellCheck={false} value={row.options} onChange={(e) => update(index, { options: e.target.value })} />
            </div>
            <button type="button" className="btn btn-small btn-danger" onClick={() => { setSaved(false); setRows(rows.filter((_, i) => i !== index)); }}>
              {t('designer.settings.delivery.remove', { n: index + 1 })}
            </button>
            </div>
          </li>
        ))}
      </ol>
      <button type="button" className="btn btn-secondary" onClick={() => setRows([...rows, { type: 'email', id: `mottagare-${rows.length + 1}`, options: '{}' }])}>
        {t('designer.settings.delivery.add')}
      </button>{' '}
      <button type="button" className="btn btn-primary" onClick={save}>
        {t('designer.settings.delivery.save')}
      </button>
      {error && (
        <p className="problem" role="alert">
          {error}
        </p>
      )}
      {saved && <p role="status">{t('designer.settings.delivery.saved')}</p>}
    </>
  );
}
