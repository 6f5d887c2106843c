import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, ScrollRestoration, useNavigation } from 'react-router';
import { IdleWarningDialog } from '../identity/IdleWarningDialog';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { StaffSessionProvider, useStaffSession } from './StaffSessionProvider';
import './staff.css';

/**
 * The frame of the staff pages (/admin/…): work tools on large screens, so the main column uses
 * the screen's width, and the header shows the staff login, never a citizen's.
 */
export function StaffLayout() {
  return (
    <StaffSessionProvider>
      <StaffFrame />
    </StaffSessionProvider>
  );
}

function StaffFrame() {
  const { t } = useTranslation();
  const loading = useNavigation().state === 'loading';
  const { session, warning, refresh, logout } = useStaffSession();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <header className="site-header staff-header">
        <div className="container-wide site-header-inner">
          <Link to="/admin" className="site-name">
            {t('staff.areaName')}
          </Link>
          {session && (
            <nav aria-label={t('staff.nav')} className="site-nav">
              <ul>
                <li>
                  <NavLink to="/admin" end>
                    {t('staff.start')}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/admin/mina-roller">{t('staff.myRoles.title')}</NavLink>
                </li>
              </ul>
            </nav>
          )}
          <StaffHeader />
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="container-wide" aria-busy={loading}>
        <p role="status" className={loading ? 'loading' : 'visually-hidden'}>
          {loading ? t('app.loading') : ''}
        </p>
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container-wide">
          <p>
            <Link to="/">{t('staff.toPortal')}</Link>
          </p>
        </div>
      </footer>
      <IdleWarningDialog expiresAt={session?.expiresAt} warning={warning} refresh={refresh} logout={logout} />
      <ScrollRestoration />
    </>
  );
}

/** Who is logged in as staff, and "Logga ut". */
function StaffHeader() {
  const { t } = useTranslation();
  const { session, logout } = useStaffSession();
  const [busy, setBusy] = useState(false);
  if (!session) return null;
  const onLogout = async () => {
    setBusy(true);
    try {
      await logout();
    } catch {
      setBusy(false); // the login stays; the button can be pressed again
    }
  };
  return (
    <div className="session-header">
      <p className="session-name" data-testid="staff-name">
        {t('staff.loggedInAs')} <strong>{session.displayName}</strong>
      </p>
      <button type="button" className="header-button" data-testid="staff-logout-button" disabled={busy} onClick={() => void onLogout()}>
        {busy ? t('identity.loggingOut') : t('identity.logout')}
      </button>
    </div>
  );
}
