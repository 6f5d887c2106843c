import { pemBody } from '../certificates.js';
import { BINDING, NAME_ID_FORMAT, spEndpoints, type Bilingual, type MetadataContact, type SamlIdentityProviderConfig, type SamlServiceProvider, type ServiceProviderInfo } from './config.js';
import { escapeMarkup } from './markup.js';

/** What an IdP learns about one of our SPs from its metadata. */
export interface ServiceProviderMetadata {
  entityId: string;
  signingCert: string;
  /** The certificate IdPs encrypt assertions to; without it the SP takes only plain assertions */
  encryptionCert?: string;
  acsUrl: string;
  /** Single logout; without it the SP offers none */
  sloUrl?: string;
  /** The bindings single logout takes at sloUrl (default HTTP-Redirect and HTTP-POST) */
  sloBindings?: ReadonlyArray<keyof typeof BINDING>;
  nameIdFormats: readonly string[];
  /** Organisation, contacts, UI info and entity categories, for a federation's metadata */
  info?: ServiceProviderInfo;
}

/**
 * The block ciphers and key transport we decrypt (xml-encryption through node-saml), strongest
 * first, as the Swedish eID framework's algorithm section lists them; an IdP picks from these.
 */
export const ENCRYPTION_METHODS = [
  'http://www.w3.org/2009/xmlenc11#aes256-gcm',
  'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
  'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
  'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
] as const;

const NS = {
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  mdui: 'urn:oasis:names:tc:SAML:metadata:ui',
  mdattr: 'urn:oasis:names:tc:SAML:metadata:attribute',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
} as const;

const attr = escapeMarkup;
const keyDescriptor = (use: 'signing' | 'encryption', cert: string, methods: readonly string[] = []) => `
    <md:KeyDescriptor use="${use}">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>${pemBody(cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>${methods.map((method) => `
      <md:EncryptionMethod Algorithm="${method}"/>`).join('')}
    </md:KeyDescriptor>`;
/** One element per language, Swedish first. */
const localized = (element: string, text: Bilingual, indent: string) =>
  (['sv', 'en'] as const).map((lang) => `${indent}<${element} xml:lang="${lang}">${attr(text[lang])}</${element}>`).join('\n');
const contact = (type: 'technical' | 'support', person: MetadataContact) => `
  <md:ContactPerson contactType="${type}">
    <md:Company>${attr(person.company)}</md:Company>
    <md:EmailAddress>mailto:${attr(person.email)}</md:EmailAddress>
  </md:ContactPerson>`;

/**
 * SP metadata in the order the SAML metadata schema fixes: entity categories (mdattr), then the
 * SPSSODescriptor with its UI info (mdui), signing and encryption keys, single logout
 * (HTTP-Redirect and, unless left out, HTTP-POST), NameID formats and ACS, then organisation and
 * contacts. Written here rather than by node-saml, whose metadata has neither the federation's extensions nor
 * single logout over HTTP-Redirect.
 */
export function metadataXml(sp: ServiceProviderMetadata): string {
  const { info } = sp;
  const entityCategories = info?.entityCategories.length
    ? `
  <md:Extensions>
    <mdattr:EntityAttributes>
      <saml:Attribute Name="http://macedir.org/entity-category" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">
${info.entityCategories.map((category) => `        <saml:AttributeValue>${attr(category)}</saml:AttributeValue>`).join('\n')}
      </saml:Attribute>
    </mdattr:EntityAttributes>
  </md:Extensions>`
    : '';
  const uiInfo = info
    ? `
    <md:Extensions>
      <mdui:UIInfo>
${localized('mdui:DisplayName', info.displayName, '        ')}
${localized('mdui:Description', info.description, '        ')}
        <mdui:Logo height="${info.logo.height}" width="${info.logo.width}">${attr(info.logo.url)}</mdui:Logo>
      </mdui:UIInfo>
    </md:Extensions>`
    : '';
  const { sloUrl } = sp;
  const singleLogout = sloUrl
    ? (sp.sloBindings ?? (['redirect', 'post'] as const))
        .map(
          (binding) => `
    <md:SingleLogoutService Binding="${BINDING[binding]}" Location="${attr(sloUrl)}"/>`,
        )
        .join('')
    : '';
  const organization = info
    ? `
  <md:Organization>
${localized('md:OrganizationName', info.organization.name, '    ')}
${localized('md:OrganizationDisplayName', info.organization.displayName, '    ')}
${localized('md:OrganizationURL', info.organization.url, '    ')}
  </md:Organization>${contact('technical', info.contacts.technical)}${contact('support', info.contacts.support)}`
    : '';
  const namespaces = Object.entries(info ? NS : { md: NS.md, ds: NS.ds })
    .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
    .join(' ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor ${namespaces} entityID="${attr(sp.entityId)}">${entityCategories}
  <md:SPSSODescriptor AuthnRequestsSigned="true" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${uiInfo}${keyDescriptor('signing', sp.signingCert)}${
    sp.encryptionCert ? keyDescriptor('encryption', sp.encryptionCert, ENCRYPTION_METHODS) : ''
  }${singleLogout}
${sp.nameIdFormats.map((format) => `    <md:NameIDFormat>${attr(format)}</md:NameIDFormat>`).join('\n')}
    <md:AssertionConsumerService index="0" isDefault="true" Binding="${BINDING.post}" Location="${attr(sp.acsUrl)}"/>
  </md:SPSSODescriptor>${organization}
</md:EntityDescriptor>
`;
}

/** The citizens' SP metadata for one e-ID IdP. */
export function serviceProviderMetadata(sp: SamlServiceProvider, idp: Pick<SamlIdentityProviderConfig, 'id'>): string {
  const endpoints = spEndpoints(sp, idp);
  return metadataXml({
    entityId: sp.entityId,
    signingCert: sp.signing.cert,
    encryptionCert: sp.encryption.cert,
    acsUrl: endpoints.acs,
    sloUrl: endpoints.slo,
    nameIdFormats: [NAME_ID_FORMAT.persistent, NAME_ID_FORMAT.transient],
    info: sp.info,
  });
}
