import type { Request } from 'express';
import type { Profile, SAML } from '@node-saml/passport-saml';
import { logoutInvalid, type SamlParty } from './refusal.js';

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
    const { profile } = isRequest ? await saml.validatePostRequestAsync(body) : await saml.validatePostResponseAsync(body);
    return isRequest ? profile : null;
  } catch (error) {
    throw logoutInvalid(error, party);
  }
}
