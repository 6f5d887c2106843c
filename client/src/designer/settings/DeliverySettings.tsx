import { localizeOptionsSchema, textIn, type DefinitionProblem, type DeliveryConnector } from '@etjanst/schemas';
import { deepEquals, type RJSFSchema, type UiSchema } from '@rjsf/utils';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { testConnector, type ConnectorTestResult } from '../../admin/deliveriesApi';
import { rjsfStrings } from '../../portal/formValidation';
import { compilingValidator } from '../compilingValidator';
import { PortalForm, type PortalFormContext } from '../../portal/theme';
import { formatDateTime } from '../../shared/formatDate';
import { useLanguage } from '../../shared/i18n';
import { problemOf, type ProblemFieldError } from '../../shared/problem';

/** A problem the server named, by where it is in the definition. */
export type ServerFinding = Pick<ProblemFieldError, 'pointer' | 'message'>;
import { ProblemMessage } from '../../shared/ProblemMessage';
import type { Loaded } from '../../shared/useLoad';
import { useLoad } from '../../shared/useLoad';
import { useAnnounce } from '../Announcer';
import type { Apply } from '../Designer';
import { focusSoon } from '../focus';
import type { Definition } from '../model';
import { fetchSavedConnectors } from '../designerApi';
import { checkerOf, optionErrorSchema, problemsOfConnector, type ConnectorType } from './connectors';


export interface DeliverySettingsProps {
  municipality: string;
  definition: Definition;
  /** The draft as the server has it: a test delivery goes through its connectors */
  saved: Definition | null;
  /** The designer's problems (the format's and the connector options') */
  problems: readonly DefinitionProblem[];
  /** What the server found: its refusal of the last save, or its findings on the draft saved unfinished */
  refused: readonly ServerFinding[];
  connectorTypes: Loaded<ConnectorType[]>;
  apply: Apply;
}

const ADD_TYPE_ID = 'connector-new-type';

/**
 * The delivery connectors, each written straight into the draft: its id, its options as a form
 * from its plugin's own schema (titles and help in the UI language from the plugin), a test
 * delivery once it is saved, and removal; below, adding one of the platform's connector types.
 */
export function DeliverySettings({ municipality, definition, saved, problems, refused, connectorTypes, apply }: DeliverySettingsProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const announce = useAnnounce();
  const { connectors } = definition.delivery;
  const types = connectorTypes.state === 'ready' ? connectorTypes.value : [];
  // the saved connectors' last test deliveries, then the ones sent here
  const [savedConnectors] = useLoad(saved ? `${municipality}/${definition.id}` : null, (signal) => fetchSavedConnectors(municipality, definition.id, signal));
  const [tested, setTested] = useState<Record<string, ConnectorTestResult>>({});
  const lastTest = (id: string): ConnectorTestResult | undefined =>
    tested[id] ?? (savedConnectors.state === 'ready' ? (savedConnectors.value.find((c) => c.id === id)?.lastTest ?? undefined) : undefined);
  const setConnectors = (edit: (list: DeliveryConnector[]) => DeliveryConnector[], key?: string) =>
    apply((d) => {
      const list = edit(d.delivery.connectors);
      return list === d.delivery.connectors ? d : { ...d, delivery: { ...d.delivery, connectors: list } };
    }, key);

  return (
    <>
      {connectorTypes.state === 'failed' && <ProblemMessage problem={connectorTypes.problem} />}
      {connectors.length === 0 && <p>{t('designer.settings.delivery.none')}</p>}
      <ol className="designer-connectors">
        {connectors.map((connector, index) => (
          // by position: typing the id must not make a new form (and lose focus)
          <li key={index}>
            <ConnectorSettings
              index={index}
              connector={connector}
              type={types.find((c) => c.type === connector.type)}
              problems={problems}
              refused={refused}
              isSaved={!!saved?.delivery.connectors.some((c) => deepEquals(c, connector))}
              lastTest={lastTest(connector.id)}
              onTest={async () => {
                try {
                  const result = await testConnector(municipality, definition.id, connector.id);
                  setTested((all) => ({ ...all, [connector.id]: result }));
                } catch (error) {
                  setTested((all) => ({ ...all, [connector.id]: { succeeded: false, at: new Date().toISOString(), message: { sv: problemOf(error).messages.sv.title, en: problemOf(error).messages.en.title } } }));
                }
              }}
              // rjsf also reports the defaults it fills in: no change, no undo step
              onChange={(next, key) => setConnectors((list) => (deepEquals(list[index], next) ? list : list.map((c, i) => (i === index ? next : c))), key)}
              onRemove={() => {
                setConnectors((list) => list.filter((_, i) => i !== index));
                announce(t('designer.settings.delivery.removed', { id: connector.id }));
                focusSoon(index < connectors.length - 1 ? connectorLegendId(index) : ADD_TYPE_ID);
              }}
            />
          </li>
        ))}
      </ol>
      <AddConnector
        types={types}
        taken={connectors.map((c) => c.id)}
        onAdd={(connector) => {
          setConnectors((list) => [...list, connector]);
          announce(t('designer.settings.delivery.added', { id: connector.id }));
          focusSoon(connectorLegendId(connectors.length));
        }}
      />
    </>
  );
}

