import { checkDefinition, DEFINITION_RULE, failedMustRules, type DefinitionProblem } from '@etjanst/schemas';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import type { Loaded } from '../shared/useLoad';
import type { Apply } from './Designer';
import type { Definition } from './model';
import { AccessSettings } from './settings/AccessSettings';
import type { ConnectorType } from './settings/connectors';
import { DeliverySettings } from './settings/DeliverySettings';
import { SectionForm } from './settings/SectionForm';
import { CHECK_DELAY_MS, type SaveState } from './useDesigner';
import { useSettled } from './useSettled';

const SECTIONS = ['catalogue', 'access', 'personalData', 'signing', 'receipt', 'delivery', 'accessibility', 'theme', 'benefit'] as const;
type Section = (typeof SECTIONS)[number];

interface Props {
  municipality: string;
  definition: Definition;
  /** The draft as the server has it (null: not created yet) */
  saved: Definition | null;
  problems: DefinitionProblem[];
  save: SaveState;
  connectorTypes: Loaded<ConnectorType[]>;
  apply: Apply;
}

const isUnder = (pointer: string, prefix: string) => pointer === prefix || pointer.startsWith(`${prefix}/`);
/** A connector's problems are shown at the connector. */
const atConnector = (pointer: string) => /^\/delivery\/connectors\/\d+(\/|$)/.test(pointer);

/** Everything about the e-service except the form: one section at a time, each written straight into the draft. */
export function SettingsTab({ municipality, definition, saved, problems, save, connectorTypes, apply }: Props) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [section, setSection] = useState<Section>('catalogue');
  // what the server refused on the last save belongs to this section as much as the designer's own findings
  const refused = save.kind === 'failed' ? (save.problem.errors ?? []) : [];
  const shown = [...problems, ...refused].filter((p) => isUnder(p.pointer, `/${section}`) && !(section === 'delivery' && atConnector(p.pointer)));
  const shownAbove = [...new Map(shown.map((p) => [p.pointer + p.message[language], p])).values()];
  const unmet = useUnmetRequirements(definition, section);
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
        {shownAbove.length > 0 && (
          <div className="problem" role="alert">
            <ul>
              {shownAbove.map((p) => (
                <li key={p.pointer + p.message[language]}>{p.message[language]}</li>
              ))}
            </ul>
          </div>
        )}
        {unmet.length > 0 && (
          <div className="designer-unmet" data-testid="settings-unmet">
            <p>{t('designer.settings.unmet')}</p>
            <ul>
              {unmet.map(({ rule, message }) => (
                <li key={rule + message[language]}>
                  {message[language]} ({rule})
                </li>
              ))}
            </ul>
          </div>
        )}
        {section === 'access' ? (
          <AccessSettings definition={definition} apply={apply} />
        ) : section === 'delivery' ? (
          <DeliverySettings municipality={municipality} definition={definition} saved={saved} problems={problems} refused={refused} connectorTypes={connectorTypes} apply={apply} />
        ) : (
          <SectionForm key={section} section={section} definition={definition} apply={apply} />
        )}
      </section>
    </div>
  );
}

/**
 * The must-requirements (the publish gate's rules) not yet met in a section: a finding there, or a
 * rule about it (the e-ID a personal data field needs is the access section's). Judged without the
 * browser scan, on the definition once typing pauses.
 */
function useUnmetRequirements(definition: Definition, section: Section) {
  const settled = useSettled(definition, CHECK_DELAY_MS);
  // a definition the format refuses has its problems listed above; the rest are judged once it is valid
  const failed = useMemo(() => failedMustRules(checkDefinition(settled)).filter((rule) => rule.id !== DEFINITION_RULE), [settled]);
  return failed.flatMap((rule) =>
    rule.findings.filter((f) => isUnder(f.pointer, `/${section}`) || isUnder(rule.concerns, `/${section}`)).map((f) => ({ rule: rule.id, message: f.message })),
  );
}
