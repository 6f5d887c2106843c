import { textIn } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { Link, useLoaderData } from 'react-router';
import { useLanguage } from '../shared/i18n';
import { usePageTitle } from '../shared/usePageTitle';
import type { startLoader } from './portalApi';

export function StartPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { municipalities } = useLoaderData<typeof startLoader>();
  usePageTitle(t('start.title'));
  return (
    <>
      <h1>{t('start.title')}</h1>
      <p className="lead">{t('start.intro')}</p>
      <h2>{t('start.municipalities')}</h2>
      {municipalities.length === 0 ? (
        <p>{t('start.none')}</p>
      ) : (
        <ul className="link-list">
          {municipalities.map((municipality) => (
            <li key={municipality.id}>
              <Link to={`/${municipality.id}`}>{textIn(municipality.name, language)}</Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
