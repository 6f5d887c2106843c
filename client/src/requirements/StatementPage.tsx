import { useTranslation } from 'react-i18next';
import { Link, useLoaderData, useParams } from 'react-router';
import { formatDate } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { usePageTitle } from '../shared/usePageTitle';
import type { statementLoader } from './requirementsApi';

/** The accessibility statement (tillgänglighetsredogörelse) of a published e-service, at a stable address. */
export function StatementPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const statement = useLoaderData<typeof statementLoader>();
  const { municipality = '', eserviceId = '' } = useParams();
  usePageTitle(statement.title[language]);
  return (
    <article className="accessibility-statement" data-testid="accessibility-statement">
      <p className="back-link">
        <Link to={`/${municipality}/e-tjanster/${eserviceId}`}>{t('mustRequirements.statement.back')}</Link>
      </p>
      <h1>{statement.title[language]}</h1>
      <p>
        {t(`mustRequirements.statement.status.${statement.status}`)}
        {statement.assessedAt && ` ${t('mustRequirements.statement.assessed', { date: formatDate(statement.assessedAt, language) })}`}
      </p>
      {statement.sections.map((section) => (
        <section key={section.id} aria-labelledby={`statement-${section.id}`}>
          <h2 id={`statement-${section.id}`}>{section.heading[language]}</h2>
          {section.paragraphs.map((paragraph, i) => (
            <p key={i}>{paragraph[language]}</p>
          ))}
          {section.items && section.items.length > 0 && (
            <ul>
              {section.items.map((item, i) => (
                <li key={i}>{item[language]}</li>
              ))}
            </ul>
          )}
          {section.links?.map((link) => (
            <p key={link.href}>
              <a href={link.href}>{link.text[language]}</a>
            </p>
          ))}
        </section>
      ))}
    </article>
  );
}
