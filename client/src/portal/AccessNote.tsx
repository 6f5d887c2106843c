import type { EServiceAccess } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';

/** Whether an e-service needs e-ID login, and at which level of assurance. */
export function AccessNote({ access }: { access: EServiceAccess }) {
  const { t } = useTranslation();
  return access.login === 'eid' ? (
    <p className="access access-eid">{t('access.eid', { level: access.levelOfAssurance })}</p>
  ) : (
    <p className="access">{t('access.none')}</p>
  );
}
