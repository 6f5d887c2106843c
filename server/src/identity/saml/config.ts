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
  /** PEM certificates the IdP may sign responses and logout messages with (two during a key rollover) */
  signingCerts: readonly string[];
  /** Highest level of assurance the IdP is approved for */
  maxLoa: Loa;
}

/** This platform as a SAML service provider. */
export interface SamlServiceProvider {
  entityId: string;
  /** Public URL of the platform, without a trailing slash */
  baseUrl: string;
  signing: KeyPair;
  /** The key IdPs encrypt assertions to (the Swedish eID framework requires encrypted assertions) */
  encryption: KeyPair;
  /** Refuse a response whose assertion is not encrypted (SAML_REQUIRE_ENCRYPTED_ASSERTIONS), as the Sweden Connect profile asks */
  requireEncryptedAssertions?: boolean;
  /** What our metadata says about the service and who runs it */
  info: ServiceProviderInfo;
  identityProviders: SamlIdentityProviderConfig[];
}

/** Metadata text in Swedish and English, both required. */
export interface Bilingual {
  sv: string;
  en: string;
}

/** A contact in our metadata (md:ContactPerson). */
export interface MetadataContact {
  company: string;
  email: string;
}

/**
 * The service as a federation's metadata presents it: the organisation behind it, technical and
 * support contacts, the name, description and logo an IdP shows while the person logs in
 * (mdui:UIInfo), and the entity categories that tell the federation which attributes and levels
 * the service needs.
 */
export interface ServiceProviderInfo {
  organization: { name: Bilingual; displayName: Bilingual; url: Bilingual };
  contacts: { technical: MetadataContact; support: MetadataContact };
  displayName: Bilingual;
  description: Bilingual;
  logo: { url: string; width: number; height: number };
  entityCategories: string[];
}

/** Entity categories of the Swedish eID framework (Entity Categories for the Swedish eID Framework). */
export const ENTITY_CATEGORY = {
  /** Service entity category: natural person with personnummer at level of assurance 3 */
  loa3Pnr: 'http://id.elegnamnden.se/ec/1.0/loa3-pnr',
  /** Service type: a public sector service */
  publicSectorSp: 'http://id.elegnamnden.se/st/1.0/public-sector-sp',
} as const;

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
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
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
