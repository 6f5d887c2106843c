import { DOMParser } from '@xmldom/xmldom';
import { BINDING } from '../../identity/saml/config.js';

const METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** What our SP needs from an IdP's metadata (AD FS FederationMetadata.xml, Entra ID's app metadata). */
export interface IdpMetadata {
  entityId: string;
  /** SingleSignOnService, HTTP-Redirect binding */
  ssoUrl: string;
  /** PEM certificates of its signing keys (AD FS lists two during a rollover) */
  signingCerts: string[];
}

/** The part of xmldom's DOM read here (its types lean on the browser's DOM, which this project does not load). */
interface Element {
  namespaceURI: string | null;
  localName: string;
  parentNode: unknown;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getElementsByTagNameNS(ns: string, name: string): ArrayLike<Element>;
}

const children = (parent: Element, ns: string, name: string): Element[] =>
  Array.from(parent.getElementsByTagNameNS(ns, name)).filter((element) => element.parentNode === parent);

const pem = (base64: string) => `-----BEGIN CERTIFICATE-----\n${(base64.replace(/\s+/g, '').match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;

/** Reads one IdP's metadata; the string is what is wrong with it, in words an operator can act on. */
export function readIdpMetadata(xml: string): IdpMetadata | string {
  if (/<!DOCTYPE/i.test(xml)) return 'must not contain a DOCTYPE';
  let parseError: string | undefined;
  const document = new DOMParser({
    errorHandler: {
      error: (message: string) => (parseError ??= message),
      fatalError: (message: string) => (parseError ??= message),
    },
  }).parseFromString(xml, 'text/xml');
  const root = document.documentElement as Element | null;
  if (parseError || !root) return `is not well-formed XML (${parseError ?? 'empty'})`;
  if (root.namespaceURI !== METADATA_NS || root.localName !== 'EntityDescriptor') return 'must have one md:EntityDescriptor as its root (not an aggregate of several entities)';
  const entityId = root.getAttribute('entityID');
  if (!entityId) return 'has no entityID';
  const [descriptor] = children(root, METADATA_NS, 'IDPSSODescriptor');
  if (!descriptor) return 'describes no identity provider (no md:IDPSSODescriptor)';
  const sso = children(descriptor, METADATA_NS, 'SingleSignOnService').find((element) => element.getAttribute('Binding') === BINDING.redirect);
  const ssoUrl = sso?.getAttribute('Location');
  if (!ssoUrl) return 'has no SingleSignOnService with the HTTP-Redirect binding';
  const signingCerts = children(descriptor, METADATA_NS, 'KeyDescriptor')
    .filter((key) => (key.getAttribute('use') || 'signing') === 'signing')
    .flatMap((key) => Array.from(key.getElementsByTagNameNS(DSIG_NS, 'X509Certificate')))
    .map((certificate) => pem(certificate.textContent ?? ''));
  if (signingCerts.length === 0) return 'has no signing certificate (md:KeyDescriptor use="signing")';
  return { entityId, ssoUrl, signingCerts };
}
