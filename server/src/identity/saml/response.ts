import { SamlStatusError, type Profile, type SAML } from '@node-saml/passport-saml';
import express from 'express';
import { loginFailed, requestUnknown, responseInvalid, type SamlParty } from './refusal.js';
import type { SamlRequestRow, SamlRequestStore } from './request-store.js';

/** The HTTP-POST binding's form (SAMLResponse, SAMLRequest, RelayState), bounded. */
export const samlFormBody = express.urlencoded({ extended: false, limit: '256kb' });

/**
 * Checks a posted SAMLResponse (HTTP-POST binding) and consumes the request it answers: a bad
 * signature, audience or validity period refuses it as untrustworthy; an answer to a request we
 * did not send, or already used, as unknown; the IdP's own failure status as a failed login.
 * Taking the request row here makes "once" certain (node-saml removes it on most paths, not all).
 */
export async function consumeResponse<Municipality extends string | null>(
  client: SAML,
  store: SamlRequestStore<Municipality>,
  samlResponse: string,
  party: SamlParty = 'e-id',
): Promise<{ profile: Profile; request: SamlRequestRow<Municipality> }> {
  let profile: Profile | null;
  try {
    ({ profile } = await client.validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch (error) {
    if (error instanceof SamlStatusError) throw loginFailed(error, party);
    throw store.unknownRequest ? requestUnknown(error) : responseInvalid(error, party);
  }
  if (!profile || typeof profile.inResponseTo !== 'string') throw responseInvalid(undefined, party);
  const request = await store.take(profile.inResponseTo);
  if (!request) throw requestUnknown();
  return { profile, request };
}
