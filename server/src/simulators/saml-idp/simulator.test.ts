import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPersonnummer } from '@etjanst/schemas';
import { CookieBrowser, startSamlTestApp, type SamlTestApp } from '../../identity/saml/saml-test-app.js';
import { DEFAULT_TEST_PERSONS } from './test-persons.js';

/** The value of a hidden or radio input on a simulator page (values here need no unescaping). */
const inputValue = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

describe('SAML IdP simulator', () => {
  let t: SamlTestApp;
  beforeAll(async () => {
    t = await startSamlTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has fictional test persons with valid personnummer', () => {
    expect(DEFAULT_TEST_PERSONS.length).toBeGreaterThanOrEqual(2);
    for (const person of DEFAULT_TEST_PERSONS) expect(isPersonnummer(person.personalIdentityNumber)).toBe(true);
  });

  it('lets a tester log in through its page, then log the citizen out from the IdP', async () => {
    const browser = new CookieBrowser();
    const start = await browser.fetch(`${t.app.baseUrl}/api/municipalities/ekdala/login/saml/test-idp?returnTo=%2Fekdala&loa=2`);
    const sso = await browser.fetch(start.headers.get('location') ?? '');
    expect(sso.status).toBe(200);
    const page = await sso.text();
    expect(page).toContain('<html lang="sv">');
    expect(page).toMatch(/<legend>Testperson/);
    expect(page).toContain('<option value="2" selected>');
    expect(page).toContain('<button type="submit">Logga in</button>');

    const person = t.idp.persons[1]!;
    const chosen = await browser.postForm(`${t.idp.url}/sso/complete`, {
      requestId: inputValue(page, 'requestId'),
      relayState: inputValue(page, 'relayState'),
      person: person.personalIdentityNumber,
      loa: '3',
    });
    const autoPost = await chosen.text();
    const acs = /<form method="post" action="([^"]+)"/.exec(autoPost)?.[1] ?? '';
    expect(acs).toBe(`${t.app.baseUrl}/api/saml/test-idp/acs`);
    const arrived = await browser.postForm(acs, { SAMLResponse: inputValue(autoPost, 'SAMLResponse') });
    expect(arrived.status).toBe(303);
    expect(arrived.headers.get('location')).toBe('/ekdala');
    const session = await (await browser.fetch(`${t.app.baseUrl}/api/session`)).json();
    expect(session).toMatchObject({ authenticated: true, municipalityId: 'ekdala', person, loa: 3, method: 'saml:test-idp' });

    const idpHome = await (await fetch(`${t.idp.url}/`)).text();
    expect(idpHome).toContain(person.displayName);
    const sessionIndex = inputValue(idpHome, 'sessionIndex');
    const initiated = await browser.postForm(`${t.idp.url}/slo/initiate`, { sessionIndex });
    const atSp = await browser.fetch(initiated.headers.get('location') ?? '');
    expect(atSp.status).toBe(302);
    const confirmed = await browser.fetch(atSp.headers.get('location') ?? '');
    expect(await confirmed.text()).toContain('Utloggad');
    expect(await (await browser.fetch(`${t.app.baseUrl}/api/session`)).json()).toMatchObject({ authenticated: false });
  });

  it('refuses an AuthnRequest whose signature does not verify', async () => {
    const start = await fetch(`${t.app.baseUrl}/api/municipalities/ekdala/login/saml/test-idp`, { redirect: 'manual' });
    const location = new URL(start.headers.get('location') ?? '');
    const signature = location.searchParams.get('Signature') ?? '';
    location.searchParams.set('Signature', `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`);
    const response = await fetch(location);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('kunde inte verifieras');
  });
});
