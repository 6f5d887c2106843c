import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, ScrollRestoration, useNavigation } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch';

export function Layout() {
  const { t } = useTranslation();
  const loading = useNavigation().state === 'loading';
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <header className="site-header">
        <div className="container site-header-inner">
          <Link to="/" className="site-name">
            {t('app.name')}
          </Link>
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
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="container" aria-busy={loading}>
        <p role="status" className={loading ? 'loading' : 'visually-hidden'}>
          {loading ? t('app.loading') : ''}
        </p>
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>{t('app.footerText')}</p>
          <p>
            <Link to="/admin">{t('app.admin')}</Link>
          </p>
        </div>
      </footer>
      <ScrollRestoration />
    </>
  );
}

/** Shown while the first page's data loads. */
export function LoadingPage() {
  const { t } = useTranslation();
  return <p className="container loading">{t('app.loading')}</p>;
}
