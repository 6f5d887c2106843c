import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieBrowser } from '../../identity/saml/saml-test-app.js';
import { STAFF_SAML_GROUPS } from '../../simulators/saml-idp/staff-personas.js';
import { STAFF_CSRF_HEADER } from '../sessions.js';
import { startStaffSamlTestApp, TEST_STAFF_IDP, type StaffSamlTestApp } from './staff-saml-test-app.js';

/**
 * Single logout with a staff SAML IdP that sends its messages over HTTP-POST (SAML Bindings 3.5):
 * the simulator as such an IdP auto-posts its LogoutRequest and its LogoutResponse to our SLO
 * endpoint, whose XML signature is checked, and a LogoutResponse is taken once.
 */

const START = `/api/staff/login/saml/${TEST_STAFF_IDP}/start`;
const ACS = `/api/staff/saml/${TEST_STAFF_IDP}/acs`;
const SLO = `/api/staff/saml/${TEST_STAFF_IDP}/slo`;
const METHOD = `saml:${TEST_STAFF_IDP}`;

const inputValue = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
const formAction = (html: string) => /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '';
const xmlOf = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

describe(`single logout over HTTP-POST with a staff SAML IdP (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let t: StaffSamlTestApp;
  beforeAll(async () => {
    t = await startStaffSamlTestApp({ singleLogoutBinding: 'post' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const url = (path: string) => `${t.app.baseUrl}${path}`;
  const db = () => t.app.database.db;
  const administrator = () => t.idp.persons.find((person) => person.groups.includes(STAFF_SAML_GROUPS.ekdalaAdmin))!;
  const lastAudit = (action: string) => db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  const staffSessionOf = async (browser: CookieBrowser) => (await (await browser.fetch(url('/api/staff/session'))).json()) as { authenticated: boolean; accountId?: string; csrfToken?: string };

  /** A login whose Response the simulator issued, and what single logout needs of it. */
  async function logIn(browser: CookieBrowser) {
    const started = await browser.fetch(url(`${START}?returnTo=%2Fadmin`));
    const location = new URL(started.headers.get('location') ?? '');
    const requestId = /ID="([^"]+)"/.exec(inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8'))?.[1] ?? '';
    const issued = await t.idp.issueResponse({ inResponseTo: requestId, person: administrator() });
    expect((await browser.postForm(url(ACS), { SAMLResponse: issued.samlResponse })).status).toBe(303);
    return issued;
  }

  it('SP-initiated: the IdP’s posted, signed LogoutResponse is taken once; a replay is refused and audited', async () => {
    const browser = new CookieBrowser();
    await logIn(browser);
    const { csrfToken } = await staffSessionOf(browser);
    const logout = await browser.fetch(url('/api/staff/session/logout'), { method: 'POST', headers: { 'content-type': 'application/json', [STAFF_CSRF_HEADER]: csrfToken ?? '' } });
    const request = new URL(((await logout.json()) as { redirectUrl: string }).redirectUrl);
    expect(`${request.origin}${request.pathname}`).toBe(t.idp.config.sloUrl);
    const logoutRequestId = /ID="([^"]+)"/.exec(inflateRawSync(Buffer.from(request.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8'))![1]!;

    // the IdP answers with a form that posts its LogoutResponse to our SLO endpoint
    const page = await (await browser.fetch(request.toString())).text();
    expect(formAction(page)).toBe(url(SLO));
    const samlResponse = inputValue(page, 'SAMLResponse');
    const xml = xmlOf(samlResponse);
    expect(xml).toContain(`InResponseTo="${logoutRequestId}"`);
    expect(xml).toContain('Signature');
    // without its signature, or with another status after signing, it is refused and the logout request stays open
    const unsigned = xml.replace(/<(\w+:)?Signature[\s\S]*<\/(\w+:)?Signature>/, '');
    const failed = xml.replace('urn:oasis:names:tc:SAML:2.0:status:Success', 'urn:oasis:names:tc:SAML:2.0:status:Requester');
    for (const forged of [unsigned, failed]) {
      expect(forged).not.toBe(xml);
      expect((await browser.postForm(url(SLO), { SAMLResponse: Buffer.from(forged).toString('base64') })).status).toBe(401);
    }
    const done = await browser.postForm(url(SLO), { SAMLResponse: samlResponse, RelayState: inputValue(page, 'RelayState') });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/admin/logga-in?utloggad=1');
    expect(await db().selectFrom('saml_requests').select('id').where('id', '=', logoutRequestId).executeTakeFirst()).toBeUndefined();

    const replay = await browser.postForm(url(SLO), { SAMLResponse: samlResponse });
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain('data-problem-code="saml-logout-invalid"');
    expect(await lastAudit('staff.logout-refused')).toMatchObject({ subject_id: METHOD, details: { code: 'saml-logout-invalid', reason: expect.stringMatching(/InResponseTo/) } });
  });

  it('IdP-initiated: its posted, signed LogoutRequest ends the session it names, answered with our signed LogoutResponse', async () => {
    const browser = new CookieBrowser();
    const issued = await logIn(browser);
    const { accountId } = await staffSessionOf(browser);
    const other = new CookieBrowser();
    await logIn(other);

    // the person logs out on the IdP's own page, which posts its LogoutRequest to us
    const page = await (await browser.postForm(`${t.idp.url}/slo/initiate`, { sessionIndex: issued.sessionIndex })).text();
    expect(formAction(page)).toBe(url(SLO));
    const answer = await browser.postForm(url(SLO), { SAMLRequest: inputValue(page, 'SAMLRequest') });
    expect(answer.status).toBe(302);
    const response = new URL(answer.headers.get('location') ?? '');
    expect(`${response.origin}${response.pathname}`).toBe(t.idp.config.sloUrl);
    expect(response.searchParams.get('Signature')).toBeTruthy();
    expect((await staffSessionOf(browser)).authenticated).toBe(false);
    expect((await staffSessionOf(other)).authenticated).toBe(true);
    expect(await lastAudit('staff.logged-out')).toMatchObject({ subject_id: accountId, details: { method: METHOD, initiatedBy: 'identity-provider' } });
    // the IdP takes our answer
    expect(await (await browser.fetch(response.toString())).text()).toContain('Utloggad');
  });

  it('refuses a posted LogoutRequest without its signature, or altered after signing: nothing ends, the refusal is audited', async () => {
    const browser = new CookieBrowser();
    const issued = await logIn(browser);
    const { SAMLRequest } = await t.idp.logoutRequestPost({ nameId: issued.nameId, sessionIndex: issued.sessionIndex });
    const xml = xmlOf(SAMLRequest);
    const unsigned = xml.replace(/<(\w+:)?Signature[\s\S]*<\/(\w+:)?Signature>/, '');
    expect(unsigned).not.toBe(xml);
    const altered = xml.replace(issued.sessionIndex, `${issued.sessionIndex}x`);
    for (const forged of [unsigned, altered]) {
      const refused = await browser.postForm(url(SLO), { SAMLRequest: Buffer.from(forged).toString('base64') });
      expect(refused.status).toBe(401);
      expect(await refused.text()).toContain('data-problem-code="saml-logout-invalid"');
    }
    expect((await staffSessionOf(browser)).authenticated).toBe(true);
    expect(await lastAudit('staff.logout-refused')).toMatchObject({ subject_id: METHOD, details: { code: 'saml-logout-invalid' } });
    // the genuine one ends the session
    expect((await browser.postForm(url(SLO), { SAMLRequest })).status).toBe(302);
    expect((await staffSessionOf(browser)).authenticated).toBe(false);
  });
});