const connectorLegendId = (index: number) => `connector-${index}-legend`;

interface ConnectorSettingsProps {
  index: number;
  connector: DeliveryConnector;
  type: ConnectorType | undefined;
  problems: readonly DefinitionProblem[];
  refused: readonly ServerFinding[];
  isSaved: boolean;
  lastTest: ConnectorTestResult | undefined;
  onTest: () => Promise<void>;
  onChange: (connector: DeliveryConnector, key: string) => void;
  onRemove: () => void;
}

function ConnectorSettings({ index, connector, type, problems, refused, isSaved, lastTest, onTest, onChange, onRemove }: ConnectorSettingsProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const typeName = type ? (textIn(type.title, language) ?? type.type) : connector.type;
  // the options are checked as they are typed, worded for their fields; the server's refusal on the last save has the last word
  const live = type ? checkerOf(type).check(connector.options).map((p) => ({ pointer: p.pointer, message: p.message[language] })) : [];
  const server = problemsOfConnector(refused.map((e) => ({ pointer: e.pointer, message: e.message[language] })), index);
  const own = problemsOfConnector(problems.map((p) => ({ pointer: p.pointer, message: p.message[language] })), index);
  // without its type's form, the server's word about the options is listed with the rest
  const listed = [...own.other, ...server.other, ...(type ? [] : server.options)];
  const other = [...new Map(listed.map((p) => [`${p.pointer} ${p.message}`, p])).values()];
  const optionErrors = JSON.stringify([...live, ...server.options]);
  // rjsf takes a new error schema as a change: only make one when the errors change
  const extraErrors = useMemo(() => optionErrorSchema(JSON.parse(optionErrors) as typeof live), [optionErrors]);
  const idInput = `connector-${index}-id`;
  return (
    <fieldset className="designer-connector" data-testid={`connector-${connector.id}`}>
      <legend id={connectorLegendId(index)} tabIndex={-1}>
        {typeName}: {connector.id}
      </legend>
      {other.length > 0 && (
        <ul className="problem" role="alert">
          {other.map((p) => (
            <li key={p.pointer + p.message}>{p.message}</li>
          ))}
        </ul>
      )}
      <div className="form-field">
        <label htmlFor={idInput}>{t('designer.settings.delivery.id')}</label>
        <p id={`${idInput}-help`} className="field-help">
          {t('designer.settings.delivery.idHelp')}
        </p>
        <input id={idInput} type="text" value={connector.id} aria-describedby={`${idInput}-help`} spellCheck={false}
          onChange={(e) => onChange({ ...connector, id: e.target.value }, `settings:delivery:${index}:id`)} />
      </div>
      {/* a type the server does not list has no form: its problem is listed above */}
      {type && (
        <ConnectorOptionsForm index={index} type={type} options={connector.options} extraErrors={extraErrors}
          onChange={(options, fieldId) => onChange({ ...connector, options }, `settings:${fieldId ?? `connector-${index}-options`}`)} />
      )}
      <TestDelivery connectorId={connector.id} isSaved={isSaved} lastTest={lastTest} onTest={onTest} />
      <p>
        <button type="button" className="btn btn-small btn-danger" onClick={onRemove}>
          {t('designer.settings.delivery.remove', { id: connector.id })}
        </button>
      </p>
    </fieldset>
  );
}

interface OptionsFormProps {
  index: number;
  type: ConnectorType;
  options: Record<string, unknown>;
  extraErrors: ReturnType<typeof optionErrorSchema>;
  /** The options and the field that changed them (typing in one field is one undo step) */
  onChange: (options: Record<string, unknown>, fieldId: string | undefined) => void;
}

