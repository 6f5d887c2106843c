import { textIn, type EServiceDefinition } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { formLanguage } from './formLanguage';
import { requirementsOf } from './portalApi';
import { RequirementsList } from './Requirements';

/** What the catalogue says about an e-service: summary, what the citizen needs, languages and personal data. */
export function EServiceIntro({ definition }: { definition: EServiceDefinition }) {
  const { t } = useTranslation();
  const uiLanguage = useLanguage();
  const language = formLanguage(definition, uiLanguage);
  const { catalogue, personalData } = definition;
  const purpose = personalData.collectsPersonalData ? textIn(personalData.purpose, language) : undefined;
  return (
    <div className="eservice-intro">
      <p className="lead">{textIn(catalogue.summary, language)}</p>
      <RequirementsList requirements={requirementsOf(definition)} />
      {language !== uiLanguage && <p className="note">{t('eservice.onlySwedish')}</p>}
      {purpose && (
        <details>
          <summary>{t('eservice.personalData')}</summary>
          <p>{purpose}</p>
        </details>
      )}
    </div>
  );
}

/** Who answers questions about the e-service. */
export function EServiceContact({ contact }: { contact: EServiceDefinition['owner']['contact'] }) {
  const { t } = useTranslation();
  return (
    <section className="eservice-contact" aria-labelledby="eservice-contact">
      <h2 id="eservice-contact">{t('eservice.contact')}</h2>
      <p>{contact.name}</p>
      <p>
        {t('eservice.email')}: <a href={`mailto:${contact.email}`}>{contact.email}</a>
      </p>
      {contact.phone && (
        <p>
          {t('eservice.phone')}: <a href={`tel:${contact.phone.replace(/[^+\d]/g, '')}`}>{contact.phone}</a>
        </p>
      )}
    </section>
  );
}
