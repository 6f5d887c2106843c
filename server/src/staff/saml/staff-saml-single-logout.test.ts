import { createVerify } from 'node:crypto';
import samlify from 'samlify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieBrowser } from '../../identity/saml/saml-test-app.js';
import { STAFF_SAML_GROUPS } from '../../simulators/saml-idp/staff-personas.js';
import { STAFF_CSRF_HEADER } from '../sessions.js';
import {
  inputValue,
  redirectMessage,
  startStaffSamlTestApp,
  TEST_STAFF_ACS as ACS,
  TEST_STAFF_IDP,
  TEST_STAFF_METHOD as METHOD,
  TEST_STAFF_SLO as SLO,
  TEST_STAFF_START as START,
  type StaffSamlTestApp,
} from './staff-saml-test-app.js';

/**
 * Forced re-login and single logout at a staff SAML IdP, over real HTTP against the app and the
 * staff IdP simulator, which keeps a single sign-on session of its own as AD FS does.
 */

const MINUTE = 60_000;

describe(`forced re-login and single logout at a staff SAML IdP (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let t: StaffSamlTestApp;
  beforeAll(async () => {
    t = await startStaffSamlTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const url = (path: string) => `${t.app.baseUrl}${path}`;
  const db = () => t.app.database.db;
  /** Ekdala's municipality administrator, who may give roles (which asks for a recent login) */
  const administrator = () => t.idp.persons.find((person) => person.groups.includes(STAFF_SAML_GROUPS.ekdalaAdmin))!;
  const lastAudit = (action: string) => db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

  const startLogin = (browser: CookieBrowser, options: { reauthenticate?: boolean } = {}) =>
    t.startLogin(browser, `returnTo=%2Fadmin%2Fpersonal${options.reauthenticate ? '&reauthenticate=1' : ''}`);

  /** The simulator's auto-posted answer, carried to our ACS. */
  async function postOn(browser: CookieBrowser, page: string): Promise<Response> {
    const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(action).toBe(url(ACS));
    return browser.postForm(action, { SAMLResponse: inputValue(page, 'SAMLResponse'), RelayState: inputValue(page, 'RelayState') });
  }

  /** A login through the simulator's page, the person said to have authenticated `minutesAgo` minutes ago. */
  async function logInAtSimulator(browser: CookieBrowser, options: { reauthenticate?: boolean; minutesAgo?: number } = {}): Promise<Response> {
    const { location } = await startLogin(browser, options);
    const page = await (await browser.fetch(location.toString())).text();
    expect(page, 'the simulator should ask who logs in').toContain('<title>Logga in som medarbetare (test)</title>');
    const chosen = await browser.postForm(`${t.idp.url}/sso/complete`, {
      requestId: inputValue(page, 'requestId'),
      relayState: inputValue(page, 'relayState'),
      person: administrator().objectId,
      minutesAgo: String(options.minutesAgo ?? 0),
    });
    return postOn(browser, await chosen.text());
  }

  const staffSessionOf = (browser: CookieBrowser) => t.staffSessionOf(browser);

  const sessionRow = async (browser: CookieBrowser) =>
    db().selectFrom('staff_sessions').selectAll().where('csrf_token', '=', (await staffSessionOf(browser)).csrfToken ?? '').executeTakeFirstOrThrow();

  /** Giving a role in the staff register, which asks for a recent login (the empty body is refused only after that check). */
  async function giveRole(browser: CookieBrowser) {
    const { csrfToken } = await staffSessionOf(browser);
    const response = await browser.fetch(url('/api/municipalities/ekdala/staff'), { method: 'POST', headers: { 'content-type': 'application/json', [STAFF_CSRF_HEADER]: csrfToken ?? '' }, body: '{}' });
    return { status: response.status, code: ((await response.json()) as { code?: string }).code };
  }

  it('lists single logout with both bindings, HTTP-Redirect and HTTP-POST, in the staff SP metadata', async () => {
    const metadata = samlify.SPMetadata(await (await fetch(url(`/api/staff/saml/${TEST_STAFF_IDP}/metadata`))).text());
    expect(metadata.getSingleLogoutService('redirect')).toBe(url(SLO));
    expect(metadata.getSingleLogoutService('post')).toBe(url(SLO));
  });

  describe('forced re-login', () => {
    it('takes the session’s time of authentication from the AuthnInstant: an IdP login made 15 minutes ago is not recent', async () => {
      const browser = new CookieBrowser();
      expect((await logInAtSimulator(browser, { minutesAgo: 15 })).status).toBe(303);
      const age = Date.now() - (await sessionRow(browser)).authenticated_at!.getTime();
      expect(age).toBeGreaterThan(14 * MINUTE);
      expect(age).toBeLessThan(16 * MINUTE);
      expect(await giveRole(browser)).toEqual({ status: 401, code: 'reauthentication-required' });
    });

    it('a login riding the IdP’s session keeps its AuthnInstant; the forced re-login sends ForceAuthn, the IdP asks again, and the login is recent', async () => {
      const browser = new CookieBrowser();
      expect((await logInAtSimulator(browser, { minutesAgo: 15 })).status).toBe(303);
      const first = await sessionRow(browser);

      // an ordinary login again: the simulator answers from its session at once, with the old AuthnInstant
      const { location, xml } = await startLogin(browser);
      expect(xml).not.toContain('ForceAuthn');
      const answered = await (await browser.fetch(location.toString())).text();
      expect(answered).not.toContain('<title>Logga in som medarbetare (test)</title>');
      expect((await postOn(browser, answered)).status).toBe(303);
      const riding = await sessionRow(browser);
      expect(riding.id_hash).not.toBe(first.id_hash);
      expect(riding.authenticated_at).toEqual(first.authenticated_at);
      expect(riding.saml_session_index).toBe(first.saml_session_index);
      expect(await giveRole(browser)).toEqual({ status: 401, code: 'reauthentication-required' });

      // "Logga in igen": a signed AuthnRequest with ForceAuthn, remembered as a forced one
      const forced = await startLogin(browser, { reauthenticate: true });
      expect(forced.xml).toContain('ForceAuthn="true"');
      const signed = forced.location.search.slice(1).split('&').filter((pair) => !pair.startsWith('Signature=')).join('&');
      expect(createVerify('RSA-SHA256').update(signed).verify(t.sp.signing.cert, forced.location.searchParams.get('Signature') ?? '', 'base64')).toBe(true);
      expect(await db().selectFrom('saml_requests').select(['reauthentication', 'return_to']).where('id', '=', forced.requestId).executeTakeFirstOrThrow()).toEqual({ reauthentication: true, return_to: '/admin/personal' });
      const page = await (await browser.fetch(forced.location.toString())).text();
      expect(page).toContain('<title>Logga in som medarbetare (test)</title>');
      const chosen = await browser.postForm(`${t.idp.url}/sso/complete`, { requestId: inputValue(page, 'requestId'), relayState: '', person: administrator().objectId, minutesAgo: '0' });
      const back = await postOn(browser, await chosen.text());
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toBe('/admin/personal');
      expect(Date.now() - (await sessionRow(browser)).authenticated_at!.getTime()).toBeLessThan(MINUTE);
      expect(await giveRole(browser)).toEqual({ status: 422, code: expect.not.stringMatching(/^reauthentication-required$/) });
    });

    it('refuses a forced re-login answered with an AuthnInstant from before the request: 401 problem, audited, the earlier session unchanged', async () => {
      const browser = new CookieBrowser();
      expect((await logInAtSimulator(browser)).status).toBe(303);
      const before = await staffSessionOf(browser);
      const count = async () => Number((await db().selectFrom('staff_sessions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
      const sessions = await count();
      const { requestId } = await startLogin(browser, { reauthenticate: true });
      // an IdP that ignored ForceAuthn and answered from a session of 15 minutes ago
      const issued = await t.idp.issueResponse({ inResponseTo: requestId, person: administrator(), authnInstant: new Date(Date.now() - 15 * MINUTE) });
      const response = await browser.fetch(url(ACS), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/problem+json' },
        body: new URLSearchParams({ SAMLResponse: issued.samlResponse }).toString(),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as { code: string; messages: Record<'sv' | 'en', { title: string; detail: string }> };
      expect(problem.code).toBe('staff-reauthentication-not-fresh');
      expect(problem.messages.sv.detail).toContain('Logga in igen');
      expect(problem.messages.en.detail).toContain('Log in again');
      expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('etjanst_staff='))).toBe(false);
      expect(await count()).toBe(sessions);
      expect(await staffSessionOf(browser)).toMatchObject({ authenticated: true, accountId: before.accountId, csrfToken: before.csrfToken });
      expect(await lastAudit('staff.login-refused')).toMatchObject({
        actor: 'anonymous',
        subject_id: METHOD,
        details: { method: METHOD, code: 'staff-reauthentication-not-fresh', reason: expect.stringMatching(/AuthnInstant .* is before the forced re-login/) },
      });
      // the request is used up: the same answer cannot be tried again
      expect((await browser.postForm(url(ACS), { SAMLResponse: issued.samlResponse })).status).toBe(401);
    });
  });

  describe('single logout', () => {
    it('SP-initiated: our signed LogoutRequest ends the IdP’s session, its signed LogoutResponse is taken once', async () => {
      const browser = new CookieBrowser();
      expect((await logInAtSimulator(browser)).status).toBe(303);
      const row = await sessionRow(browser);
      const { accountId, csrfToken } = await staffSessionOf(browser);

      const logout = await browser.fetch(url('/api/staff/session/logout'), { method: 'POST', headers: { 'content-type': 'application/json', [STAFF_CSRF_HEADER]: csrfToken ?? '' } });
      expect(logout.status).toBe(200);
      const request = new URL(((await logout.json()) as { redirectUrl: string }).redirectUrl);
      expect(`${request.origin}${request.pathname}`).toBe(t.idp.config.sloUrl);
      const xml = redirectMessage(request, 'SAMLRequest');
      expect(xml).toContain(`>${administrator().email}</saml:NameID>`);
      expect(xml).toContain(`>${row.saml_session_index}</saml2p:SessionIndex>`);
      expect(request.searchParams.get('Signature')).toBeTruthy();
      expect((await staffSessionOf(browser)).authenticated).toBe(false);
      expect(await lastAudit('staff.logged-out')).toMatchObject({ subject_id: accountId, details: { method: METHOD, singleLogout: true } });

      // at the IdP: it checks our signature, ends its session and answers to our SLO endpoint
      const atIdp = await browser.fetch(request.toString());
      expect(atIdp.status).toBe(302);
      const response = new URL(atIdp.headers.get('location') ?? '');
      expect(`${response.origin}${response.pathname}`).toBe(url(SLO));
      const logoutRequestId = /ID="([^"]+)"/.exec(xml)![1]!;
      expect(redirectMessage(response, 'SAMLResponse')).toContain(`InResponseTo="${logoutRequestId}"`);
      const done = await browser.fetch(response.toString());
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe('/admin/logga-in?utloggad=1');
      expect(await db().selectFrom('saml_requests').select('id').where('id', '=', logoutRequestId).executeTakeFirst()).toBeUndefined();

      // once: the same LogoutResponse again is refused, and audited
      const replay = await browser.fetch(response.toString());
      expect(replay.status).toBe(401);
      expect(await replay.text()).toContain('data-problem-code="saml-logout-invalid"');
      expect(await lastAudit('staff.logout-refused')).toMatchObject({ actor: 'anonymous', subject_id: METHOD, details: { method: METHOD, code: 'saml-logout-invalid' } });

      // the IdP's session is gone: the next login asks who logs in
      const { location } = await startLogin(browser);
      expect(await (await browser.fetch(location.toString())).text()).toContain('<title>Logga in som medarbetare (test)</title>');
    });

    it('IdP-initiated: the IdP’s signed LogoutRequest ends the session it names (NameID and SessionIndex), answered with our signed LogoutResponse', async () => {
      const browser = new CookieBrowser();
      expect((await logInAtSimulator(browser)).status).toBe(303);
      const { accountId } = await staffSessionOf(browser);
      const { saml_session_index: sessionIndex } = await sessionRow(browser);
      // the same person in another browser, another IdP session: not named, so it stays
      const other = new CookieBrowser();
      const { requestId } = await startLogin(other);
      const issued = await t.idp.issueResponse({ inResponseTo: requestId, person: administrator() });
      expect((await other.postForm(url(ACS), { SAMLResponse: issued.samlResponse })).status).toBe(303);

      // the person logs out on the IdP's own page
      const initiated = await browser.postForm(`${t.idp.url}/slo/initiate`, { sessionIndex: sessionIndex! });
      expect(initiated.status).toBe(302);
      const request = new URL(initiated.headers.get('location') ?? '');
      expect(`${request.origin}${request.pathname}`).toBe(url(SLO));
      const answer = await browser.fetch(request.toString());
      expect(answer.status).toBe(302);
      const response = new URL(answer.headers.get('location') ?? '');
      expect(`${response.origin}${response.pathname}`).toBe(t.idp.config.sloUrl);
      const logoutResponse = redirectMessage(response, 'SAMLResponse');
      expect(logoutResponse).toContain('urn:oasis:names:tc:SAML:2.0:status:Success');
      expect(logoutResponse).toContain(`InResponseTo="${/ID="([^"]+)"/.exec(redirectMessage(request, 'SAMLRequest'))![1]}"`);
      const signed = response.search.slice(1).split('&').filter((pair) => !pair.startsWith('Signature=')).join('&');
      expect(createVerify('RSA-SHA256').update(signed).verify(t.sp.signing.cert, response.searchParams.get('Signature') ?? '', 'base64')).toBe(true);

      expect((await staffSessionOf(browser)).authenticated).toBe(false);
      expect((await staffSessionOf(other)).authenticated).toBe(true);
      expect(await lastAudit('staff.logged-out')).toMatchObject({ subject_id: accountId, details: { method: METHOD, initiatedBy: 'identity-provider' } });
      // the IdP takes our answer
      const confirmed = await browser.fetch(response.toString());
      expect(confirmed.status).toBe(200);
      expect(await confirmed.text()).toContain('Utloggad');
    });

    it('refuses a LogoutRequest without its signature, ends nothing, and audits the refusal', async () => {
      const browser = new CookieBrowser();
      const { requestId } = await startLogin(browser);
      const issued = await t.idp.issueResponse({ inResponseTo: requestId, person: administrator() });
      expect((await browser.postForm(url(ACS), { SAMLResponse: issued.samlResponse })).status).toBe(303);
      const request = new URL(await t.idp.logoutRequestUrl({ nameId: issued.nameId, sessionIndex: issued.sessionIndex }));
      request.searchParams.delete('Signature');
      const refused = await browser.fetch(request.toString());
      expect(refused.status).toBe(401);
      expect(await refused.text()).toContain('data-problem-code="saml-logout-invalid"');
      expect((await staffSessionOf(browser)).authenticated).toBe(true);
      expect(await lastAudit('staff.logout-refused')).toMatchObject({ details: { code: 'saml-logout-invalid', reason: expect.stringMatching(/unsigned/) } });
    });
  });
});
