import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueCertificate, pemBody } from '../../identity/certificates.js';
import { DEFAULT_ATTRIBUTE_MAPPING } from './attributes.js';
import { parseStaffSamlSettings } from './settings.js';

const folder = mkdtempSync(path.join(tmpdir(), 'staff-saml-settings-'));
const file = (name: string, content: string) => {
  const at = path.join(folder, name);
  writeFileSync(at, content);
  return at;
};
const sp = issueCertificate({ commonName: 'SP', usage: 'signing' });
const idpCurrent = issueCertificate({ commonName: 'AD FS signing', usage: 'signing' });
const idpNext = issueCertificate({ commonName: 'AD FS signing (next)', usage: 'signing' });
const spFiles = { SAML_SP_CERT_FILE: file('sp.crt', sp.cert), SAML_SP_KEY_FILE: file('sp.key', sp.key) };
const PUBLIC_URL = 'https://etjanst.ekdala.example.se';

/** AD FS-like metadata: a WS-Federation role beside the SAML IdP role, two signing keys during a rollover. */
const metadata = `<?xml version="1.0" encoding="utf-8"?>
<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://adfs.ekdala.example.se/adfs/services/trust">
  <RoleDescriptor xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="fed:SecurityTokenServiceType" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706"/>
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <KeyDescriptor use="encryption"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${pemBody(sp.cert)}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
    <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${pemBody(idpCurrent.cert)}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
    <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${pemBody(idpNext.cert)}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://adfs.ekdala.example.se/adfs/ls/post"/>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://adfs.ekdala.example.se/adfs/ls/"/>
  </IDPSSODescriptor>
</EntityDescriptor>`;

const parse = (idps: unknown, env: NodeJS.ProcessEnv = spFiles) => {
  const problems: string[] = [];
  const settings = parseStaffSamlSettings({ ...env, STAFF_SAML_IDPS: typeof idps === 'string' ? idps : JSON.stringify(idps) }, PUBLIC_URL, problems);
  return { settings, problems };
};
const name = { sv: 'Ekdala kommun', en: 'Ekdala Municipality' };

