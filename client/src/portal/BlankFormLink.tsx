import type { Language } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { segment } from '../shared/api';
import type { PublishedEService } from './portalApi';

/** The printable blank form of this version, for a citizen who applies on paper. */
export function BlankFormLink({ municipality, published, language }: { municipality: string; published: PublishedEService; language: Language }) {
  const { t } = useTranslation();
  const href = `/api/municipalities/${segment(municipality)}/eservices/${segment(published.eserviceId)}/versions/${published.version}/blank-form?language=${language}`;
  return (
    <p className="blank-form-link">
      <a href={href} data-testid="blank-form-link">
        {t('fieldCatalogue.printBlankForm')}
      </a>{' '}
      <span className="note">{t('fieldCatalogue.printBlankFormHint')}</span>
    </p>
  );
}
