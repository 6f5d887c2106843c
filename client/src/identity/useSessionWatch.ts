import { useEffect, useState } from 'react';

/** How often the session's expiry is checked (without counting as activity). */
const POLL_MS = 30_000;
/** The warning shows this long before the session ends. */
export const WARNING_MS = 2 * 60_000;

/**
 * Keeps watch over a session ending at `expiresAt` (undefined: nobody is logged in): `check`
 * asks the server every 30 s and when the tab becomes visible, and again when the idle warning
 * is due and just after the end, since the server has the last word. Returns whether the idle
 * warning is due. Shared by the citizens' and the staff's session providers.
 */
export function useSessionWatch(expiresAt: string | undefined, check: () => Promise<unknown>): boolean {
  const [now, setNow] = useState(() => Date.now());
  const loggedIn = expiresAt !== undefined;

  useEffect(() => {
    if (!loggedIn) return;
    const timer = window.setInterval(() => void check(), POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void check();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [loggedIn, check]);

  const end = expiresAt === undefined ? NaN : Date.parse(expiresAt);
  useEffect(() => {
    setNow(Date.now()); // a new end (refreshed, or another session) is judged from now
    if (Number.isNaN(end)) return;
    const timers = [end - WARNING_MS, end + 1_000]
      .map((at) => at - Date.now())
      .filter((delay) => delay > 0)
      .map((delay) =>
        window.setTimeout(() => {
          setNow(Date.now());
          void check();
        }, delay),
      );
    return () => timers.forEach((timer) => window.clearTimeout(timer));
  }, [end, check]);

  return !Number.isNaN(end) && now >= end - WARNING_MS;
}