/** A connector's options as a form with the portal's theme, from its plugin's schema in the UI language. */
function ConnectorOptionsForm({ index, type, options, extraErrors, onChange }: OptionsFormProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const schema = useMemo(() => {
    const { title: _title, description: _description, ...localized } = localizeOptionsSchema(type.optionsSchema, language);
    return localized as RJSFSchema;
  }, [type, language]);
  const formContext = useMemo<PortalFormContext>(() => ({ language, errorSummaryId: `connector-${index}-errors`, prefilled: {} }), [language, index]);
  const uiSchema = useMemo<UiSchema>(() => ({ 'ui:submitButtonOptions': { norender: true } }), []);
  const translateString = useMemo(() => rjsfStrings(t), [t]);
  return (
    <PortalForm
      idPrefix={`connector-${index}-options`}
      schema={schema}
      uiSchema={uiSchema}
      formData={options}
      formContext={formContext}
      validator={compilingValidator}
      translateString={translateString}
      extraErrors={extraErrors}
      showErrorList={false}
      noHtml5Validate
      onChange={(event, fieldId) => onChange((event.formData ?? {}) as Record<string, unknown>, fieldId)}
    />
  );
}

/** "Skicka testleverans" through the saved connector, with the last result (the must-requirement SK-DEL-002 reads it). */
function TestDelivery({ connectorId, isSaved, lastTest, onTest }: { connectorId: string; isSaved: boolean; lastTest: ConnectorTestResult | undefined; onTest: () => Promise<void> }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [busy, setBusy] = useState(false);
  const result = lastTest
    ? t(lastTest.succeeded ? 'deliveries.lastTestSucceeded' : 'deliveries.lastTestFailed', { at: formatDateTime(lastTest.at, language), message: lastTest.message?.[language] ?? '' })
    : t('deliveries.neverTested');
  return (
    <div className="designer-connector-test">
      <p role="status" data-testid={`connector-test-${connectorId}`} data-succeeded={lastTest ? String(lastTest.succeeded) : undefined}>
        {busy ? t('designer.settings.delivery.testing') : result}
      </p>
      {isSaved ? (
        <button type="button" className="btn btn-small btn-secondary" aria-disabled={busy}
          onClick={() => {
            if (busy) return;
            setBusy(true);
            void onTest().finally(() => setBusy(false));
          }}>
          {t('designer.settings.delivery.sendTest', { id: connectorId })}
        </button>
      ) : (
        <p className="field-help">{t('designer.settings.delivery.saveBeforeTest')}</p>
      )}
    </div>
  );
}

/** Adds a connector of a chosen type under an id; its options are then filled in its own form. */
function AddConnector({ types, taken, onAdd }: { types: readonly ConnectorType[]; taken: readonly string[]; onAdd: (connector: DeliveryConnector) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [type, setType] = useState('');
  const [id, setId] = useState('');
  const chosen = types.find((c) => c.type === type) ?? types[0];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    onAdd({ type: chosen.type as DeliveryConnector['type'], id: id.trim() || freeId(chosen.type, taken), options: {} });
    setId('');
  };
  return (
    <form className="designer-connector-add" onSubmit={submit} aria-labelledby="connector-new-heading">
      <h3 id="connector-new-heading">{t('designer.settings.delivery.add')}</h3>
      <div className="form-field">
        <label htmlFor={ADD_TYPE_ID}>{t('designer.settings.delivery.type')}</label>
        <select id={ADD_TYPE_ID} value={chosen?.type ?? ''} onChange={(e) => setType(e.target.value)}>
          {types.map((c) => (
            <option key={c.type} value={c.type}>
              {textIn(c.title, language) ?? c.type}
            </option>
          ))}
        </select>
      </div>
      <div className="form-field">
        <label htmlFor="connector-new-id">{t('designer.settings.delivery.id')}</label>
        <p id="connector-new-id-help" className="field-help">
          {t('designer.settings.delivery.newIdHelp', { id: chosen ? freeId(chosen.type, taken) : '' })}
        </p>
        <input id="connector-new-id" type="text" value={id} aria-describedby="connector-new-id-help" spellCheck={false} onChange={(e) => setId(e.target.value)} />
      </div>
      <button type="submit" className="btn btn-secondary" aria-disabled={!chosen}>
        {t('designer.settings.delivery.addButton')}
      </button>
    </form>
  );
}

/** The type's name as an id, numbered when the draft already has it. */
function freeId(type: string, taken: readonly string[]): string {
  if (!taken.includes(type)) return type;
  let n = 2;
  while (taken.includes(`${type}-${n}`)) n++;
  return `${type}-${n}`;
}
