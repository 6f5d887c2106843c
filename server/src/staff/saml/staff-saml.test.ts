import { createVerify } from 'node:crypto';
import samlify from 'samlify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStaffSamlGroupMappings } from '../../demo/staff-saml.js';
import { pemBody, issueCertificate } from '../../identity/certificates.js';
import { CookieBrowser, TEST_SP_ENTITY_ID } from '../../identity/saml/saml-test-app.js';
import type { StaffIssueResponseOptions } from '../../simulators/saml-idp/staff-simulator.js';
import { STAFF_SAML_GROUPS, type StaffSamlPersona } from '../../simulators/saml-idp/staff-personas.js';
import {
  inputValue,
  startStaffSamlTestApp,
  TEST_STAFF_ACS as ACS,
  TEST_STAFF_IDP,
  TEST_STAFF_METADATA as METADATA,
  TEST_STAFF_METHOD as METHOD,
  TEST_STAFF_SP_ENTITY_ID,
  TEST_STAFF_START as START,
  type StaffSamlTestApp,
} from './staff-saml-test-app.js';

describe(`staff SAML single sign-on (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let t: StaffSamlTestApp;
  beforeAll(async () => {
    t = await startStaffSamlTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const url = (path: string) => t.url(path);
  const persona = (group: string): StaffSamlPersona => t.idp.persons.find((person) => person.groups.includes(group))!;
  const storedRequest = (id: string) => t.app.database.db.selectFrom('saml_requests').selectAll().where('id', '=', id).executeTakeFirst();
  const staffSessionCount = async () => Number((await t.app.database.db.selectFrom('staff_sessions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  const startLogin = (browser: CookieBrowser, query = 'returnTo=%2Fadmin%2Fe-tjanster') => t.startLogin(browser, query);

  const postResponse = (browser: CookieBrowser, samlResponse: string) => browser.postForm(url(ACS), { SAMLResponse: samlResponse });

  /** A login answered by the simulator's API, with overrides for refusal tests. */
  async function logIn(browser: CookieBrowser, overrides: Partial<StaffIssueResponseOptions> = {}) {
    const { requestId } = await startLogin(browser);
    const issued = await t.idp.issueResponse({ inResponseTo: requestId, person: persona(STAFF_SAML_GROUPS.ekdalaDesigner), ...overrides });
    return { issued, response: await postResponse(browser, issued.samlResponse) };
  }

  const staffSessionOf = (browser: CookieBrowser) => t.staffSessionOf(browser);

  async function expectRefused(response: Response, code: string, status = 401) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.getSetCookie().some((cookie) => /^etjanst_(staff|session)=/.test(cookie))).toBe(false);
    const html = await response.text();
    expect(html).toContain(`data-problem-code="${code}"`);
    expect(html).toMatch(/<html lang="sv">[\s\S]*<section lang="en"/);
  }

  it('serves its own SP metadata, apart from the citizens’ SP, with the signing certificate and ACS', async () => {
    const response = await fetch(url(METADATA));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/samlmetadata\+xml/);
    const metadata = samlify.SPMetadata(await response.text());
    expect(metadata.getEntityID()).toBe(TEST_STAFF_SP_ENTITY_ID);
    expect(metadata.getEntityID()).not.toBe(TEST_SP_ENTITY_ID);
    expect(metadata.getAssertionConsumerService('post')).toBe(url(ACS));
    expect(metadata.isAuthnRequestSigned()).toBe(true);
    expect(metadata.getX509Certificate('signing')).toBe(pemBody(t.sp.signing.cert));
  });

  it('is listed among the staff login methods with its start path', async () => {
    const { methods } = (await (await fetch(url('/api/staff/login-methods'))).json()) as { methods: { id: string; kind: string; startPath?: string }[] };
    expect(methods).toContainEqual({ id: METHOD, kind: 'saml', name: { sv: 'Test-SSO', en: 'Test SSO' }, startPath: START });
  });

  it('seeds the demo group mappings once, however often the demo starts', async () => {
    const mappings = () => t.app.database.db.selectFrom('staff_group_mappings').select('group_name').where('provider', '=', METHOD).execute();
    const before = await mappings();
    expect(before).toHaveLength(Object.keys(STAFF_SAML_GROUPS).length);
    await seedStaffSamlGroupMappings(t.app.database.db, TEST_STAFF_IDP);
    expect(await mappings()).toHaveLength(before.length);
  });

  it('redirects to the IdP with a signed AuthnRequest and remembers it without a municipality', async () => {
    const { location, xml, requestId } = await startLogin(new CookieBrowser());
    expect(`${location.origin}${location.pathname}`).toBe(t.idp.config.ssoUrl);
    const signed = location.search.slice(1).split('&').filter((pair) => !pair.startsWith('Signature=')).join('&');
    expect(createVerify('RSA-SHA256').update(signed).verify(t.sp.signing.cert, location.searchParams.get('Signature') ?? '', 'base64')).toBe(true);
    expect(xml).toContain(`AssertionConsumerServiceURL="${url(ACS)}"`);
    expect(xml).toContain(`<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${TEST_STAFF_SP_ENTITY_ID}</saml:Issuer>`);
    expect(xml).not.toContain('RequestedAuthnContext');
    expect(await storedRequest(requestId)).toMatchObject({ municipality_id: null, idp: `staff:${TEST_STAFF_IDP}`, return_to: '/admin/e-tjanster' });
  });

  it('returns to /admin unless asked for a path on this site', async () => {
    for (const query of ['', `returnTo=${encodeURIComponent('//evil.example/admin')}`, `returnTo=${encodeURIComponent('https://evil.example/')}`]) {
      const { requestId } = await startLogin(new CookieBrowser(), query);
      expect(await storedRequest(requestId)).toMatchObject({ return_to: '/admin' });
    }
  });

  it('logs the designer in through the simulator: staff session with the grant of the mapped group, not a citizen session', async () => {
    const browser = new CookieBrowser();
    const { location } = await startLogin(browser);
    const loginPage = await browser.fetch(location.toString());
    expect(loginPage.status).toBe(200);
    const page = await loginPage.text();
    expect(page).toContain('<title>Logga in som medarbetare (test)</title>');
    expect(page).toContain('simulerad inloggningstjänst för kommunens personal');
    const designer = persona(STAFF_SAML_GROUPS.ekdalaDesigner);
    expect(page).toContain(designer.displayName);

    const chosen = await browser.postForm(`${t.idp.url}/sso/complete`, { requestId: inputValue(page, 'requestId'), relayState: inputValue(page, 'relayState'), person: designer.objectId });
    const autoPost = await chosen.text();
    const action = /<form method="post" action="([^"]+)"/.exec(autoPost)?.[1] ?? '';
    expect(action).toBe(url(ACS));
    const arrived = await browser.postForm(action, { SAMLResponse: inputValue(autoPost, 'SAMLResponse'), RelayState: inputValue(autoPost, 'RelayState') });
    expect(arrived.status).toBe(303);
    expect(arrived.headers.get('location')).toBe('/admin/e-tjanster');
    const cookies = arrived.headers.getSetCookie();
    expect(cookies.find((cookie) => cookie.startsWith('etjanst_staff='))).toMatch(/HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/i);
    expect(cookies.some((cookie) => cookie.startsWith('etjanst_session='))).toBe(false);

    const session = await staffSessionOf(browser);
    expect(session).toMatchObject({
      authenticated: true,
      method: METHOD,
      displayName: designer.displayName,
      email: designer.email,
      grants: [{ role: 'designer', municipalityId: 'ekdala', departmentId: 'utbildning' }],
    });
    const login = await t.app.database.db.selectFrom('staff_logins').selectAll().where('provider', '=', METHOD).where('account_id', '=', session.accountId!).executeTakeFirstOrThrow();
    expect(login.subject).toBe(designer.objectId);
    expect((await browser.fetch(url('/api/session'))).headers.get('content-type')).toMatch(/json/);
    expect(await (await browser.fetch(url('/api/session'))).json()).toMatchObject({ authenticated: false });

    expect((await browser.fetch(url('/api/municipalities/ekdala/eservices'))).status).toBe(200);
    const register = await browser.fetch(url('/api/municipalities/ekdala/staff'));
    expect(register.status).toBe(403);
    expect(await register.json()).toMatchObject({ code: 'forbidden' });
  });

  it('finds the same account at the next login and replaces the group roles with what the groups say now', async () => {
    const first = new CookieBrowser();
    await logIn(first, { person: persona(STAFF_SAML_GROUPS.ekdalaApprover) });
    const before = await staffSessionOf(first);
    expect(before.grants).toEqual([{ role: 'approver', municipalityId: 'ekdala', departmentId: 'utbildning' }]);

    const second = new CookieBrowser();
    const moved = { ...persona(STAFF_SAML_GROUPS.ekdalaApprover), groups: [STAFF_SAML_GROUPS.ekdalaStatistics] };
    const { response } = await logIn(second, { person: moved });
    expect(response.status).toBe(303);
    const after = await staffSessionOf(second);
    expect(after.accountId).toBe(before.accountId);
    expect(after.grants).toEqual([{ role: 'statistics-reader', municipalityId: 'ekdala', departmentId: null }]);
  });

  describe('refuses, with no session', () => {
    it('a replayed response: the same good response posted again', async () => {
      const { issued, response } = await logIn(new CookieBrowser());
      expect(response.status).toBe(303);
      const sessions = await staffSessionCount();
      const replayer = new CookieBrowser();
      await expectRefused(await postResponse(replayer, issued.samlResponse), 'saml-request-unknown');
      expect(await staffSessionCount()).toBe(sessions);
      expect(await staffSessionOf(replayer)).toMatchObject({ authenticated: false });
    });

    it('a response whose group was changed after signing (the signature no longer holds), and audits the refusal', async () => {
      const browser = new CookieBrowser();
      const sessions = await staffSessionCount();
      const { response, issued } = await logIn(browser, { tamper: { [STAFF_SAML_GROUPS.ekdalaDesigner]: STAFF_SAML_GROUPS.platformAdmin } });
      await expectRefused(response, 'saml-response-invalid');
      expect(await staffSessionCount()).toBe(sessions);
      expect(await staffSessionOf(browser)).toMatchObject({ authenticated: false });
      // an installation event with the reason; nothing of the response itself is kept
      const audited = await t.app.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'staff.login-refused').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(audited).toMatchObject({ municipality_id: null, actor: 'anonymous', subject_type: 'identity-provider', subject_id: METHOD, details: { method: METHOD, code: 'saml-response-invalid', reason: expect.stringMatching(/signature/i) } });
      expect(JSON.stringify(audited)).not.toContain(issued.samlResponse.slice(0, 40));
    });

    it('a response signed with a key the IdP does not have', async () => {
      const { response } = await logIn(new CookieBrowser(), { signWith: issueCertificate({ commonName: 'Mallory', usage: 'signing' }) });
      await expectRefused(response, 'saml-response-invalid');
    });

    it('a response sent to another Destination (the Recipient still ours)', async () => {
      const { response } = await logIn(new CookieBrowser(), { destination: 'https://other-service.example/acs' });
      await expectRefused(response, 'saml-response-invalid');
    });

    it('an assertion for another Audience, such as the citizens’ SP', async () => {
      const { response } = await logIn(new CookieBrowser(), { audience: TEST_SP_ENTITY_ID });
      await expectRefused(response, 'saml-response-invalid');
    });

    it('an expired assertion', async () => {
      const { response } = await logIn(new CookieBrowser(), { notOnOrAfter: new Date(Date.now() - 10 * 60_000) });
      await expectRefused(response, 'saml-response-invalid');
    });

    it('a response to a request we never sent', async () => {
      const issued = await t.idp.issueResponse({ inResponseTo: '_never-sent-by-us', person: persona(STAFF_SAML_GROUPS.ekdalaDesigner) });
      await expectRefused(await postResponse(new CookieBrowser(), issued.samlResponse), 'saml-request-unknown');
    });

    it('a response to a citizen’s login request', async () => {
      const citizensRequest = '_citizens-request-1';
      await t.app.database.db.insertInto('saml_requests').values({ id: citizensRequest, municipality_id: 'ekdala', idp: TEST_STAFF_IDP, return_to: '/' }).execute();
      const issued = await t.idp.issueResponse({ inResponseTo: citizensRequest, person: persona(STAFF_SAML_GROUPS.ekdalaDesigner) });
      await expectRefused(await postResponse(new CookieBrowser(), issued.samlResponse), 'saml-request-unknown');
      expect(await storedRequest(citizensRequest)).toBeDefined();
    });

    it('a post without a SAMLResponse', async () => {
      await expectRefused(await new CookieBrowser().postForm(url(ACS), {}), 'saml-message-missing', 400);
    });

    it('a person whose staff account is switched off', async () => {
      const handler = persona(STAFF_SAML_GROUPS.ekdalaHandler);
      const browser = new CookieBrowser();
      expect((await logIn(browser, { person: handler })).response.status).toBe(303);
      const { accountId } = await staffSessionOf(browser);
      await t.app.database.db.updateTable('staff_accounts').set({ disabled_at: new Date() }).where('id', '=', accountId!).execute();
      const { response } = await logIn(new CookieBrowser(), { person: handler });
      await expectRefused(response, 'staff-account-disabled');
    });
  });
});
