import type { StaffSessionView } from '@etjanst/schemas';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useSessionWatch } from '../identity/useSessionWatch';
import { onStaffLoginNeeded } from '../shared/api';
import { STAFF_LOGIN_PATH, staffLoginPath } from './access';
import { logoutStaff, refreshStaffSession } from './staffApi';
import { loadStaffSession, publishStaffSession, staffSessionSnapshot, subscribeStaffSession } from './staffSession';

/** Why the staff member is on the login page although they were logged in, to tell them so. */
export type StaffLoggedOutReason = 'expired' | 'logged-out';

export interface StaffSessionContextValue {
  /** undefined until the first answer from the server */
  session: StaffSessionView | null | undefined;
  notice: StaffLoggedOutReason | null;
  /** The idle-timeout warning is due */
  warning: boolean;
  /** Reads the session again (after a login) */
  reload: () => Promise<StaffSessionView | null>;
  /** Extends the session (the staff member chose to stay logged in) */
  refresh: () => Promise<void>;
  /** Logs out and goes to the staff login page, by way of the identity provider's single logout where it has one */
  logout: () => Promise<void>;
  dismissNotice: () => void;
}

const StaffSessionContext = createContext<StaffSessionContextValue | null>(null);

export function useStaffSession(): StaffSessionContextValue {
  const value = useContext(StaffSessionContext);
  if (!value) throw new Error('useStaffSession outside StaffSessionProvider');
  return value;
}

/**
 * The logged-in staff member on a page behind the guard (which has made sure there is one). When
 * the login ends the page keeps the last one for the moment until it gives way to the login page.
 */
export function useStaff(): StaffSessionView {
  const { session } = useStaffSession();
  const last = useRef(session);
  if (session) last.current = session;
  if (!last.current) throw new Error('useStaff on a page without a staff login');
  return last.current;
}

/**
 * The staff login for the staff pages, kept like the citizen's session: checked every 30 s and
 * when the tab becomes visible, the idle warning two minutes before the end. When the login ends
 * (timed out, logged out, or any staff call answering 401) the person goes to the staff login
 * page, which then comes back to where they were.
 */
export function StaffSessionProvider({ children }: { children: ReactNode }) {
  const state = useSyncExternalStore(subscribeStaffSession, staffSessionSnapshot);
  const session = state?.session;
  const [notice, setNotice] = useState<StaffLoggedOutReason | null>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef('');
  here.current = `${location.pathname}${location.search}`;

  /** Off to the login page, unless there already, coming back here afterwards. */
  const toLogin = useCallback(
    (reason: StaffLoggedOutReason) => {
      setNotice(reason);
      if (!here.current.startsWith(STAFF_LOGIN_PATH)) void navigate(reason === 'logged-out' ? STAFF_LOGIN_PATH : staffLoginPath(here.current));
    },
    [navigate],
  );

  // Asks the server without extending the session; a session that is gone has expired.
  const check = useCallback(
    async (signal?: AbortSignal) => {
      const previous = staffSessionSnapshot()?.session;
      try {
        const next = await loadStaffSession(false, signal);
        if (previous && !next) toLogin('expired');
      } catch {
        // offline or aborted: keep what we know, the next check decides
      }
    },
    [toLogin],
  );

  useEffect(() => {
    if (staffSessionSnapshot() !== undefined) return; // a guard has just asked
    const controller = new AbortController();
    void check(controller.signal);
    return () => controller.abort();
  }, [check]);

  useEffect(
    () =>
      onStaffLoginNeeded(() => {
        publishStaffSession({ session: null, expired: true });
        toLogin('expired');
      }),
    [toLogin],
  );

  const warning = useSessionWatch(session?.expiresAt, check);

  const reload = useCallback(async () => {
    const next = await loadStaffSession(true);
    if (next) setNotice(null);
    return next;
  }, []);

  const refresh = useCallback(async () => {
    const next = await refreshStaffSession();
    publishStaffSession(next);
    if (!next.session) toLogin('expired');
  }, [toLogin]);

  const logout = useCallback(async () => {
    const next = await logoutStaff();
    publishStaffSession({ session: null, expired: false });
    // single logout at the identity provider: a full page load there, which comes back to the login page
    if (!next.startsWith('/') || next.startsWith('//')) window.location.assign(next);
    else toLogin('logged-out');
  }, [toLogin]);

  const value = useMemo<StaffSessionContextValue>(
    () => ({ session, notice, warning, reload, refresh, logout, dismissNotice: () => setNotice(null) }),
    [session, notice, warning, reload, refresh, logout],
  );
  return <StaffSessionContext.Provider value={value}>{children}</StaffSessionContext.Provider>;
}
