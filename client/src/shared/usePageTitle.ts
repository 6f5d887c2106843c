import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the browser tab's title: the page's own title, then the site's name. */
export function usePageTitle(title: string): void {
  const { t } = useTranslation();
  const site = t('app.name');
  useEffect(() => {
    document.title = title === site ? site : `${title} – ${site}`;
  }, [title, site]);
}
