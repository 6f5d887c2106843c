import type { LocalizedText, StaffSessionView } from '@etjanst/schemas';
import { getJson, postJson } from '../shared/api';

/** A way for staff to log in, as GET /api/staff/login-methods lists it. */
export interface StaffLoginMethod {
  id: string;
  /** 'oidc' and 'saml' leave for the identity provider (startPath); 'local' and 'e-id' log in on the page */
  kind: 'local' | 'oidc' | 'saml' | 'e-id';
  name: LocalizedText;
  startPath?: string;
}

type StaffSessionResponse = StaffSessionView | { authenticated: false; expired?: boolean };

/** The staff login as the server sees it: the session, or none (`expired`: it timed out). */
export interface StaffSessionState {
  session: StaffSessionView | null;
  expired: boolean;
}

const SESSION = '/api/staff/session';

const stateOf = (response: StaffSessionResponse): StaffSessionState =>
  response.authenticated ? { session: response, expired: false } : { session: null, expired: response.expired === true };

/** The staff session; `touch: false` asks the server not to count the request as activity. */
export async function fetchStaffSession(touch: boolean, signal?: AbortSignal): Promise<StaffSessionState> {
  return stateOf(await getJson<StaffSessionResponse>(SESSION, signal, touch ? {} : { 'x-session-touch': 'false' }));
}

/** Extends the staff session's idle timeout. */
export async function refreshStaffSession(): Promise<StaffSessionState> {
  return stateOf(await postJson<StaffSessionResponse>(`${SESSION}/refresh`));
}

/**
 * Ends the staff session. Where to go next: the identity provider's single logout (an absolute
 * address on its site, which sends the browser back to the staff login page), or the staff login page.
 */
export async function logoutStaff(): Promise<string> {
  return (await postJson<{ redirectUrl: string }>(`${SESSION}/logout`)).redirectUrl;
}

export async function fetchStaffLoginMethods(signal?: AbortSignal): Promise<StaffLoginMethod[]> {
  return (await getJson<{ methods: StaffLoginMethod[] }>('/api/staff/login-methods', signal)).methods;
}

/** The break-glass local administrator: password and a 6-digit code from the authenticator app. */
export const loginLocal = (credentials: { username: string; password: string; totp: string }): Promise<StaffSessionView> =>
  postJson<StaffSessionView>('/api/staff/login/local', credentials);

/** The local administrator's fresh proof in their session, before a sensitive action: password and code again. */
export const reauthenticateLocal = (proof: { password: string; totp: string }): Promise<StaffSessionView> =>
  postJson<StaffSessionView>('/api/staff/session/reauthenticate/local', proof);

/** Where a staff e-ID session's BankID re-authentication is started and polled (the login's order flow; the same person only). */
export const STAFF_BANKID_REAUTH_PATH = '/api/staff/session/reauthenticate/e-id/bankid';

/** Where a staff member's BankID login is started and its orders polled (as the citizens' one, through the staff register). */
export const STAFF_BANKID_PATH = '/api/staff/login/e-id/bankid';

/**
 * A redirect-based login's start address (full page load), coming back to `returnTo` afterwards;
 * `reauthenticate`: a forced re-login, where the identity provider asks the person anew.
 */
export function redirectLoginUrl(startPath: string, returnTo: string, options: { reauthenticate?: boolean } = {}): string {
  const url = new URL(startPath, window.location.origin);
  url.searchParams.set('returnTo', returnTo);
  if (options.reauthenticate) url.searchParams.set('reauthenticate', '1');
  return url.origin === window.location.origin ? `${url.pathname}${url.search}` : url.href;
}
