import { textIn } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, ScrollRestoration, useNavigation, useParams } from 'react-router';
import { IdleWarningDialog } from '../identity/IdleWarningDialog';
import { SessionHeader } from '../identity/SessionHeader';
import { SessionNotice } from '../identity/SessionNotice';
import { SessionProvider, useSession } from '../identity/SessionProvider';
import { useLanguage } from './i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { useMunicipalityBranding } from './municipalityBranding';

/** The page frame; the citizen's session is loaded here, once, for every page. */
export function Layout() {
  return (
    <SessionProvider>
      <Frame />
    </SessionProvider>
  );
}

function Frame() {
  const { t } = useTranslation();
  const loading = useNavigation().state === 'loading';
  const { session, warning, refresh, logout } = useSession();
  const language = useLanguage();
  // a municipality's pages (its catalogue, e-services, statements) show its name, logo and colours
  const { municipality } = useParams();
  const branding = useMunicipalityBranding(municipality);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <header className="site-header">
        <div className="container site-header-inner">
          {branding ? (
            <Link to={`/${branding.municipalityId}`} className="site-name" data-testid="municipality-name">
              {/* the name beside it says who it is: the logo is decoration */}
              {branding.logoUrl && <img src={branding.logoUrl} alt="" className="site-logo" />}
              {textIn(branding.name, language)}
            </Link>
          ) : (
            <Link to="/" className="site-name">
              {t('app.name')}
            </Link>
          )}
          <nav aria-label={t('app.mainNav')} className="site-nav">
            <ul>
              <li>
                <NavLink to="/" end>
                  {t('app.start')}
                </NavLink>
              </li>
              <li>
                <NavLink to="/mina-sidor">{t('app.myPages')}</NavLink>
              </li>
            </ul>
          </nav>
          <SessionHeader />
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="container" aria-busy={loading}>
        <p role="status" className={loading ? 'loading' : 'visually-hidden'}>
          {loading ? t('app.loading') : ''}
        </p>
        <SessionNotice />
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>{t('app.footerText')}</p>
          <p>
            {/* a page load of its own: the staff pages' Content-Security-Policy is not the citizens' (server http/security-headers) */}
            <Link to="/admin" reloadDocument>
              {t('app.admin')}
            </Link>
          </p>
          <p>
            <Link to="/skall-krav">{t('mustRequirements.title')}</Link>
          </p>
        </div>
      </footer>
      <IdleWarningDialog expiresAt={session?.expiresAt} warning={warning} refresh={refresh} logout={logout} />
      <ScrollRestoration />
    </>
  );
}

/** Shown while the first page's data loads. */
export function LoadingPage() {
  const { t } = useTranslation();
  return <p className="container loading">{t('app.loading')}</p>;
}
