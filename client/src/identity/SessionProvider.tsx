import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { onSessionExpired, setCsrfToken } from '../shared/api';
import { fetchSession, logout as logoutRequest, refreshSession, type Session } from './sessionApi';
import { useSessionWatch } from './useSessionWatch';

/** Why the citizen is no longer logged in, to tell them so. */
export type LoggedOutReason = 'expired' | 'logged-out';

export interface LoggedOutNotice {
  reason: LoggedOutReason;
  /** The municipality of the session that ended, for the "log in again" link */
  municipalityId: string;
}

export interface SessionContextValue {
  /** 'loading' until the first answer from the server */
  status: 'loading' | 'ready';
  session: Session | null;
  /** Shown (and cleared) by the layout */
  notice: LoggedOutNotice | null;
  /** The idle-timeout warning is due: the session ends at `session.expiresAt` */
  warning: boolean;
  /** Reads the session again (after a login) */
  reload: () => Promise<Session | null>;
  /** Extends the session (the citizen chose to stay logged in) */
  refresh: () => Promise<void>;
  /** Logs out; returns the address to go to, already followed when it is another site or a SAML logout */
  logout: () => Promise<string | undefined>;
  dismissNotice: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The session of the given municipality, or null (a session belongs to one municipality). */
export function useMunicipalitySession(municipality: string): Session | null {
  const { session } = useSession();
  return session && session.municipalityId === municipality ? session : null;
}

/**
 * Loads the session at start, keeps the CSRF token of the API client in step, checks every
 * 30 s (and when the tab becomes visible) whether the session is still alive, raises the
 * idle-timeout warning two minutes before the end and tells the citizen when it has ended.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<'loading' | 'ready'>('loading');
  const [session, setSessionState] = useState<Session | null>(null);
  const [notice, setNotice] = useState<LoggedOutNotice | null>(null);
  const sessionRef = useRef<Session | null>(null);

  const setSession = useCallback((next: Session | null, endedBecause?: LoggedOutReason) => {
    const previous = sessionRef.current;
    sessionRef.current = next;
    setCsrfToken(next?.csrfToken);
    setSessionState(next);
    if (next) setNotice(null);
    else if (previous && endedBecause) setNotice({ reason: endedBecause, municipalityId: previous.municipalityId });
  }, []);

  /** Asks the server without extending the session; a session that is gone has expired. */
  const check = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const next = await fetchSession(false, signal);
        setSession(next, 'expired');
        return next;
      } catch {
        return sessionRef.current; // offline or aborted: keep what we know, the next check decides
      }
    },
    [setSession],
  );

  useEffect(() => {
    const controller = new AbortController();
    void check(controller.signal).finally(() => {
      if (!controller.signal.aborted) setStatus('ready');
    });
    return () => controller.abort();
  }, [check]);

  useEffect(() => onSessionExpired(() => setSession(null, 'expired')), [setSession]);

  const warning = useSessionWatch(session?.expiresAt, check);

  const reload = useCallback(async () => {
    const next = await fetchSession(true);
    setSession(next);
    return next;
  }, [setSession]);

  const refresh = useCallback(async () => {
    setSession(await refreshSession(), 'expired');
  }, [setSession]);

  const logout = useCallback(async () => {
    const current = sessionRef.current;
    if (!current) return undefined;
    const redirectUrl = await logoutRequest(current);
    const leavesSite = current.method.startsWith('saml:') || !redirectUrl.startsWith('/') || redirectUrl.startsWith('//');
    setSession(null, 'logged-out');
    if (leavesSite) {
      window.location.assign(redirectUrl); // single logout at the identity provider
      return undefined;
    }
    return redirectUrl;
  }, [setSession]);

  const value = useMemo<SessionContextValue>(
    () => ({
      status,
      session,
      notice,
      warning,
      reload,
      refresh,
      logout,
      dismissNotice: () => setNotice(null),
    }),
    [status, session, notice, warning, reload, refresh, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
