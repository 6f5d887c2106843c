import type { DefinitionProblem, SettingsSection } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import type { Loaded } from '../shared/useLoad';
import type { Apply } from './Designer';
import { RequirementList } from './RequirementList';
import type { Definition, UnmetRequirement } from './model';
import { sectionOf, SETTINGS_HEADING_ID, SETTINGS_SECTIONS } from './placeInDesigner';
import { AccessSettings } from './settings/AccessSettings';
import type { ConnectorType } from './settings/connectors';
import { DeliverySettings, type ServerFinding } from './settings/DeliverySettings';
import { PaymentSettings } from './settings/PaymentSettings';
import { SectionForm } from './settings/SectionForm';
import type { SaveState } from './useDesigner';


interface Props {
  municipality: string;
  definition: Definition;
  /** The section shown (the designer's, so its checklist can open one) */
  section: SettingsSection;
  onSection: (section: SettingsSection) => void;
  /** The draft as the server has it (null: not created yet) */
  saved: Definition | null;
  problems: DefinitionProblem[];
  /** The server's findings on the draft as saved unfinished (they have the last word at the connectors' options) */
  serverFindings: readonly ServerFinding[];
  requirements: UnmetRequirement[];
  save: SaveState;
  connectorTypes: Loaded<ConnectorType[]>;
  apply: Apply;
  /** Shown for reading: the section's controls are disabled */
  readOnly?: boolean;
}

const isUnder = (pointer: string, prefix: string) => pointer === prefix || pointer.startsWith(`${prefix}/`);
/** A connector's problems are shown at the connector. */
const atConnector = (pointer: string) => /^\/delivery\/connectors\/\d+(\/|$)/.test(pointer);

/** Everything about the e-service except the form: one section at a time, each written straight into the draft. */
export function SettingsTab({ municipality, definition, section, onSection, saved, problems, serverFindings, requirements, save, connectorTypes, apply, readOnly = false }: Props) {
  const { t } = useTranslation();
  const language = useLanguage();
  // what the server refused on the last save, or found in the draft it saved, belongs to this section as much as the designer's own findings
  const refused = save.kind === 'failed' ? (save.problem.errors ?? []) : serverFindings;
  const shown = [...problems, ...refused].filter((p) => isUnder(p.pointer, `/${section}`) && !(section === 'delivery' && atConnector(p.pointer)));
  const shownAbove = [...new Map(shown.map((p) => [p.pointer + p.message[language], p])).values()];
  // a must-requirement is unmet here by a finding in this section, or by being about it (the e-ID a personal data field needs is the access section's)
  const unmet = requirements.filter((r) => r.severity === 'must' && (isUnder(r.pointer, `/${section}`) || isUnder(r.concerns, `/${section}`)));
  // what is missing per section, as the publish checklist counts it, marked at the section's button in words
  const missing = new Map<SettingsSection, number>();
  for (const item of [...problems, ...requirements.filter((r) => r.severity === 'must')]) {
    const at = sectionOf(item);
    if (at) missing.set(at, (missing.get(at) ?? 0) + 1);
  }
  const content =
    section === 'access' ? (
      <AccessSettings definition={definition} apply={apply} />
    ) : section === 'payment' ? (
      <PaymentSettings definition={definition} apply={apply} />
    ) : section === 'delivery' ? (
      <DeliverySettings municipality={municipality} definition={definition} saved={saved} problems={problems} refused={refused} connectorTypes={connectorTypes} apply={apply} />
    ) : (
      <SectionForm key={section} section={section} definition={definition} apply={apply} />
    );
  return (
    <div className="designer-settings">
      <nav aria-label={t('designer.settings.sections')}>
        <ul>
          {SETTINGS_SECTIONS.map((name) => (
            <li key={name}>
              <button type="button" className="btn btn-secondary" aria-pressed={section === name} onClick={() => onSection(name)} data-testid={`settings-${name}`}>
                {t(`designer.settings.titles.${name}`)}
                {missing.has(name) && (
                  <span className="designer-missing" data-testid={`settings-${name}-missing`}>
                    {' '}{t('designer.checklist.missing', { count: missing.get(name) })}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby={SETTINGS_HEADING_ID}>
        <h2 id={SETTINGS_HEADING_ID} tabIndex={-1}>{t(`designer.settings.titles.${section}`)}</h2>
        {shownAbove.length > 0 && (
          <div className="problem" role="alert">
            <ul>
              {shownAbove.map((p) => (
                <li key={p.pointer + p.message[language]}>{p.message[language]}</li>
              ))}
            </ul>
          </div>
        )}
        <RequirementList requirements={unmet} heading={t('designer.requirements.must')} testId="settings-unmet" />
        {readOnly ? (
          // a disabled fieldset disables every control of the section at once, rjsf's and the connectors' alike
          <fieldset className="designer-read-only-settings" disabled data-testid="settings-read-only">
            <legend className="visually-hidden">{t('designer.settings.readOnly', { section: t(`designer.settings.titles.${section}`) })}</legend>
            {content}
          </fieldset>
        ) : (
          content
        )}
      </section>
    </div>
  );
}
