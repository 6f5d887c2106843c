import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../shared/usePageTitle';

/** The citizen's own pages; cases and drafts appear here once e-ID login exists. */
export function MyPagesPage() {
  const { t } = useTranslation();
  usePageTitle(t('myPages.title'));
  return (
    <>
      <h1>{t('myPages.title')}</h1>
      <p className="lead">{t('myPages.intro')}</p>
      <p className="note">{t('myPages.building')}</p>
    </>
  );
}
