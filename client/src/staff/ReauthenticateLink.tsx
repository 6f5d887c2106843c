import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { staffReauthenticatePath } from './access';
import { fetchStaffLoginMethods, redirectLoginUrl } from './staffApi';
import { useStaffSession } from './StaffSessionProvider';

/**
 * "Logga in igen" after `reauthentication-required`: a forced login through the identity provider
 * the staff member logged in with (it asks them anew, however recently they used it), coming back
 * to `returnTo`. A session of a login without a redirect (e-ID, the local administrator) goes to
 * the re-login page, which asks for that login's proof again.
 */
export function ReauthenticateLink({ returnTo }: { returnTo: string }) {
  const { t } = useTranslation();
  const method = useStaffSession().session?.method;
  const [startPath, setStartPath] = useState<string>();
  useEffect(() => {
    if (!method) return undefined;
    const controller = new AbortController();
    fetchStaffLoginMethods(controller.signal)
      .then((methods) => setStartPath(methods.find((offer) => offer.id === method)?.startPath))
      .catch(() => undefined); // the re-login page is offered instead
    return () => controller.abort();
  }, [method]);
  // a full page load: the identity provider takes over, then the server sends the person back
  return startPath ? (
    <a href={redirectLoginUrl(startPath, returnTo, { reauthenticate: true })} data-testid="reauthenticate">
      {t('adminStaff.loginAgain')}
    </a>
  ) : (
    <Link to={staffReauthenticatePath(returnTo)} data-testid="reauthenticate">
      {t('adminStaff.loginAgain')}
    </Link>
  );
}
