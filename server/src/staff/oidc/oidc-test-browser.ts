import { expect } from 'vitest';
import { STAFF_SESSION_COOKIE } from '../sessions.js';

/**
 * For tests of the staff OpenID Connect login over real HTTP against the oidc-provider simulator:
 * a small cookie-carrying browser that follows redirects by hand, so each step of the flow can be
 * looked at, replayed or forged, and the steps of a login through one provider.
 */

interface Cookie {
  value: string;
  path: string;
}

/** A browser as far as this flow needs one: a cookie jar (like browsers, not split by port) and manual redirects. */
export class OidcTestBrowser {
  readonly cookies = new Map<string, Cookie>();

  async request(url: string | URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const cookie = [...this.cookies].filter(([, c]) => target.pathname.startsWith(c.path)).map(([name, c]) => `${name}=${c.value}`).join('; ');
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const name = pair!.slice(0, pair!.indexOf('='));
      const value = pair!.slice(pair!.indexOf('=') + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) || '/';
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && new Date(a.slice(8)) < new Date()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
    return response;
  }

  /** Follows redirects from `url` until an answer that is not one, or until `stopBefore` says the next hop is for the test to make. */
  async follow(url: string | URL, options: { form?: Record<string, string>; stopBefore?: (next: URL) => boolean } = {}): Promise<{ response?: Response; url: URL; hops: URL[] }> {
    let current = new URL(url);
    const hops: URL[] = [];
    let response = await this.request(current, options.form ? { form: options.form } : {});
    for (let i = 0; i < 20 && response.status >= 300 && response.status < 400; i++) {
      current = new URL(response.headers.get('location')!, current);
      hops.push(current);
      if (options.stopBefore?.(current)) return { url: current, hops };
      response = await this.request(current);
    }
    return { response, url: current, hops };
  }

  get staffCookie(): string | undefined {
    const session = this.cookies.get(STAFF_SESSION_COOKIE);
    return session && `${STAFF_SESSION_COOKIE}=${session.value}`;
  }
}

/** How a login is started and answered at the simulator. */
export interface LoginOptions {
  returnTo?: string | undefined;
  /** A forced re-login (`reauthenticate=1`) */
  reauthenticate?: boolean;
  /** Tell the simulator the person logged in this many minutes ago (its auth_time) */
  minutesAgo?: number;
  rewriteAuthorization?: (url: URL) => void;
}

/** The steps of a login at provider `providerId` of the app at `baseUrl()` (read when a step runs). */
export function oidcLoginSteps(baseUrl: () => string, providerId: string) {
  const isCallback = (url: URL) => url.pathname.endsWith(`/staff/login/oidc/${providerId}/callback`);
  const startUrl = (returnTo = '/admin/tjanster', reauthenticate = false) =>
    `${baseUrl()}/api/staff/login/oidc/${providerId}/start?returnTo=${encodeURIComponent(returnTo)}${reauthenticate ? '&reauthenticate=1' : ''}`;

  /** From the start to the simulator's page where the tester picks a person; returns the form's action. */
  async function reachLoginPage(browser: OidcTestBrowser, options: LoginOptions = {}): Promise<URL> {
    let { response, url } = await browser.follow(startUrl(options.returnTo, options.reauthenticate), { stopBefore: (next) => next.pathname === '/auth' && options.rewriteAuthorization !== undefined });
    if (!response) {
      options.rewriteAuthorization!(url);
      ({ response, url } = await browser.follow(url));
    }
    expect(response!.status).toBe(200);
    const html = await response!.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    expect(action, html).toMatch(/^\/interaction\/[^/]+\/login$/);
    return new URL(action!, url);
  }

  /** Picks `subject` on the simulator and follows the provider's redirects up to (not into) our callback. */
  async function callbackFor(browser: OidcTestBrowser, subject: string, options: LoginOptions = {}): Promise<URL> {
    const action = await reachLoginPage(browser, options);
    const { response, url } = await browser.follow(action, { form: { subject, minutesAgo: String(options.minutesAgo ?? 0) }, stopBefore: isCallback });
    expect(response, 'the provider should send the browser to the platform’s callback').toBeUndefined();
    return url;
  }

  async function logIn(browser: OidcTestBrowser, subject: string, returnTo?: string, options: Omit<LoginOptions, 'returnTo'> = {}): Promise<Response> {
    const callback = await callbackFor(browser, subject, { ...options, returnTo });
    return browser.request(callback);
  }

  /** A login that rides the simulator's session: no login page, straight back to our callback. */
  async function singleSignOnCallback(browser: OidcTestBrowser, returnTo?: string): Promise<URL> {
    const { response, url } = await browser.follow(startUrl(returnTo), { stopBefore: isCallback });
    expect(response, 'the provider should answer from its session, without asking who logs in').toBeUndefined();
    return url;
  }

  return { startUrl, reachLoginPage, callbackFor, logIn, singleSignOnCallback };
}

/** The problem code of a refusal page (HTML in Swedish and English). */
export async function refusalCode(response: Response): Promise<string | undefined> {
  expect(response.headers.get('content-type')).toMatch(/text\/html/);
  const html = await response.text();
  expect(html).toMatch(/lang="en"/); // Swedish and English
  return /data-problem-code="([^"]+)"/.exec(html)?.[1];
}

export const setsStaffCookie = (response: Response) => response.headers.getSetCookie().some((line) => line.startsWith(`${STAFF_SESSION_COOKIE}=`) && !line.startsWith(`${STAFF_SESSION_COOKIE}=;`));
