import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useMatches, useNavigate } from 'react-router';
import { loginPath } from './loginLinks';
import { useSession } from './SessionProvider';

/** A route's `handle` may say that its page needs an e-ID login, and at which level. */
export interface LoginHandle {
  loginLoa: (loaderData: unknown) => number | undefined;
}

const isLoginHandle = (handle: unknown): handle is LoginHandle =>
  typeof (handle as Partial<LoginHandle> | null)?.loginLoa === 'function';

/** The login need of the current page: municipality and level, or undefined. */
function usePageLoginNeed(): { municipality: string; loa: number } | undefined {
  for (const match of [...useMatches()].reverse()) {
    const municipality = match.params.municipality;
    if (!municipality || !isLoginHandle(match.handle)) continue;
    const loa = match.handle.loginLoa(match.loaderData);
    if (loa !== undefined) return { municipality, loa };
  }
  return undefined;
}

/** The header's part about the login: who is logged in and "Logga ut", or "Logga in" where a page needs it. */
export function SessionHeader() {
  const { t } = useTranslation();
  const { session, logout } = useSession();
  const need = usePageLoginNeed();
  const location = useLocation();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);

  if (session) {
    const onLogout = async () => {
      setBusy(true);
      try {
        const next = await logout();
        if (next) await navigate(next);
      } catch {
        // the session stays; the button can be pressed again
      } finally {
        setBusy(false);
      }
    };
    return (
      <div className="session-header">
        <p className="session-name" data-testid="logged-in-name">
          {t('identity.loggedInAs')} <strong>{session.person.displayName}</strong>
        </p>
        <button
          type="button"
          className="header-button"
          data-testid="logout-button"
          disabled={busy}
          onClick={() => void onLogout()}
        >
          {busy ? t('identity.loggingOut') : t('identity.logout')}
        </button>
      </div>
    );
  }
  if (!need) return null;
  return (
    <div className="session-header">
      <Link
        className="header-button"
        data-testid="header-login-link"
        to={loginPath(need.municipality, location.pathname + location.search, need.loa)}
      >
        {t('identity.login')}
      </Link>
    </div>
  );
}
