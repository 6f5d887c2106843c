import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueCertificate } from './certificates.js';
import { productionLoginMethods } from './production-login-methods.js';

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
        SAML_SP_CERT_FILE: write('sp.crt', sp.cert),
        SAML_SP_KEY_FILE: write('sp.key', sp.key),
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
});
