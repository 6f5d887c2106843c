import { DOMParser } from '@xmldom/xmldom';
import type { Request } from 'express';
import { SAML, ValidateInResponseTo, type Profile } from '@node-saml/passport-saml';
import { logoutInvalid, type SamlParty } from './refusal.js';

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

/** The part of xmldom's DOM read here. */
interface Element {
  namespaceURI: string | null;
  localName: string;
  textContent: string | null;
  parentNode: unknown;
  getAttribute(name: string): string | null;
  getElementsByTagNameNS(ns: string, name: string): ArrayLike<Element>;
}

const child = (parent: Element, ns: string, name: string): Element | undefined => Array.from(parent.getElementsByTagNameNS(ns, name)).find((element) => element.parentNode === parent);

/**
 * A LogoutResponse of the HTTP-POST binding. node-saml checks its XML signature over the whole
 * message, but looks for InResponseTo on a Response only (so with InResponseTo always required it
 * refuses every one) and checks neither its issuer nor its status: those are read here from the
 * signed root, and InResponseTo is looked up in the client's request store as for HTTP-Redirect.
 */
async function validatePostLogoutResponse(saml: SAML, body: Record<string, string>): Promise<void> {
  await new SAML({ ...saml.options, validateInResponseTo: ValidateInResponseTo.never }).validatePostResponseAsync(body);
  const root = new DOMParser().parseFromString(Buffer.from(body.SAMLResponse ?? '', 'base64').toString('utf8'), 'text/xml').documentElement as Element | null;
  if (!root || root.namespaceURI !== PROTOCOL_NS || root.localName !== 'LogoutResponse') throw new Error('the posted message is no LogoutResponse');
  const issuer = child(root, ASSERTION_NS, 'Issuer')?.textContent?.trim();
  if (issuer !== saml.options.idpIssuer) throw new Error(`Unknown SAML issuer. Expected: ${saml.options.idpIssuer} Received: ${issuer}`);
  const status = child(root, PROTOCOL_NS, 'Status');
  const code = status && child(status, PROTOCOL_NS, 'StatusCode')?.getAttribute('Value');
  if (code !== SUCCESS) throw new Error(`Bad status code: ${code}`);
  const inResponseTo = root.getAttribute('InResponseTo');
  if (!inResponseTo) throw new Error('InResponseTo is missing from the LogoutResponse');
  if (!(await saml.options.cacheProvider.getAsync(inResponseTo))) throw new Error('InResponseTo is not valid');
}

/** A string field of the SAML message: query for HTTP-Redirect, form body for HTTP-POST. */
export function messageField(req: Request, name: string): string | undefined {
  const source = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
  const value = source?.[name];
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * Checks an IdP's logout message (its issuer, validity and signature: the query signature of the
 * HTTP-Redirect binding, or the XML signature of HTTP-POST); the validated LogoutRequest's
 * profile, or null for a valid LogoutResponse (status Success, InResponseTo looked up in the
 * client's request store when present).
 */
export async function validateLogoutMessage(saml: SAML, req: Request, isRequest: boolean, party: SamlParty = 'e-id'): Promise<Profile | null> {
  try {
    if (req.method === 'GET') {
      // node-saml accepts an HTTP-Redirect message without any Signature parameter; we do not.
      if (!messageField(req, 'Signature')) throw new Error('unsigned HTTP-Redirect logout message');
      const { profile } = await saml.validateRedirectAsync(req.query, req.originalUrl.split('?')[1] ?? '');
      return profile;
    }
    const body = req.body as Record<string, string>;
    if (!isRequest) {
      await validatePostLogoutResponse(saml, body);
      return null;
    }
    return (await saml.validatePostRequestAsync(body)).profile;
  } catch (error) {
    throw logoutInvalid(error, party);
  }
}
