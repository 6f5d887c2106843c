import { textIn } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { Navigate, useLoaderData, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { BankIdLoginPanel } from '../identity/BankIdPanel';
import { useLanguage } from '../shared/i18n';
import { usePageTitle } from '../shared/usePageTitle';
import { LOGGED_OUT_PARAM, RETURN_PARAM, safeStaffReturnTo } from './access';
import { LocalLoginForm } from './LocalLoginForm';
import { fetchStaffLoginMethods, redirectLoginUrl, STAFF_BANKID_PATH, type StaffLoginMethod } from './staffApi';
import { useStaffSession } from './StaffSessionProvider';

export const staffLoginLoader = async ({ request }: LoaderFunctionArgs) => ({ methods: await fetchStaffLoginMethods(request.signal) });

/**
 * `/admin/logga-in?tillbaka=`: the ways staff log in on this installation. The municipality's
 * single sign-on (OIDC, SAML) by a full page load to the identity provider; e-ID (BankID,
 * checked against the staff register) and the break-glass local administrator on the page.
 */
export function StaffLoginPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { methods } = useLoaderData<typeof staffLoginLoader>();
  const [searchParams] = useSearchParams();
  const returnTo = safeStaffReturnTo(searchParams.get(RETURN_PARAM));
  const { session, notice: sessionNotice, reload } = useStaffSession();
  // back from single logout at the identity provider, which the server confirmed
  const notice = sessionNotice ?? (searchParams.get(LOGGED_OUT_PARAM) === '1' ? 'logged-out' : null);
  usePageTitle(t('staff.login.title'));

  // logged in (just now, or already): on to where the person was going
  if (session) return <Navigate to={returnTo} replace />;
  const redirects = methods.filter((m): m is StaffLoginMethod & { startPath: string } => (m.kind === 'oidc' || m.kind === 'saml') && m.startPath !== undefined);
  const eId = methods.find((m) => m.kind === 'e-id');
  const local = methods.find((m) => m.kind === 'local');
  return (
    <div className="login-page staff-login" data-testid="staff-login-page">
      <h1>{t('staff.login.title')}</h1>
      {notice && (
        <div className="note" role="status" data-testid="staff-login-notice">
          <p className="problem-title">{notice === 'expired' ? t('staff.login.expired') : t('staff.login.loggedOut')}</p>
        </div>
      )}
      <p className="lead">{t('staff.login.intro')}</p>
      {methods.length === 0 && (
        <p className="problem" role="alert">
          {t('staff.login.noMethods')}
        </p>
      )}
      {redirects.length > 0 && <RedirectMethods methods={redirects} returnTo={returnTo} />}
      {eId && <BankIdLoginPanel basePath={STAFF_BANKID_PATH} returnTo={returnTo} name={textIn(eId.name, language) ?? ''} reload={reload} />}
      {local && <LocalLoginForm method={local} returnTo={returnTo} />}
    </div>
  );
}

function RedirectMethods({ methods, returnTo }: { methods: (StaffLoginMethod & { startPath: string })[]; returnTo: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <section className="login-methods" aria-labelledby="staff-sso-methods">
      <h2 id="staff-sso-methods">{t('staff.login.sso')}</h2>
      <ul className="method-list" data-testid="staff-login-methods">
        {methods.map((method) => (
          <li key={method.id}>
            {/* a full page load: the identity provider takes over, then the server sends the person back */}
            <a className="btn btn-secondary method-button" href={redirectLoginUrl(method.startPath, returnTo)} data-testid={`staff-login-method-${method.id}`}>
              {textIn(method.name, language)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
