import { useTranslation } from 'react-i18next';
import { useLoaderData } from 'react-router';
import { useLanguage } from '../shared/i18n';
import { ScrollableTable } from '../shared/ScrollableTable';
import { usePageTitle } from '../shared/usePageTitle';
import { CATALOGUE_DOCUMENT_URL, type rulesLoader } from './requirementsApi';

/** Tekniska skall-krav: the current rule catalogue, readable for designers, IT and vendors. */
export function RulesPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const catalogue = useLoaderData<typeof rulesLoader>();
  usePageTitle(t('mustRequirements.title'));
  return (
    <>
      <h1>{t('mustRequirements.title')}</h1>
      <p className="lead">{t('mustRequirements.intro')}</p>
      <p>
        {t('mustRequirements.version', { version: catalogue.version })}{' '}
        <a href={CATALOGUE_DOCUMENT_URL} download data-testid="catalogue-document">
          {t('mustRequirements.download')}
        </a>
      </p>
      <ul className="rule-list" data-testid="rule-list">
        {catalogue.rules.map((rule) => (
          <li key={rule.id} id={rule.id}>
            <h2>
              {rule.id}: {rule.title[language]}
            </h2>
            <p>
              <strong>{t(`mustRequirements.severity.${rule.severity}`)}</strong>
              {' · '}
              {t(rule.needs === 'scan' ? 'mustRequirements.needsScan' : 'mustRequirements.needsDefinition')}
              {' · '}
              {t('mustRequirements.concerns')} <code>{rule.concerns || '/'}</code>
            </p>
            <p>{rule.explanation[language]}</p>
          </li>
        ))}
      </ul>
      <h2>{t('mustRequirements.history')}</h2>
      <ScrollableTable
        label={t('mustRequirements.history')}
        columns={[t('mustRequirements.historyVersion'), t('mustRequirements.historyDate'), t('mustRequirements.historyChange')]}
      >
        {catalogue.history.map((change) => (
          <tr key={change.version}>
            <td>{change.version}</td>
            <td>{change.date}</td>
            <td>{change.changes[language]}</td>
          </tr>
        ))}
      </ScrollableTable>
    </>
  );
}