describe('STAFF_SAML_IDPS', () => {
  it('is empty when unset', () => {
    expect(parse('')).toEqual({ settings: { sp: undefined, identityProviders: [] }, problems: [] });
  });

  it('sets up the SP without configured IdPs when it has keys of its own (for IdPs platform administrators store)', () => {
    const own = { STAFF_SAML_SP_CERT_FILE: spFiles.SAML_SP_CERT_FILE, STAFF_SAML_SP_KEY_FILE: spFiles.SAML_SP_KEY_FILE };
    expect(parse('', own)).toEqual({ settings: { sp: { entityId: `${PUBLIC_URL}/api/staff/saml/sp`, signing: sp }, identityProviders: [] }, problems: [] });
    expect(parse('', { STAFF_SAML_SP_CERT_FILE: own.STAFF_SAML_SP_CERT_FILE }).problems).toEqual([expect.stringContaining('STAFF_SAML_SP_KEY_FILE is missing')]);
  });

  it('reads an IdP from its metadata file: entity id, redirect SSO URL and every signing certificate', () => {
    const { settings, problems } = parse([{ id: 'ekdala', name, metadataFile: file('adfs.xml', metadata) }]);
    expect(problems).toEqual([]);
    expect(settings.identityProviders).toEqual([
      {
        id: 'ekdala',
        name,
        entityId: 'http://adfs.ekdala.example.se/adfs/services/trust',
        ssoUrl: 'https://adfs.ekdala.example.se/adfs/ls/',
        signingCerts: [expect.stringContaining(pemBody(idpCurrent.cert).slice(0, 64)), expect.stringContaining(pemBody(idpNext.cert).slice(0, 64))],
        attributes: DEFAULT_ATTRIBUTE_MAPPING,
      },
    ]);
    expect(settings.sp).toEqual({ entityId: `${PUBLIC_URL}/api/staff/saml/sp`, signing: sp });
  });

  it('reads an IdP given by entity id, entry point and certificate files, with its own attribute names', () => {
    const { settings, problems } = parse([
      {
        id: 'solbacka',
        name,
        entityId: 'https://sts.windows.net/tenant/',
        entryPoint: 'https://login.microsoftonline.com/tenant/saml2',
        logoutUrl: 'https://login.microsoftonline.com/tenant/saml2',
        signingCertFiles: [file('entra.pem', idpCurrent.cert)],
        nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        attributes: { subject: 'employeeNumber', groups: 'memberOf' },
      },
    ]);
    expect(problems).toEqual([]);
    expect(settings.identityProviders[0]).toMatchObject({ sloUrl: 'https://login.microsoftonline.com/tenant/saml2', signingCerts: [idpCurrent.cert], attributes: { ...DEFAULT_ATTRIBUTE_MAPPING, subject: 'employeeNumber', groups: ['memberOf'] } });
  });

  it('names every mistake, by entry and field', () => {
    expect(parse('{not json').problems).toEqual([expect.stringMatching(/^STAFF_SAML_IDPS must be a JSON list/)]);
    const { problems } = parse([
      { id: 'Ekdala Kommun', name: { sv: 'Ekdala' }, entryPoint: 'http://adfs.ekdala.example.se/adfs/ls/', logoutUrl: 'http://adfs.ekdala.example.se/adfs/ls/', signingCertFiles: ['/no/such/file.pem'], colour: 'blue' },
      { id: 'two', name, metadataFile: '/x.xml', entityId: 'x' },
      { id: 'three', name, metadataFile: file('not-metadata.xml', '<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"/>'), attributes: { groups: [], mail: 'x' } },
    ]);
    expect(problems).toEqual([
      'STAFF_SAML_IDPS[0] has an unknown field "colour" (known: id, name, metadataFile, entityId, entryPoint, logoutUrl, signingCertFiles, nameIdFormat, attributes)',
      'STAFF_SAML_IDPS[0].id must be a short slug of a-z, 0-9 and -, such as "ekdala", got "Ekdala Kommun"',
      'STAFF_SAML_IDPS[0].name must give the login button\'s text in Swedish and English: {"sv":"...","en":"..."}',
      expect.stringMatching(/^STAFF_SAML_IDPS\[0\] needs metadataFile, or entityId, entryPoint and signingCertFiles; entityId is missing/),
      'STAFF_SAML_IDPS[0].entryPoint must be the IdP\'s https:// single sign-on URL (HTTP-Redirect binding), got "http://adfs.ekdala.example.se/adfs/ls/"',
      'STAFF_SAML_IDPS[0].logoutUrl must be the IdP\'s https:// single logout URL (HTTP-Redirect binding), got "http://adfs.ekdala.example.se/adfs/ls/"',
      expect.stringMatching(/^STAFF_SAML_IDPS\[0\]\.signingCertFiles: cannot read \/no\/such\/file\.pem/),
      'STAFF_SAML_IDPS[1] gives both metadataFile and entityId; give the metadata file or the three fields entityId, entryPoint and signingCertFiles',
      expect.stringMatching(/^STAFF_SAML_IDPS\[2\]\.metadataFile .* must have one md:EntityDescriptor as its root/),
      'STAFF_SAML_IDPS[2].attributes has an unknown field "mail" (known: subject, displayName, email, groups)',
      'STAFF_SAML_IDPS[2].attributes.groups must name the attribute(s) with the person\'s groups, a name or a list of names',
    ]);
  });

  it('needs the SP key pair, its own entity id, and a key that belongs to the certificate', () => {
    const idps = [{ id: 'ekdala', name, metadataFile: file('adfs2.xml', metadata) }];
    expect(parse(idps, {}).problems).toEqual([expect.stringMatching(/needs its signing key.*SAML_SP_CERT_FILE is missing/), expect.stringMatching(/SAML_SP_KEY_FILE is missing/)]);
    expect(parse(idps, { ...spFiles, STAFF_SAML_SP_ENTITY_ID: `${PUBLIC_URL}/api/saml/sp` }).problems).toEqual([expect.stringMatching(/^STAFF_SAML_SP_ENTITY_ID must differ from the citizens' SP entity id/)]);
    const other = issueCertificate({ commonName: 'Other', usage: 'signing' });
    expect(parse(idps, { STAFF_SAML_SP_CERT_FILE: spFiles.SAML_SP_CERT_FILE, STAFF_SAML_SP_KEY_FILE: file('other.key', other.key) }).problems).toEqual([
      'STAFF_SAML_SP_KEY_FILE is not the private key of the certificate in STAFF_SAML_SP_CERT_FILE',
    ]);
  });
});
