import { pemBody } from '../certificates.js';
import { BINDING, NAME_ID_FORMAT, spEndpoints, type SamlIdentityProviderConfig, type SamlServiceProvider } from './config.js';
import { escapeMarkup } from './markup.js';

/**
 * Our SP metadata for one IdP: signing certificate, ACS (HTTP-POST) and single logout
 * (HTTP-Redirect and HTTP-POST). Written here rather than by node-saml, whose metadata offers
 * single logout over HTTP-POST only.
 */
export function serviceProviderMetadata(sp: SamlServiceProvider, idp: SamlIdentityProviderConfig): string {
  const endpoints = spEndpoints(sp, idp);
  const attr = escapeMarkup;
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${attr(sp.entityId)}">
  <md:SPSSODescriptor AuthnRequestsSigned="true" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>${pemBody(sp.signing.cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleLogoutService Binding="${BINDING.redirect}" Location="${attr(endpoints.slo)}"/>
    <md:SingleLogoutService Binding="${BINDING.post}" Location="${attr(endpoints.slo)}"/>
    <md:NameIDFormat>${NAME_ID_FORMAT.persistent}</md:NameIDFormat>
    <md:NameIDFormat>${NAME_ID_FORMAT.transient}</md:NameIDFormat>
    <md:AssertionConsumerService index="0" isDefault="true" Binding="${BINDING.post}" Location="${attr(endpoints.acs)}"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
`;
}
