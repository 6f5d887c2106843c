import { readFile, readdir } from 'node:fs/promises';
import { DOMParser } from '@xmldom/xmldom';
import samlify from 'samlify';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { issueCertificate, pemBody } from '../certificates.js';
import { ENTITY_CATEGORY, NAME_ID_FORMAT, type SamlServiceProvider } from './config.js';
import { ENCRYPTION_METHODS, metadataXml, serviceProviderMetadata } from './metadata.js';
import { demoServiceProviderInfo } from './sp-info.js';

const SCHEMAS = new URL('../../../xml-schemas/saml-metadata/', import.meta.url);

/** Validates against the SAML metadata schema subset in server/xml-schemas/saml-metadata; returns the errors. */
async function schemaErrors(xml: string): Promise<string[]> {
  const files = await Promise.all((await readdir(SCHEMAS)).map(async (fileName) => ({ fileName, contents: await readFile(new URL(fileName, SCHEMAS), 'utf8') })));
  const main = files.find((file) => file.fileName === 'sp-metadata.xsd')!;
  const result = await validateXML({ xml: { fileName: 'metadata.xml', contents: xml }, schema: main, preload: files.filter((file) => file !== main) });
  return result.errors.map((error) => error.rawMessage);
}

const signing = issueCertificate({ commonName: 'SP signing (test)', usage: 'signing' });
const encryption = issueCertificate({ commonName: 'SP encryption (test)', usage: 'signing' });
const sp: SamlServiceProvider = {
  entityId: 'https://e.example.se/api/saml/sp',
  baseUrl: 'https://e.example.se',
  signing,
  encryption,
  info: demoServiceProviderInfo('https://e.example.se'),
  identityProviders: [],
};
const citizens = serviceProviderMetadata(sp, { id: 'sweden-connect' });

describe('SP metadata', () => {
  it('is valid against the SAML 2.0 metadata schema (with mdui and mdattr), for the citizens and the staff SP alike', async () => {
    expect(await schemaErrors(citizens)).toEqual([]);
    const staff = metadataXml({ entityId: 'https://e.example.se/api/staff/saml/sp', signingCert: signing.cert, acsUrl: 'https://e.example.se/api/staff/saml/x/acs', nameIdFormats: [NAME_ID_FORMAT.persistent] });
    expect(await schemaErrors(staff)).toEqual([]);
  });

  it('fails the schema when the standard order is broken', async () => {
    const organization = /\s*<md:Organization>[\s\S]*<\/md:Organization>/.exec(citizens)![0];
    const organizationFirst = citizens.replace(organization, '').replace('\n  <md:SPSSODescriptor', `${organization}\n  <md:SPSSODescriptor`);
    expect(await schemaErrors(organizationFirst)).toEqual([expect.stringMatching(/Organization.*not expected/)]);
    expect(await schemaErrors(citizens.replace('width="64"', 'width="wide"'))).not.toEqual([]);
  });

  it('publishes the encryption key with the algorithms we decrypt, beside the signing key', () => {
    const metadata = samlify.SPMetadata(citizens);
    expect(metadata.getX509Certificate('signing')).toBe(pemBody(signing.cert));
    expect(metadata.getX509Certificate('encryption')).toBe(pemBody(encryption.cert));
    const methods = [...citizens.matchAll(/<md:KeyDescriptor use="encryption">[\s\S]*?<\/md:KeyDescriptor>/g)].flatMap((match) => [...match[0].matchAll(/EncryptionMethod Algorithm="([^"]+)"/g)].map((m) => m[1]));
    expect(methods).toEqual([...ENCRYPTION_METHODS]);
  });

  it('says who runs the service, how to reach them, how to show it and what it needs (entity categories)', () => {
    const document = new DOMParser().parseFromString(citizens, 'text/xml');
    const md = 'urn:oasis:names:tc:SAML:2.0:metadata';
    const texts = (ns: string, name: string) => Array.from(document.getElementsByTagNameNS(ns, name)).map((element) => `${element.getAttribute('xml:lang') ?? ''}:${element.textContent}`);
    expect(texts(md, 'OrganizationName')).toEqual(['sv:E-tjänstplattformen (demo)', 'en:The e-service platform (demo)']);
    expect(texts(md, 'OrganizationURL')).toEqual(['sv:https://e.example.se/', 'en:https://e.example.se/']);
    const contacts = Array.from(document.getElementsByTagNameNS(md, 'ContactPerson')).map((element) => [element.getAttribute('contactType'), element.getElementsByTagNameNS(md, 'EmailAddress')[0]?.textContent]);
    expect(contacts).toEqual([
      ['technical', 'mailto:drift@etjanst.example.se'],
      ['support', 'mailto:support@etjanst.example.se'],
    ]);
    const mdui = 'urn:oasis:names:tc:SAML:metadata:ui';
    expect(texts(mdui, 'DisplayName')).toEqual(['sv:Kommunens e-tjänster', 'en:The municipality’s e-services']);
    expect(texts(mdui, 'Description')).toHaveLength(2);
    const logo = document.getElementsByTagNameNS(mdui, 'Logo')[0];
    expect([logo?.textContent, logo?.getAttribute('width'), logo?.getAttribute('height')]).toEqual(['https://e.example.se/logo.svg', '64', '64']);
    const attribute = document.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Attribute')[0];
    expect(attribute?.getAttribute('Name')).toBe('http://macedir.org/entity-category');
    expect(Array.from(attribute?.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'AttributeValue') ?? []).map((value) => value.textContent)).toEqual([
      ENTITY_CATEGORY.loa3Pnr,
      ENTITY_CATEGORY.publicSectorSp,
    ]);
  });
});
