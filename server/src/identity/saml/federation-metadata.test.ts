import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signMetadata } from '../../simulators/saml-idp/metadata-signing.js';
import { issueCertificate, pemBody } from '../certificates.js';
import { BINDING } from './config.js';
import { RefreshedIdentityProvider } from './federation-metadata.js';

const ENTITY_ID = 'https://idp.example.se/idp';
const federation = issueCertificate({ commonName: 'Federation metadata signer (test)', usage: 'signing' });
const stranger = issueCertificate({ commonName: 'Not the federation (test)', usage: 'signing' });
const [current, next] = [issueCertificate({ commonName: 'IdP key 1', usage: 'signing' }), issueCertificate({ commonName: 'IdP key 2', usage: 'signing' })];

/** An IdP's EntityDescriptor as a federation lists it. */
const entity = (entityId: string, certs: string[], sso = 'https://idp.example.se/sso') => `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
${certs.map((cert) => `    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${pemBody(cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`).join('\n')}
    <md:SingleLogoutService Binding="${BINDING.redirect}" Location="https://idp.example.se/slo"/>
    <md:SingleSignOnService Binding="${BINDING.redirect}" Location="${sso}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
/** A federation's aggregate of several entities. */
const aggregate = (...entities: string[]) => `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" Name="https://md.example.se">${entities.join('')}</md:EntitiesDescriptor>`;

describe('IdP metadata fetched from a URL', () => {
  let server: Server;
  let url: string;
  /** What the metadata server answers next */
  let serve: { status?: number; body: string; delayMs?: number } = { body: '' };

  beforeAll(async () => {
    server = createServer((_req, res) => {
      setTimeout(() => res.writeHead(serve.status ?? 200, { 'content-type': 'application/samlmetadata+xml' }).end(serve.body), serve.delayMs ?? 0);
    }).listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metadata`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const provider = (options: { maxBytes?: number; timeoutMs?: number } = {}) =>
    new RefreshedIdentityProvider({ id: 'federation', name: { sv: 'Federation', en: 'Federation' }, entityId: ENTITY_ID, maxLoa: 3 }, { url, signingCert: federation.cert, ...options });

  it('is unusable (503) until good metadata has been fetched, then takes the IdP out of the signed aggregate, both keys of a rollover included', async () => {
    const idp = provider();
    serve = { body: aggregate(entity('https://other.example.se/idp', [stranger.cert]), entity(ENTITY_ID, [current.cert, next.cert])) };
    expect(() => idp.ssoUrl).toThrow(expect.objectContaining({ status: 503, code: 'saml-metadata-unavailable' }));
    expect(await idp.refresh()).toBe(false);
    expect(idp.status.lastError).toBe('is not signed');

    serve = { body: signMetadata(serve.body, federation) };
    expect(await idp.refresh()).toBe(true);
    expect(idp.ssoUrl).toBe('https://idp.example.se/sso');
    expect(idp.sloUrl).toBe('https://idp.example.se/slo');
    expect(idp.signingCerts.map(pemBody)).toEqual([pemBody(current.cert), pemBody(next.cert)]);
  });

  it('refuses unsigned, wrongly signed, altered, expired, oversized, slow and failing answers and keeps the last good metadata', async () => {
    const idp = provider({ maxBytes: 64 * 1024, timeoutMs: 500 });
    const good = signMetadata(entity(ENTITY_ID, [current.cert]), federation);
    serve = { body: good };
    expect(await idp.refresh()).toBe(true);

    const refusals: [typeof serve, RegExp][] = [
      [{ body: entity(ENTITY_ID, [stranger.cert]) }, /is not signed/],
      [{ body: signMetadata(entity(ENTITY_ID, [stranger.cert]), stranger) }, /does not verify/],
      [{ body: good.replace('https://idp.example.se/sso', 'https://evil.example/sso') }, /does not verify/],
      [{ body: signMetadata(entity(ENTITY_ID, [stranger.cert]), federation, new Date(Date.now() - 60_000)) }, /expired/],
      [{ body: signMetadata(entity('https://other.example.se/idp', [stranger.cert]), federation) }, /describes https:\/\/other\.example\.se\/idp/],
      [{ body: `${good}<!--${'x'.repeat(70 * 1024)}-->` }, /larger than 65536 bytes/],
      [{ body: good, delayMs: 1500 }, /could not be fetched/],
      [{ status: 500, body: 'down' }, /answered 500/],
    ];
    for (const [answer, problem] of refusals) {
      serve = answer;
      expect(await idp.refresh(), String(problem)).toBe(false);
      expect(idp.status.lastError).toMatch(problem);
      expect(idp.signingCerts.map(pemBody)).toEqual([pemBody(current.cert)]);
      expect(idp.ssoUrl).toBe('https://idp.example.se/sso');
    }
  });
});
