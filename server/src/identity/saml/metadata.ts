import { pemBody } from '../certificates.js';
import { BINDING, NAME_ID_FORMAT, spEndpoints, type SamlIdentityProviderConfig, type SamlServiceProvider } from './config.js';
import { escapeMarkup } from './markup.js';

/** What an IdP learns about one of our SPs from its metadata. */
export interface ServiceProviderDescription {
  entityId: string;
  signingCert: string;
  acsUrl: string;
  /** Single logout (HTTP-Redirect and HTTP-POST); without it the SP offers none */
  sloUrl?: string;
  nameIdFormats: readonly string[];
}

/**
 * SP metadata: signing certificate, ACS (HTTP-POST) and single logout (HTTP-Redirect and
 * HTTP-POST). Written here rather than by node-saml, whose metadata offers single logout over
 * HTTP-POST only.
 */
export function metadataXml(sp: ServiceProviderDescription): string {
  const attr = escapeMarkup;
  const singleLogout = sp.sloUrl
    ? `
    <md:SingleLogoutService Binding="${BINDING.redirect}" Location="${attr(sp.sloUrl)}"/>
    <md:SingleLogoutService Binding="${BINDING.post}" Location="${attr(sp.sloUrl)}"/>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${attr(sp.entityId)}">
  <md:SPSSODescriptor AuthnRequestsSigned="true" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>${pemBody(sp.signingCert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>${singleLogout}
${sp.nameIdFormats.map((format) => `    <md:NameIDFormat>${attr(format)}</md:NameIDFormat>`).join('\n')}
    <md:AssertionConsumerService index="0" isDefault="true" Binding="${BINDING.post}" Location="${attr(sp.acsUrl)}"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
`;
}

/** The citizens' SP metadata for one e-ID IdP. */
export function serviceProviderMetadata(sp: SamlServiceProvider, idp: SamlIdentityProviderConfig): string {
  const endpoints = spEndpoints(sp, idp);
  return metadataXml({
    entityId: sp.entityId,
    signingCert: sp.signing.cert,
    acsUrl: endpoints.acs,
    sloUrl: endpoints.slo,
    nameIdFormats: [NAME_ID_FORMAT.persistent, NAME_ID_FORMAT.transient],
  });
}
