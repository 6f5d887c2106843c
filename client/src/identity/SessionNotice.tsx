import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { loginPath } from './loginLinks';
import { useSession } from './SessionProvider';

/** "Du har loggats ut" with a link to log in again; an alert, as it comes without the citizen's doing. */
export function SessionNotice() {
  const { t } = useTranslation();
  const { notice, dismissNotice } = useSession();
  const location = useLocation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) ref.current?.focus();
  }, [notice]);
  return (
    <div role="alert" className="session-notice-region">
      {notice && (
        <div ref={ref} tabIndex={-1} className="note session-notice" data-testid="session-notice">
          <p className="problem-title">
            {notice.reason === 'expired' ? t('identity.expiredTitle') : t('identity.loggedOutTitle')}
          </p>
          {notice.reason === 'expired' && <p>{t('identity.expiredText')}</p>}
          <p className="notice-actions">
            <Link
              to={loginPath(notice.municipalityId, location.pathname + location.search)}
              data-testid="login-again-link"
              onClick={dismissNotice}
            >
              {t('identity.loginAgain')}
            </Link>
            <button type="button" className="btn btn-link" onClick={dismissNotice}>
              {t('identity.dismiss')}
            </button>
          </p>
        </div>
      )}
    </div>
  );
}
