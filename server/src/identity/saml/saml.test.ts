import { createVerify } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import samlify from 'samlify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pemBody, issueCertificate } from '../certificates.js';
import { CookieBrowser, startSamlTestApp, TEST_SP_ENTITY_ID, type SamlTestApp } from './saml-test-app.js';
import type { IssueResponseOptions } from '../../simulators/saml-idp/responses.js';

const LOGIN = '/api/municipalities/solbacka/login/saml';
const RETURN_TO = '/solbacka/e-tjanster/forskoleplats';

describe(`SAML service provider (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let t: SamlTestApp;
  beforeAll(async () => {
    t = await startSamlTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const url = (path: string) => `${t.app.baseUrl}${path}`;
  const storedRequest = (id: string) => t.app.database.db.selectFrom('saml_requests').selectAll().where('id', '=', id).executeTakeFirst();

  /** Starts a login like the login page's link and reads the AuthnRequest the browser is sent on with. */
  async function startLogin(browser: CookieBrowser, query = `returnTo=${encodeURIComponent(RETURN_TO)}&loa=3`) {
    const response = await browser.fetch(url(`${LOGIN}/test-idp?${query}`));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    const xml = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    const requestId = /ID="([^"]+)"/.exec(xml)?.[1] ?? '';
    return { location, xml, requestId };
  }

  const postResponse = (browser: CookieBrowser, samlResponse: string) => browser.postForm(url('/api/saml/test-idp/acs'), { SAMLResponse: samlResponse });

  async function logIn(browser: CookieBrowser, overrides: Partial<IssueResponseOptions> = {}) {
    const { requestId } = await startLogin(browser);
    const issued = await t.idp.issueResponse({ inResponseTo: requestId, person: t.idp.persons[0]!, loa: 3, ...overrides });
    const response = await postResponse(browser, issued.samlResponse);
    return { issued, response, requestId };
  }

  async function sessionOf(browser: CookieBrowser) {
    const response = await browser.fetch(url('/api/session'));
    return (await response.json()) as { authenticated: boolean; person?: unknown; loa?: number; method?: string; csrfToken?: string };
  }

  async function expectRefused(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('etjanst_session='))).toBe(false);
    const html = await response.text();
    expect(html).toContain(`data-problem-code="${code}"`);
    expect(html).toMatch(/<html lang="sv">[\s\S]*<section lang="en"/);
  }

  it('serves SP metadata with the signing and encryption certificates, ACS and single logout endpoints', async () => {
    const response = await fetch(url('/api/saml/test-idp/metadata'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/samlmetadata\+xml/);
    const xml = await response.text();
    const metadata = samlify.SPMetadata(xml);
    expect(metadata.getEntityID()).toBe(TEST_SP_ENTITY_ID);
    expect(metadata.getAssertionConsumerService('post')).toBe(url('/api/saml/test-idp/acs'));
    expect(metadata.getSingleLogoutService('redirect')).toBe(url('/api/saml/test-idp/slo'));
    expect(metadata.isAuthnRequestSigned()).toBe(true);
    expect(metadata.isWantAssertionsSigned()).toBe(true);
    expect(metadata.getX509Certificate('signing')).toBe(pemBody(t.sp.signing.cert));
    expect(metadata.getX509Certificate('encryption')).toBe(pemBody(t.sp.encryption.cert));
    expect(xml).toContain('<mdui:UIInfo>');
  });

  it('redirects to the IdP with a signed AuthnRequest asking for LoA 3 or higher and remembers its id', async () => {
    const { location, xml, requestId } = await startLogin(new CookieBrowser());
    expect(`${location.origin}${location.pathname}`).toBe(t.idp.config.ssoUrl);
    expect(location.searchParams.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    const signed = location.search.slice(1).split('&').filter((pair) => !pair.startsWith('Signature=')).join('&');
    const verifier = createVerify('RSA-SHA256').update(signed);
    expect(verifier.verify(t.sp.signing.cert, location.searchParams.get('Signature') ?? '', 'base64')).toBe(true);
    expect(xml).toContain(`Destination="${t.idp.config.ssoUrl}"`);
    expect(xml).toContain(`AssertionConsumerServiceURL="${url('/api/saml/test-idp/acs')}"`);
    expect(xml).toContain('ForceAuthn="true"');
    expect(xml).toMatch(/<samlp:RequestedAuthnContext[^>]*Comparison="exact"/);
    const levels = [...xml.matchAll(/<saml:AuthnContextClassRef[^>]*>([^<]+)</g)].map((match) => match[1]);
    expect(levels).toEqual(['http://id.elegnamnden.se/loa/1.0/loa3', 'http://id.elegnamnden.se/loa/1.0/loa4']);
    expect(await storedRequest(requestId)).toMatchObject({ municipality_id: 'solbacka', idp: 'test-idp', return_to: RETURN_TO });
  });

  it('stores only a same-origin return path and refuses a level the IdP cannot give or an unknown IdP', async () => {
    const { requestId } = await startLogin(new CookieBrowser(), `returnTo=${encodeURIComponent('//evil.example/x')}`);
    expect(await storedRequest(requestId)).toMatchObject({ return_to: '/' });
    const tooHigh = await fetch(url(`${LOGIN}/test-idp?loa=5`));
    expect(tooHigh.status).toBe(400);
    expect(await tooHigh.json()).toMatchObject({ code: 'saml-loa-unsupported', messages: { sv: expect.any(Object), en: expect.any(Object) } });
    const unknown = await fetch(url(`${LOGIN}/no-such-idp`), { redirect: 'manual' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await fetch(url('/api/saml/no-such-idp/metadata'))).status).toBe(404);
  });

  it('stores the level of assurance asked for with the request', async () => {
    const { requestId } = await startLogin(new CookieBrowser(), 'loa=2');
    expect(await storedRequest(requestId)).toMatchObject({ requested_loa: 2 });
  });

  it('decrypts an assertion encrypted to the key in our metadata, as a Sweden Connect IdP sends it', async () => {
    const browser = new CookieBrowser();
    const { issued, response } = await logIn(browser);
    const xml = Buffer.from(issued.samlResponse, 'base64').toString('utf8');
    expect(xml).toMatch(/<saml:EncryptedAssertion>\s*<xenc:EncryptedData[^>]*>\s*<xenc:EncryptionMethod Algorithm="http:\/\/www\.w3\.org\/2009\/xmlenc11#aes256-gcm"/);
    expect(xml).not.toContain('<saml:Assertion');
    expect(xml).not.toContain(t.idp.persons[0]!.personalIdentityNumber);
    expect(response.status).toBe(303);
    expect(await sessionOf(browser)).toMatchObject({ authenticated: true, person: t.idp.persons[0], loa: 3 });
  });

  it('accepts a plain (unencrypted) assertion unless SAML_REQUIRE_ENCRYPTED_ASSERTIONS says otherwise', async () => {
    const browser = new CookieBrowser();
    const { issued, response } = await logIn(browser, { plainAssertion: true });
    expect(Buffer.from(issued.samlResponse, 'base64').toString('utf8')).toContain('<saml:Assertion');
    expect(response.status).toBe(303);
    expect(await sessionOf(browser)).toMatchObject({ authenticated: true, person: t.idp.persons[0] });
  });

  it('accepts a higher level of assurance than asked for', async () => {
    const browser = new CookieBrowser();
    const { response } = await logIn(browser, { loa: 4 });
    expect(response.status).toBe(303);
    expect(await sessionOf(browser)).toMatchObject({ authenticated: true, loa: 4 });
  });

  it('logs the person in from a good response: 303 to the return path, session with LoA 3', async () => {
    const browser = new CookieBrowser();
    const { response, requestId } = await logIn(browser);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(RETURN_TO);
    expect(response.headers.getSetCookie().find((cookie) => cookie.startsWith('etjanst_session='))).toMatch(/HttpOnly/i);
    expect(await sessionOf(browser)).toMatchObject({
      authenticated: true,
      person: t.idp.persons[0],
      loa: 3,
      method: 'saml:test-idp',
    });
    expect(await storedRequest(requestId)).toBeUndefined();
  });

  describe('refuses', () => {
    it('an answer at a lower level of assurance than the login asked for, and starts no session', async () => {
      const sessions = () => t.app.database.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      const before = await sessions();
      const { response } = await logIn(new CookieBrowser(), { loa: 2 });
      await expectRefused(response, 403, 'saml-loa-too-low');

      // the same refusal as problem+json for a caller that asks for it
      const browser = new CookieBrowser();
      const { requestId } = await startLogin(browser);
      const issued = await t.idp.issueResponse({ inResponseTo: requestId, person: t.idp.persons[1]!, loa: 2 });
      const asked = await browser.fetch(url('/api/saml/test-idp/acs'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/problem+json' },
        body: new URLSearchParams({ SAMLResponse: issued.samlResponse }).toString(),
      });
      expect(asked.status).toBe(403);
      expect(asked.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await asked.json()).toMatchObject({
        code: 'saml-loa-too-low',
        messages: { sv: { detail: expect.stringMatching(/tillitsnivå 2.*minst tillitsnivå 3/) }, en: { detail: expect.stringMatching(/level of assurance 2.*at least level 3/) } },
      });
      expect(browser.has('etjanst_session')).toBe(false);
      expect(await sessions()).toEqual(before);
      expect(await storedRequest(requestId)).toBeUndefined();
    });

    it('a response whose attribute was changed after signing', async () => {
      const { response } = await logIn(new CookieBrowser(), { tamper: { personalIdentityNumber: '198507099805' } });
      await expectRefused(response, 401, 'saml-response-invalid');
    });

    it('an unsigned assertion inside a signed response', async () => {
      const { response } = await logIn(new CookieBrowser(), { unsignedAssertion: true });
      await expectRefused(response, 401, 'saml-response-invalid');
    });

    it('an assertion for another audience', async () => {
      const { response } = await logIn(new CookieBrowser(), { audience: 'https://other-service.example/sp' });
      await expectRefused(response, 401, 'saml-response-invalid');
    });

    it('an assertion meant for another assertion consumer URL', async () => {
      const { response } = await logIn(new CookieBrowser(), { recipient: 'https://other-service.example/acs' });
      await expectRefused(response, 401, 'saml-response-invalid');
    });

    it('an expired assertion', async () => {
      const { response } = await logIn(new CookieBrowser(), { notOnOrAfter: new Date(Date.now() - 10 * 60_000) });
      await expectRefused(response, 401, 'saml-response-invalid');
    });

    it('a replayed response: the same good response posted twice', async () => {
      const browser = new CookieBrowser();
      const { issued, response } = await logIn(browser);
      expect(response.status).toBe(303);
      await expectRefused(await postResponse(new CookieBrowser(), issued.samlResponse), 401, 'saml-request-unknown');
    });

    it('a response to a request we never sent', async () => {
      const issued = await t.idp.issueResponse({ inResponseTo: '_never-sent-by-us', person: t.idp.persons[0]!, loa: 3 });
      await expectRefused(await postResponse(new CookieBrowser(), issued.samlResponse), 401, 'saml-request-unknown');
    });

    it('a response signed with a key the IdP does not publish', async () => {
      const { response } = await logIn(new CookieBrowser(), { signWith: issueCertificate({ commonName: 'Mallory', usage: 'signing' }) });
      await expectRefused(response, 401, 'saml-response-invalid');
    });

    it('a post without a SAMLResponse', async () => {
      await expectRefused(await new CookieBrowser().postForm(url('/api/saml/test-idp/acs'), {}), 400, 'saml-message-missing');
    });
  });

  describe('single logout', () => {
    it('SP-initiated: logout ends the session and sends a signed LogoutRequest to the IdP', async () => {
      const browser = new CookieBrowser();
      const { issued } = await logIn(browser);
      const { csrfToken } = await sessionOf(browser);
      const logout = await browser.fetch(url(`${LOGIN}/logout`), { method: 'POST', headers: { 'x-csrf-token': csrfToken ?? '' } });
      expect(logout.status).toBe(200);
      const { redirectUrl } = (await logout.json()) as { redirectUrl: string };
      const target = new URL(redirectUrl);
      expect(`${target.origin}${target.pathname}`).toBe(t.idp.config.sloUrl);
      expect(target.searchParams.get('Signature')).toBeTruthy();
      const request = inflateRawSync(Buffer.from(target.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
      expect(request).toContain(issued.nameId);
      expect(request).toContain(issued.sessionIndex);
      expect(await sessionOf(browser)).toMatchObject({ authenticated: false });

      // The IdP answers with a signed LogoutResponse, which brings the browser back to the start page.
      const atIdp = await browser.fetch(redirectUrl);
      expect(atIdp.status).toBe(302);
      const back = await browser.fetch(atIdp.headers.get('location') ?? '');
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toBe('/');
    });

    it('IdP-initiated: a LogoutRequest ends the session named by NameID and SessionIndex', async () => {
      const browser = new CookieBrowser();
      const other = new CookieBrowser();
      const { issued } = await logIn(browser);
      await logIn(other);
      const response = await browser.fetch(await t.idp.logoutRequestUrl(issued));
      expect(response.status).toBe(302);
      const answer = new URL(response.headers.get('location') ?? '');
      expect(`${answer.origin}${answer.pathname}`).toBe(t.idp.config.sloUrl);
      expect(answer.searchParams.get('SAMLResponse')).toBeTruthy();
      expect(answer.searchParams.get('Signature')).toBeTruthy();
      expect(await sessionOf(browser)).toMatchObject({ authenticated: false });
      expect(await sessionOf(other)).toMatchObject({ authenticated: true });
      const confirmed = await fetch(answer);
      expect(confirmed.status).toBe(200);
    });

    it('refuses an unsigned LogoutRequest and keeps the session', async () => {
      const browser = new CookieBrowser();
      const { issued } = await logIn(browser);
      const signed = new URL(await t.idp.logoutRequestUrl(issued));
      signed.searchParams.delete('Signature');
      await expectRefused(await browser.fetch(signed.toString().replace(t.idp.config.sloUrl ?? '', url('/api/saml/test-idp/slo'))), 401, 'saml-logout-invalid');
      expect(await sessionOf(browser)).toMatchObject({ authenticated: true });
    });
  });
});
