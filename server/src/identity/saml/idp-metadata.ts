import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { BINDING } from './config.js';

const METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/**
 * What our SPs need from an IdP's metadata: its own file (AD FS FederationMetadata.xml, Entra
 * ID's app metadata) or its entry in a federation's aggregate (Sweden Connect's metadata).
 */
export interface IdpMetadata {
  entityId: string;
  /** SingleSignOnService, HTTP-Redirect binding */
  ssoUrl: string;
  /** SingleLogoutService, HTTP-Redirect binding, if it offers one */
  sloUrl?: string;
  /** PEM certificates of its signing keys (two during a key rollover) */
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

/** A certificate's base64 body (as metadata holds it) as PEM. */
export const certificatePem = (base64: string) => `-----BEGIN CERTIFICATE-----\n${(base64.replace(/\s+/g, '').match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;

/** The document element, or what is wrong with the XML. */
function parse(xml: string): Element | string {
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
  return root;
}

/**
 * Reads one IdP from metadata; the string is what is wrong with it, in words an operator can act
 * on. `entityId` picks the IdP out of a federation's aggregate (md:EntitiesDescriptor); without
 * it the metadata must describe one entity.
 */
export function readIdpMetadata(xml: string, options: { entityId?: string | undefined } = {}): IdpMetadata | string {
  const root = parse(xml);
  if (typeof root === 'string') return root;
  const entity = entityOf(root, options.entityId);
  if (typeof entity === 'string') return entity;
  const entityId = entity.getAttribute('entityID');
  if (!entityId) return 'has no entityID';
  if (options.entityId !== undefined && entityId !== options.entityId) return `describes ${entityId}, not ${options.entityId}`;
  const [descriptor] = children(entity, METADATA_NS, 'IDPSSODescriptor');
  if (!descriptor) return 'describes no identity provider (no md:IDPSSODescriptor)';
  const endpoint = (name: string) => children(descriptor, METADATA_NS, name).find((element) => element.getAttribute('Binding') === BINDING.redirect)?.getAttribute('Location') || undefined;
  const ssoUrl = endpoint('SingleSignOnService');
  if (!ssoUrl) return 'has no SingleSignOnService with the HTTP-Redirect binding';
  const sloUrl = endpoint('SingleLogoutService');
  const signingCerts = children(descriptor, METADATA_NS, 'KeyDescriptor')
    .filter((key) => (key.getAttribute('use') || 'signing') === 'signing')
    .flatMap((key) => Array.from(key.getElementsByTagNameNS(DSIG_NS, 'X509Certificate')))
    .map((certificate) => certificatePem(certificate.textContent ?? ''));
  if (signingCerts.length === 0) return 'has no signing certificate (md:KeyDescriptor use="signing")';
  return { entityId, ssoUrl, ...(sloUrl ? { sloUrl } : {}), signingCerts };
}

function entityOf(root: Element, entityId: string | undefined): Element | string {
  if (root.namespaceURI === METADATA_NS && root.localName === 'EntityDescriptor') return root;
  if (root.namespaceURI !== METADATA_NS || root.localName !== 'EntitiesDescriptor' || entityId === undefined) {
    return 'must have one md:EntityDescriptor as its root (not an aggregate of several entities)';
  }
  // entity descriptors may be nested in EntitiesDescriptor groups
  const match = Array.from(root.getElementsByTagNameNS(METADATA_NS, 'EntityDescriptor')).find((entity) => entity.getAttribute('entityID') === entityId);
  return match ?? `has no md:EntityDescriptor with entityID ${entityId}`;
}

/**
 * The metadata as its signer signed it, or what is wrong: exactly one enveloped signature on the
 * document element, made with `signerCert`, covering that element. Only the bytes the signature
 * covers are returned (never other nodes of the document), so nothing unsigned can slip in, and
 * metadata whose validUntil has passed is refused.
 */
export function verifiedMetadata(xml: string, signerCert: string, now = new Date()): string | { error: string } {
  const root = parse(xml);
  if (typeof root === 'string') return { error: root };
  const signatures = children(root, DSIG_NS, 'Signature');
  if (signatures.length !== 1) return { error: signatures.length === 0 ? 'is not signed' : 'has more than one signature' };
  const signature = new SignedXml({ publicCert: signerCert });
  signature.loadSignature(signatures[0] as unknown as Node);
  const references = signature.getReferences();
  const rootId = root.getAttribute('ID');
  const uri = references[0]?.uri ?? '';
  if (references.length !== 1 || !(uri === '' || (rootId && uri === `#${rootId}`))) return { error: 'has a signature that does not cover the whole document' };
  const refused = (reason: string) => ({ error: `has a signature that does not verify with the metadata signing certificate (${reason})` });
  try {
    if (!signature.checkSignature(xml)) return refused('wrong signature value');
  } catch (error) {
    return refused((error as Error).message);
  }
  const [signed] = signature.getSignedReferences();
  if (!signed) return refused('nothing signed');
  const signedRoot = parse(signed);
  const validUntil = typeof signedRoot === 'string' ? null : signedRoot.getAttribute('validUntil');
  if (validUntil && !(Date.parse(validUntil) > now.getTime())) return { error: `expired at ${validUntil}` };
  return signed;
}
