import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate, pemBody } from '../certificates.js';
import { RefreshedIdentityProvider } from './federation-metadata.js';
import { CookieBrowser, startSamlTestApp, type SamlTestApp } from './saml-test-app.js';

const LOGIN = '/api/municipalities/solbacka/login/saml/test-idp';

describe(`SAML login with an IdP in a key rollover, its metadata fetched from a signed URL (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  const federation = issueCertificate({ commonName: 'Federation metadata signer (test)', usage: 'signing' });
  let t: SamlTestApp;
  let idp: RefreshedIdentityProvider;

  beforeAll(async () => {
    t = await startSamlTestApp({
      idp: { keyRollover: true, metadataSigning: federation },
      identityProvider: async (simulator) => {
        const { id, name, entityId, maxLoa } = simulator.config;
        idp = new RefreshedIdentityProvider({ id, name, entityId, maxLoa }, { url: `${simulator.url}/metadata`, signingCert: federation.cert });
        await idp.refresh();
        return idp;
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('trusts both signing certificates of the signed metadata', () => {
    expect(idp.status.lastError).toBeUndefined();
    expect(idp.signingCerts.map(pemBody)).toEqual(t.idp.signingKeys.map((keys) => pemBody(keys.cert)));
    expect(idp.signingCerts).toHaveLength(2);
    expect(idp.ssoUrl).toBe(`${t.idp.url}/sso`);
  });

  it.each([0, 1])('logs the person in from a response signed with key %i of the rollover', async (key) => {
    const browser = new CookieBrowser();
    const start = await browser.fetch(`${t.app.baseUrl}${LOGIN}?returnTo=%2Fsolbacka`);
    const request = inflateRawSync(Buffer.from(new URL(start.headers.get('location') ?? '').searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    const inResponseTo = /ID="([^"]+)"/.exec(request)?.[1] ?? '';
    const issued = await t.idp.issueResponse({ inResponseTo, person: t.idp.persons[key]!, loa: 3, signWith: t.idp.signingKeys[key] });
    const response = await browser.postForm(`${t.app.baseUrl}/api/saml/test-idp/acs`, { SAMLResponse: issued.samlResponse });
    expect(response.status).toBe(303);
    const session = (await (await browser.fetch(`${t.app.baseUrl}/api/session`)).json()) as { authenticated: boolean; person?: unknown };
    expect(session).toMatchObject({ authenticated: true, person: t.idp.persons[key] });
  });
});
