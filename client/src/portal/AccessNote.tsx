import { useTranslation } from 'react-i18next';
import type { Requirements } from './portalApi';

/** Whether an e-service needs e-ID login, and at which level of assurance; signing and company too. */
export function AccessNote({ requirements }: { requirements: Requirements }) {
  const { t } = useTranslation();
  if (requirements.login !== 'eid') return <p className="access">{t('access.none')}</p>;
  return (
    <>
      <p className="access access-eid">{t('access.eid', { level: requirements.levelOfAssurance ?? 2 })}</p>
      {requirements.companyRepresentative && <p className="access">{t('access.companyRepresentative')}</p>}
    </>
  );
}
