import { Router, type RequestHandler } from 'express';
import { bilingual } from '@etjanst/schemas';
import { tenantOf } from '../../http/context.js';
import { badRequest } from '../../problems/problem.js';
import { cookieOptions, endSession, SESSION_COOKIE } from '../sessions.js';
import { samlClient } from './client.js';
import type { Loa, SamlIdentityProviderConfig } from './config.js';
import type { SamlDependencies } from './deps.js';
import { SamlRequestStore } from './request-store.js';
import { safeReturnPath } from './return-path.js';

/**
 * Login and logout for the browser, mounted at /api/municipalities/:municipality/login/saml
 * after the tenant, JSON and CSRF checks: `GET /<idp>?returnTo=/path&loa=3`, `POST /logout`.
 */
export function samlLoginRoutes(deps: SamlDependencies): Router {
  const router = Router({ mergeParams: true });
  for (const idp of deps.sp.identityProviders) router.use(identityProviderLoginRoutes(deps, idp));
  return router;
}

/**
 * `GET /<idp>` starts a login at this IdP; `POST /logout` ends the browser's session, whichever
 * IdP it came from (so with several IdPs the first router mounted answers it).
 */
export function identityProviderLoginRoutes(deps: SamlDependencies, idp: SamlIdentityProviderConfig): Router {
  const router = Router({ mergeParams: true });
  router.get(`/${idp.id}`, async (req, res) => {
    const { municipalityId } = tenantOf(res);
    const loa = requestedLoa(req.query.loa, idp);
    const store = new SamlRequestStore(deps.db, idp.id, { municipalityId, returnTo: safeReturnPath(req.query.returnTo) });
    // Signed AuthnRequest over HTTP-Redirect; its id is now in saml_requests for InResponseTo.
    res.redirect(302, await samlClient(deps.sp, idp, store, loa).getAuthorizeUrlAsync('', undefined, {}));
  });
  router.post('/logout', samlLogout(deps));
  return router;
}

/** The level asked for (default 3, or the IdP's highest if lower); above what the IdP can give is refused. */
function requestedLoa(value: unknown, idp: SamlIdentityProviderConfig): Loa {
  if (value === undefined) return Math.min(3, idp.maxLoa) as Loa;
  const loa = Number(value);
  if (!/^[234]$/.test(String(value)) || loa > idp.maxLoa) {
    throw badRequest(
      'saml-loa-unsupported',
      bilingual(
        `${idp.name.sv} kan ge tillitsnivå 2 till ${idp.maxLoa}, inte ”${String(value)}”.`,
        `${idp.name.en} can give level of assurance 2 to ${idp.maxLoa}, not “${String(value)}”.`,
      ),
    );
  }
  return loa as Loa;
}

/**
 * Ends the browser's session. A SAML session also ends at its IdP: the answer's redirectUrl
 * carries our signed LogoutRequest; otherwise it is the start page.
 */
function samlLogout(deps: SamlDependencies): RequestHandler {
  return async (req, res) => {
    const session = await endSession(deps.db, req);
    res.clearCookie(SESSION_COOKIE, cookieOptions(deps.sessions)).set('Cache-Control', 'no-store');
    const saml = session?.saml;
    const idp = saml && deps.sp.identityProviders.find((candidate) => candidate.id === saml.idp);
    if (!session || !saml || !idp?.sloUrl) return res.json({ redirectUrl: '/' });
    const store = new SamlRequestStore(deps.db, idp.id, { municipalityId: session.municipalityId, returnTo: '/' });
    const redirectUrl = await samlClient(deps.sp, idp, store).getLogoutUrlAsync(
      { issuer: idp.entityId, nameID: saml.nameId, nameIDFormat: saml.nameIdFormat, ...(saml.sessionIndex ? { sessionIndex: saml.sessionIndex } : {}) },
      '',
      {},
    );
    res.json({ redirectUrl });
  };
}
