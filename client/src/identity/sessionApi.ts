import type { Language } from '@etjanst/schemas';
import { deleteJson, getJson, postJson, segment } from '../shared/api';

export interface Person {
  displayName: string;
  givenName: string;
  surname: string;
  personalIdentityNumber: string;
}

/** A logged-in citizen's session, as GET /api/session describes it. */
export interface Session {
  authenticated: true;
  municipalityId: string;
  person: Person;
  /** Level of assurance of the login (2 or 3) */
  loa: number;
  /** 'bankid' or 'saml:<idp>' */
  method: string;
  /** ISO time when the session ends unless it is used or refreshed */
  expiresAt: string;
  idleSeconds: number;
  csrfToken: string;
}

export type SessionResponse = { authenticated: false } | Session;

export type BilingualText = Record<Language, string>;

export interface BankIdMethod {
  id: string;
  kind: 'bankid';
  name: BilingualText;
  loa: number;
}

export interface SamlMethod {
  id: string;
  kind: 'saml';
  name: BilingualText;
  loa: number;
  startUrl: string;
}

export type LoginMethod = BankIdMethod | SamlMethod;

export type BankIdStatus = 'pending' | 'complete' | 'failed';

export interface BankIdOrder {
  orderId: string;
  autoStartToken: string;
  qrData: string;
  status: 'pending';
  message: BilingualText;
}

export interface BankIdCollect {
  status: BankIdStatus;
  hintCode?: string;
  message: BilingualText;
  qrData?: string;
}

const SESSION = '/api/session';
const loginPathOf = (municipality: string) => `/api/municipalities/${segment(municipality)}/login`;

const asSession = (response: SessionResponse): Session | null => (response.authenticated ? response : null);

/** The current session; `touch: false` asks the server not to count the request as activity. */
export async function fetchSession(touch: boolean, signal?: AbortSignal): Promise<Session | null> {
  const headers: HeadersInit = touch ? {} : { 'x-session-touch': 'false' };
  return asSession(await getJson<SessionResponse>(SESSION, signal, headers));
}

/** Extends the session's idle timeout. */
export async function refreshSession(): Promise<Session | null> {
  return asSession(await postJson<SessionResponse>(`${SESSION}/refresh`));
}

export const isSamlSession = (session: Session): boolean => session.method.startsWith('saml:');

/** Ends the session; SAML sessions log out at the identity provider too. Returns where to go next. */
export async function logout(session: Session): Promise<string> {
  const path = isSamlSession(session)
    ? `${loginPathOf(session.municipalityId)}/saml/logout`
    : `${SESSION}/logout`;
  const { redirectUrl } = await postJson<{ redirectUrl: string }>(path);
  return redirectUrl;
}

export async function fetchLoginMethods(municipality: string, signal?: AbortSignal): Promise<LoginMethod[]> {
  return (await getJson<{ methods: LoginMethod[] }>(loginPathOf(municipality), signal)).methods;
}

/** Where the citizens' BankID login of a municipality is started (POST) and its orders polled. */
export const bankIdLoginPath = (municipality: string): string => `${loginPathOf(municipality)}/bankid`;

/**
 * A BankID login at `basePath`: POST starts an order, GET `basePath/:orderId` polls it, DELETE
 * cancels it. Citizens and staff log in with the same protocol at different paths.
 */
export const startBankId = (basePath: string): Promise<BankIdOrder> => postJson<BankIdOrder>(basePath);

const bankIdOrderPath = (basePath: string, orderId: string) => `${basePath}/${segment(orderId)}`;

export const collectBankId = (basePath: string, orderId: string, signal?: AbortSignal): Promise<BankIdCollect> =>
  getJson<BankIdCollect>(bankIdOrderPath(basePath, orderId), signal);

export const cancelBankId = (basePath: string, orderId: string): Promise<unknown> => deleteJson(bankIdOrderPath(basePath, orderId));

/** The BankID app's start link for this device. */
export const bankIdAutoStartUrl = (autoStartToken: string): string =>
  `bankid:///?autostarttoken=${encodeURIComponent(autoStartToken)}&redirect=null`;

/** The SAML login's start address: a full page load to the identity provider via the server. */
export function samlStartUrl(startUrl: string, returnTo: string, loa: number): string {
  const url = new URL(startUrl, window.location.origin);
  url.searchParams.set('returnTo', returnTo);
  url.searchParams.set('loa', String(loa));
  return url.origin === window.location.origin ? `${url.pathname}${url.search}` : url.href;
}
