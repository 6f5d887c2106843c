import type { LocalizedText } from '@etjanst/schemas';
import type { KeyPair } from '../certificates.js';

/** An identity provider of a SAML federation (Sweden Connect, Freja eID, a municipality's own IdP). */
export interface SamlIdentityProviderConfig {
  /** Slug used in our URLs, e.g. 'sweden-connect' */
  id: string;
  name: LocalizedText;
  entityId: string;
  /** SingleSignOnService, HTTP-Redirect binding */
  ssoUrl: string;
  /** SingleLogoutService, HTTP-Redirect binding; without it logout stays local */
  sloUrl?: string;
  /** PEM certificate the IdP signs responses and logout messages with */
  signingCert: string;
  /** Highest level of assurance the IdP is approved for */
  maxLoa: Loa;
}

/** This platform as a SAML service provider. */
export interface SamlServiceProvider {
  entityId: string;
  /** Public URL of the platform, without a trailing slash */
  baseUrl: string;
  signing: KeyPair;
  identityProviders: SamlIdentityProviderConfig[];
}

export type Loa = 2 | 3 | 4;

/** Level-of-assurance URIs of the Swedish eID framework (Registry for identifiers, 3.1.1). */
export const loaUri = (loa: Loa) => `http://id.elegnamnden.se/loa/1.0/loa${loa}`;

export function loaFromUri(uri: unknown): Loa | undefined {
  const match = /^http:\/\/id\.elegnamnden\.se\/loa\/1\.0\/loa([234])$/.exec(String(uri));
  return match ? (Number(match[1]) as Loa) : undefined;
}

/** Attribute names (urn:oid) of the Swedish eID framework's attribute specification. */
export const SWEDISH_EID_ATTRIBUTES = {
  personalIdentityNumber: 'urn:oid:1.2.752.29.4.13',
  givenName: 'urn:oid:2.5.4.42',
  surname: 'urn:oid:2.5.4.4',
  displayName: 'urn:oid:2.16.840.1.113730.3.1.241',
} as const;

export const NAME_ID_FORMAT = {
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  emailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
} as const;

export const BINDING = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
} as const;

/** Our endpoints for one IdP; the IdP learns them from our metadata. */
export function spEndpoints(sp: SamlServiceProvider, idp: Pick<SamlIdentityProviderConfig, 'id'>) {
  const base = `${sp.baseUrl}/api/saml/${idp.id}`;
  return { metadata: `${base}/metadata`, acs: `${base}/acs`, slo: `${base}/slo` };
}
