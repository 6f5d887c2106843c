import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResponseOptions } from '../../simulators/saml-idp/responses.js';
import { CookieBrowser, startSamlTestApp, type SamlTestApp } from './saml-test-app.js';

const LOGIN = '/api/municipalities/solbacka/login/saml/test-idp';

describe(`SAML login that requires encrypted assertions, SAML_REQUIRE_ENCRYPTED_ASSERTIONS=true (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let t: SamlTestApp;
  beforeAll(async () => {
    t = await startSamlTestApp({ requireEncryptedAssertions: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  const url = (path: string) => `${t.app.baseUrl}${path}`;
  const sessionCount = async () => Number((await t.app.database.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count);

  /** Starts a login and posts the IdP's answer to it, as the browser would. */
  async function logIn(browser: CookieBrowser, overrides: Partial<IssueResponseOptions> = {}, accept?: string) {
    const start = await browser.fetch(url(`${LOGIN}?returnTo=%2F&loa=3`));
    const location = new URL(start.headers.get('location') ?? '');
    const requestId = /ID="([^"]+)"/.exec(inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8'))?.[1] ?? '';
    const issued = await t.idp.issueResponse({ inResponseTo: requestId, person: t.idp.persons[0]!, loa: 3, ...overrides });
    const response = await browser.fetch(url('/api/saml/test-idp/acs'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(accept ? { accept } : {}) },
      body: new URLSearchParams({ SAMLResponse: issued.samlResponse }).toString(),
    });
    return { issued, response, requestId };
  }

  it('refuses a signed response whose assertion is in plain text, with a page in Swedish and English and no session', async () => {
    const before = await sessionCount();
    const browser = new CookieBrowser();
    const { issued, response, requestId } = await logIn(browser, { plainAssertion: true });
    // the response is otherwise good: signed, addressed to us, answering our request
    expect(Buffer.from(issued.samlResponse, 'base64').toString('utf8')).toContain('<saml:Assertion');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('data-problem-code="saml-assertion-not-encrypted"');
    expect(html).toMatch(/<html lang="sv">[\s\S]*inte krypterat[\s\S]*<section lang="en"[\s\S]*not encrypted/);
    expect(browser.has('etjanst_session')).toBe(false);
    expect(await sessionCount()).toBe(before);
    // the request is used up: the same login cannot be answered again
    expect(await t.app.database.db.selectFrom('saml_requests').select('id').where('id', '=', requestId).executeTakeFirst()).toBeUndefined();

    // the same refusal as problem+json for a caller that asks for it
    const asked = await logIn(new CookieBrowser(), { plainAssertion: true }, 'application/problem+json');
    expect(asked.response.status).toBe(401);
    expect(await asked.response.json()).toMatchObject({
      code: 'saml-assertion-not-encrypted',
      messages: { sv: { detail: expect.stringMatching(/inte krypterat/) }, en: { detail: expect.stringMatching(/not encrypted/) } },
    });
    expect(await sessionCount()).toBe(before);
  });

  it('logs the person in from a response whose assertion is encrypted to our key', async () => {
    const browser = new CookieBrowser();
    const { issued, response } = await logIn(browser);
    expect(Buffer.from(issued.samlResponse, 'base64').toString('utf8')).toMatch(/<saml:EncryptedAssertion>/);
    expect(response.status).toBe(303);
    const session = (await (await browser.fetch(url('/api/session'))).json()) as { authenticated: boolean; person?: unknown };
    expect(session).toMatchObject({ authenticated: true, person: t.idp.persons[0] });
  });
});
