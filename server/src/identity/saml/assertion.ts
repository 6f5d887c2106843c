import type { Profile } from '@node-saml/passport-saml';
import { DOMParser } from '@xmldom/xmldom';
import { isPersonnummer } from '@etjanst/schemas';
import type { AuthenticatedPerson } from '../sessions.js';
import { loaFromUri, SWEDISH_EID_ATTRIBUTES, type Loa, type SamlIdentityProviderConfig } from './config.js';
import { responseInvalid } from './refusal.js';

export interface SamlLogin {
  person: AuthenticatedPerson;
  loa: Loa;
  nameId: string;
  nameIdFormat: string;
  sessionIndex: string | null;
}

/**
 * What a validated assertion says: the person (Swedish eID attribute set "natural person with
 * personnummer") and the level of assurance from AuthnContextClassRef. An unknown level, one
 * above what the IdP is approved for, missing attributes, or an answer addressed elsewhere
 * (isAddressedTo) refuse the login.
 */
export function readAssertion(profile: Profile, idp: SamlIdentityProviderConfig, acsUrl: string): SamlLogin {
  const attribute = (name: string) => {
    const value = profile[name];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const personalIdentityNumber = attribute(SWEDISH_EID_ATTRIBUTES.personalIdentityNumber);
  const givenName = attribute(SWEDISH_EID_ATTRIBUTES.givenName);
  const surname = attribute(SWEDISH_EID_ATTRIBUTES.surname);
  const assertion = (profile.getAssertion?.() as { Assertion?: XmlNode } | undefined)?.Assertion;
  const loa = loaFromUri(authnContextClassRef(assertion));
  if (
    !isAddressedTo(profile, { issuer: idp.entityId, acsUrl }) ||
    !personalIdentityNumber ||
    !/^\d{12}$/.test(personalIdentityNumber) ||
    !isPersonnummer(personalIdentityNumber) ||
    !givenName ||
    !surname ||
    !loa ||
    loa > idp.maxLoa ||
    !profile.nameID
  ) {
    throw responseInvalid();
  }
  return {
    person: {
      personalIdentityNumber,
      givenName,
      surname,
      displayName: attribute(SWEDISH_EID_ATTRIBUTES.displayName) ?? `${givenName} ${surname}`,
    },
    loa,
    nameId: profile.nameID,
    nameIdFormat: profile.nameIDFormat,
    sessionIndex: profile.sessionIndex ?? null,
  };
}

/**
 * Whether a validated answer comes from the IdP and was sent to our ACS: its Issuer, the signed
 * Response's Destination (required for a signed message over HTTP-POST, bindings 3.5.5.2) and the
 * bearer SubjectConfirmation's Recipient. node-saml checks neither Destination nor Recipient.
 */
export function isAddressedTo(profile: Profile, expected: { issuer: string; acsUrl: string }): boolean {
  const assertion = (profile.getAssertion?.() as { Assertion?: XmlNode } | undefined)?.Assertion;
  return profile.issuer === expected.issuer && responseDestination(profile) === expected.acsUrl && recipients(assertion).includes(expected.acsUrl);
}

/** The Response element whose signature node-saml verified (the document's root). */
function responseElement(profile: Profile) {
  const xml = profile.getSamlResponseXml?.();
  if (!xml) return undefined;
  const root = new DOMParser({ errorHandler: () => undefined }).parseFromString(xml, 'text/xml').documentElement;
  return root?.localName === 'Response' ? root : undefined;
}

/** The Destination of that Response element. */
function responseDestination(profile: Profile): string | undefined {
  const root = responseElement(profile);
  return root?.hasAttribute('Destination') ? root.getAttribute('Destination') ?? undefined : undefined;
}

const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';

/**
 * Whether the validated answer's assertion came encrypted (saml:EncryptedAssertion in the
 * Response as the IdP sent it). node-saml takes a plain assertion as readily as an encrypted one
 * and allows only one of either, so an EncryptedAssertion child means no plain one.
 */
export function assertionWasEncrypted(profile: Profile): boolean {
  const root = responseElement(profile);
  return Boolean(root && Array.from(root.getElementsByTagNameNS(ASSERTION_NS, 'EncryptedAssertion')).some((element) => element.parentNode === root));
}

/** An element as node-saml's xml2js parse gives it: children by local name, text in `_`, attributes in `$`. */
type XmlNode = { _?: string; $?: Record<string, string>; [child: string]: unknown };
const children = (nodes: XmlNode[] | undefined, name: string): XmlNode[] => (nodes ?? []).flatMap((node) => (node[name] as XmlNode[] | undefined) ?? []);

/** AuthnStatement/AuthnContext/AuthnContextClassRef, from the one AuthnStatement allowed. */
function authnContextClassRef(assertion: XmlNode | undefined): string | undefined {
  const statements = children(assertion && [assertion], 'AuthnStatement');
  if (statements.length !== 1) return undefined;
  return children(children(statements, 'AuthnContext'), 'AuthnContextClassRef')[0]?._;
}

/** AuthnStatement/@AuthnInstant, from the one AuthnStatement allowed: when the IdP authenticated the person. */
export function authnInstant(profile: Profile): Date | undefined {
  const assertion = (profile.getAssertion?.() as { Assertion?: XmlNode } | undefined)?.Assertion;
  const statements = children(assertion && [assertion], 'AuthnStatement');
  const instant = statements.length === 1 ? statements[0]!.$?.AuthnInstant : undefined;
  const time = instant === undefined ? Number.NaN : Date.parse(instant);
  return Number.isNaN(time) ? undefined : new Date(time);
}

function recipients(assertion: XmlNode | undefined): string[] {
  const confirmations = children(children(assertion && [assertion], 'Subject'), 'SubjectConfirmation');
  return children(confirmations, 'SubjectConfirmationData').flatMap((data) => data.$?.Recipient ?? []);
}
