import express, { Router, type Request, type RequestHandler } from 'express';
import { SamlStatusError, type Profile, type SAML } from '@node-saml/passport-saml';
import { endSamlSessions, establishSession } from '../sessions.js';
import { readAssertion } from './assertion.js';
import { samlClient } from './client.js';
import { spEndpoints, type SamlIdentityProviderConfig } from './config.js';
import type { SamlDependencies } from './deps.js';
import { serviceProviderMetadata } from './metadata.js';
import { loginFailed, logoutInvalid, messageMissing, requestUnknown, responseInvalid, samlRefusalPage } from './refusal.js';
import { SamlRequestStore } from './request-store.js';
import { safeReturnPath } from './return-path.js';

/**
 * SAML protocol endpoints of every IdP (`/<idp>/metadata|acs|slo`), mounted at /api/saml before
 * JSON and CSRF. A path naming no configured IdP falls through to the API's 404 problem.
 */
export function samlRoutes(deps: SamlDependencies): Router {
  const router = Router();
  for (const idp of deps.sp.identityProviders) router.use(identityProviderProtocolRoutes(deps, idp));
  return router;
}

const formBody = express.urlencoded({ extended: false, limit: '256kb' });

/** A string field of the SAML message: query for HTTP-Redirect, form body for HTTP-POST. */
function messageField(req: Request, name: string): string | undefined {
  const source = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
  const value = source?.[name];
  return typeof value === 'string' && value ? value : undefined;
}

/** Metadata, assertion consumer and single logout of one IdP, under `/<idp>`. */
export function identityProviderProtocolRoutes(deps: SamlDependencies, idp: SamlIdentityProviderConfig): Router {
  const { db, sessions, sp } = deps;
  const router = Router();
  const at = (endpoint: string) => `/${idp.id}/${endpoint}`;

  router.get(at('metadata'), (_req, res) => {
    res.type('application/samlmetadata+xml').send(serviceProviderMetadata(sp, idp));
  });

  router.post(at('acs'), formBody, async (req, res) => {
    const samlResponse = messageField(req, 'SAMLResponse');
    if (!samlResponse) throw messageMissing();
    const store = new SamlRequestStore(db, idp.id);
    let profile: Profile | null;
    try {
      ({ profile } = await samlClient(sp, idp, store).validatePostResponseAsync({ SAMLResponse: samlResponse }));
    } catch (error) {
      if (error instanceof SamlStatusError) throw loginFailed(error);
      throw store.unknownRequest ? requestUnknown(error) : responseInvalid(error);
    }
    if (!profile || typeof profile.inResponseTo !== 'string') throw responseInvalid();
    // node-saml removes the id on most paths, not all; taking it here makes "once" certain.
    const request = await store.take(profile.inResponseTo);
    if (!request) throw requestUnknown();
    const login = readAssertion(profile, idp, spEndpoints(sp, idp).acs);
    await establishSession(db, sessions, req, res, {
      municipalityId: request.municipality_id,
      person: login.person,
      loa: login.loa,
      method: `saml:${idp.id}`,
      saml: { idp: idp.id, nameId: login.nameId, nameIdFormat: login.nameIdFormat, sessionIndex: login.sessionIndex },
    });
    res.redirect(303, safeReturnPath(request.return_to));
  });

  /** The IdP's LogoutRequest (it ends our sessions too) or its LogoutResponse to ours. */
  const singleLogout: RequestHandler = async (req, res) => {
    const isRequest = Boolean(messageField(req, 'SAMLRequest'));
    if (!isRequest && !messageField(req, 'SAMLResponse')) throw messageMissing();
    const saml = samlClient(sp, idp, new SamlRequestStore(db, idp.id));
    const profile = await validateLogoutMessage(saml, req, isRequest);
    if (!profile) return res.redirect(303, '/');
    await endSamlSessions(db, idp.id, profile.nameID, profile.sessionIndex);
    res.redirect(302, await saml.getLogoutResponseUrlAsync(profile, messageField(req, 'RelayState') ?? '', {}, true));
  };
  router.get(at('slo'), singleLogout);
  router.post(at('slo'), formBody, singleLogout);

  router.use(samlRefusalPage);
  return router;
}

/** The validated LogoutRequest's profile, or null for a valid LogoutResponse. */
async function validateLogoutMessage(saml: SAML, req: Request, isRequest: boolean): Promise<Profile | null> {
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
    throw logoutInvalid(error);
  }
}
