import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signMetadata } from '../simulators/saml-idp/metadata-signing.js';
import { issueCertificate, pemBody } from './certificates.js';
import { productionLoginMethods, samlIdentityProviders } from './production-login-methods.js';
import { RefreshedIdentityProvider } from './saml/federation-metadata.js';
import { demoServiceProviderInfo } from './saml/sp-info.js';

const deps = { db: undefined as never, sessions: { idleSeconds: 1200, absoluteSeconds: 28800, secureCookies: true }, publicUrl: 'https://e.example.se' };

describe('e-ID configuration for production', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eid-config-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const ca = issueCertificate({ commonName: 'BankID test CA', usage: 'ca' });
  const rp = issueCertificate({ commonName: 'RP', usage: 'client' }, ca);
  const sp = issueCertificate({ commonName: 'SP', usage: 'signing' });
  const spFiles = () => ({
    SAML_SP_CERT_FILE: write('sp.crt', sp.cert),
    SAML_SP_KEY_FILE: write('sp.key', sp.key),
    SAML_SP_INFO_FILE: write('sp-info.json', JSON.stringify(demoServiceProviderInfo('https://e.example.se'))),
  });

  it('offers no login method when nothing is configured', () => {
    expect(productionLoginMethods({}, deps)).toEqual([]);
  });

  it('builds BankID and one method per SAML IdP from files', () => {
    const idps = write('idps.json', JSON.stringify([{ id: 'freja', name: { sv: 'Freja eID', en: 'Freja eID' }, entityId: 'https://idp.example/freja', ssoUrl: 'https://idp.example/sso', signingCertFile: write('freja.crt', sp.cert), maxLoa: 3 }]));
    const methods = productionLoginMethods(
      {
        BANKID_URL: 'https://appapi2.bankid.com/rp/v6.0',
        BANKID_CA_FILE: write('ca.crt', ca.cert),
        BANKID_CERT_FILE: write('rp.crt', rp.cert),
        BANKID_KEY_FILE: write('rp.key', rp.key),
        SAML_IDPS_FILE: idps,
        ...spFiles(),
      },
      deps,
    );
    expect(methods.map((m) => [m.kind, m.id, m.maxLoa])).toEqual([
      ['bankid', 'bankid', 3],
      ['saml', 'freja', 3],
    ]);
  });

  it('names every missing or broken setting at once', () => {
    expect(() =>
      productionLoginMethods({ BANKID_URL: 'https://x', SAML_IDPS_FILE: write('bad.json', '[{"id":"Freja"}]'), SAML_SP_KEY_FILE: '/nonexistent/sp.key' }, deps),
    ).toThrow(/BANKID_CA_FILE is required[\s\S]*SAML_IDPS_FILE: \/0[\s\S]*SAML_SP_CERT_FILE is required[\s\S]*SAML_SP_KEY_FILE: cannot read/);
  });

  describe('SAML identity providers (SAML_IDPS_FILE)', () => {
    const [current, next] = [issueCertificate({ commonName: 'IdP key 1', usage: 'signing' }), issueCertificate({ commonName: 'IdP key 2', usage: 'signing' })];
    const federation = issueCertificate({ commonName: 'Federation', usage: 'signing' });
    const entity = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.example/freja">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
${[current, next].map((keys) => `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${pemBody(keys.cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`).join('\n')}
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
    const base = { id: 'freja', name: { sv: 'Freja eID', en: 'Freja eID' }, entityId: 'https://idp.example/freja', maxLoa: 3 };
    const read = (entries: object[]) => {
      const problems: string[] = [];
      return { idps: samlIdentityProviders(JSON.stringify(entries), problems), problems };
    };

    it('takes both signing certificates of a metadata file in a key rollover, its signature checked when a signer is given', () => {
      const plain = read([{ ...base, metadataFile: write('freja.xml', entity) }]);
      expect(plain.problems).toEqual([]);
      expect(plain.idps?.[0]).toMatchObject({ ssoUrl: 'https://idp.example/sso' });
      expect(plain.idps?.[0]?.signingCerts.map(pemBody)).toEqual([pemBody(current.cert), pemBody(next.cert)]);

      const signed = read([{ ...base, metadataFile: write('freja-signed.xml', signMetadata(entity, federation)), metadataSigningCertFile: write('federation.crt', federation.cert) }]);
      expect(signed.problems).toEqual([]);
      expect(signed.idps?.[0]?.signingCerts).toHaveLength(2);
      const forged = read([{ ...base, metadataFile: write('freja-forged.xml', signMetadata(entity, current)), metadataSigningCertFile: write('federation.crt', federation.cert) }]);
      expect(forged.problems).toEqual([expect.stringMatching(/^SAML_IDPS_FILE\[0\] \(freja\)\.metadataFile .* has a signature that does not verify/)]);
    });

    it('takes signing certificate files one by one (signingCertFiles) or a metadata URL with its signer, refreshed', () => {
      const files = read([{ ...base, ssoUrl: 'https://idp.example/sso', signingCertFiles: [write('k1.crt', current.cert), write('k2.crt', next.cert)] }]);
      expect(files.problems).toEqual([]);
      expect(files.idps?.[0]?.signingCerts).toHaveLength(2);
      const fetched = read([{ ...base, metadataUrl: 'https://md.example.se/idps.xml', metadataSigningCertFile: write('federation.crt', federation.cert), metadataRefreshMinutes: 30 }]);
      expect(fetched.problems).toEqual([]);
      expect(fetched.idps?.[0]).toBeInstanceOf(RefreshedIdentityProvider);
      (fetched.idps?.[0] as RefreshedIdentityProvider).stop();
    });

    it('refuses a metadata URL without its signer, two sources at once, and plain http', () => {
      expect(read([{ ...base, metadataUrl: 'https://md.example.se/idps.xml' }]).problems).toEqual([expect.stringMatching(/metadataSigningCertFile is required with metadataUrl/)]);
      expect(read([{ ...base, metadataFile: write('freja.xml', entity), ssoUrl: 'https://idp.example/sso' }]).problems).toEqual([expect.stringMatching(/needs exactly one of/)]);
      expect(read([{ ...base, metadataUrl: 'http://md.example.se/idps.xml', metadataSigningCertFile: write('federation.crt', federation.cert) }]).problems).toEqual([
        expect.stringMatching(/^SAML_IDPS_FILE: \/0\/metadataUrl/),
      ]);
    });
  });

  it('takes SAML_REQUIRE_ENCRYPTED_ASSERTIONS as true or false only', () => {
    const idps = write('idps-encrypted.json', JSON.stringify([{ id: 'freja', name: { sv: 'Freja eID', en: 'Freja eID' }, entityId: 'https://idp.example/freja', ssoUrl: 'https://idp.example/sso', signingCertFile: write('freja.crt', sp.cert), maxLoa: 3 }]));
    expect(productionLoginMethods({ SAML_IDPS_FILE: idps, ...spFiles(), SAML_REQUIRE_ENCRYPTED_ASSERTIONS: 'true' }, deps).map((m) => m.id)).toEqual(['freja']);
    expect(() => productionLoginMethods({ SAML_IDPS_FILE: idps, ...spFiles(), SAML_REQUIRE_ENCRYPTED_ASSERTIONS: 'yes' }, deps)).toThrow(/SAML_REQUIRE_ENCRYPTED_ASSERTIONS must be true or false, got "yes"/);
  });

  it('refuses SAML without SAML_SP_INFO_FILE or with one that lacks a contact', () => {
    const idps = write('idps-info.json', JSON.stringify([{ id: 'freja', name: { sv: 'Freja eID', en: 'Freja eID' }, entityId: 'https://idp.example/freja', ssoUrl: 'https://idp.example/sso', signingCertFile: write('freja.crt', sp.cert), maxLoa: 3 }]));
    const { SAML_SP_INFO_FILE: _, ...withoutInfo } = spFiles();
    expect(() => productionLoginMethods({ SAML_IDPS_FILE: idps, ...withoutInfo }, deps)).toThrow(/SAML_SP_INFO_FILE is required/);
    const { contacts, ...info } = demoServiceProviderInfo('https://e.example.se');
    const broken = write('sp-info-broken.json', JSON.stringify({ ...info, contacts: { technical: contacts.technical } }));
    expect(() => productionLoginMethods({ SAML_IDPS_FILE: idps, ...spFiles(), SAML_SP_INFO_FILE: broken }, deps)).toThrow(/SAML_SP_INFO_FILE: \/contacts\/support/);
  });
});
