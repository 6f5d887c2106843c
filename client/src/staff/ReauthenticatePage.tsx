import { textIn } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { Link, useLoaderData, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { BankIdLoginPanel } from '../identity/BankIdPanel';
import { useLanguage } from '../shared/i18n';
import { usePageTitle } from '../shared/usePageTitle';
import { RETURN_PARAM, requireStaff, safeStaffReturnTo } from './access';
import { LocalLoginForm } from './LocalLoginForm';
import { fetchStaffLoginMethods, redirectLoginUrl, STAFF_BANKID_REAUTH_PATH } from './staffApi';
import { useStaff, useStaffSession } from './StaffSessionProvider';

export const reauthenticateLoader = async (args: LoaderFunctionArgs) => {
  await requireStaff(args);
  return { methods: await fetchStaffLoginMethods(args.request.signal) };
};

/**
 * `/admin/logga-in-igen?tillbaka=`: "Logga in igen" after `reauthentication-required`, for the
 * logged-in staff member, in the way they logged in: the local administrator gives password and
 * code again, an e-ID login a new BankID identification of the same person; a single sign-on login
 * goes to its identity provider, which asks anew. Afterwards back to `tillbaka` (this site only).
 */
export function ReauthenticatePage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { methods } = useLoaderData<typeof reauthenticateLoader>();
  const [searchParams] = useSearchParams();
  const returnTo = safeStaffReturnTo(searchParams.get(RETURN_PARAM));
  const { reload } = useStaffSession();
  const { method } = useStaff();
  usePageTitle(t('staff.reauthenticate.title'));
  const offer = methods.find((m) => m.id === method || (m.kind === 'e-id' && method.startsWith('e-id:')));
  const redirect = offer?.startPath;

  return (
    <div className="login-page staff-login" data-testid="staff-reauthenticate-page">
      <h1>{t('staff.reauthenticate.title')}</h1>
      <p className="lead">{t('staff.reauthenticate.intro')}</p>
      {method === 'local' ? (
        <LocalLoginForm {...(offer ? { method: offer } : {})} returnTo={returnTo} reauthenticate />
      ) : method.startsWith('e-id:') ? (
        <BankIdLoginPanel basePath={STAFF_BANKID_REAUTH_PATH} returnTo={returnTo} name={(offer && textIn(offer.name, language)) || t('staff.reauthenticate.eId')} reload={reload} />
      ) : redirect ? (
        <p>
          {/* a full page load: the identity provider asks anew, then the server sends the person back */}
          <a className="btn btn-primary" href={redirectLoginUrl(redirect, returnTo, { reauthenticate: true })} data-testid="reauthenticate">
            {t('adminStaff.loginAgain')}
          </a>
        </p>
      ) : (
        <p className="problem" role="alert">
          {t('staff.reauthenticate.unavailable')}
        </p>
      )}
      <p>
        <Link to={returnTo}>{t('staff.reauthenticate.back')}</Link>
      </p>
    </div>
  );
}
