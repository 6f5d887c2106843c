import type { RequestHandler } from 'express';
import { bilingual } from '@etjanst/schemas';
import { credential, PUBLIC } from '../../http/access.js';
import { tenantOf } from '../../http/context.js';
import { route, type RouteDeclaration } from '../../http/route-table.js';
import { json, problems, query } from '../../openapi/operations.js';
import { badRequest } from '../../problems/problem.js';
import { cookieOptions, endSession, SESSION_COOKIE } from '../sessions.js';
import { samlClient } from './client.js';
import type { Loa, SamlIdentityProviderConfig } from './config.js';
import type { SamlDependencies } from './deps.js';
import { SamlRequestStore } from './request-store.js';
import { safeReturnPath } from './return-path.js';

const tags = ['identity'];

/**
 * The browser's login at one IdP, mounted at /api/municipalities/:municipality/login/saml:
 * `GET /<idp>?returnTo=/path&loa=3` redirects to the IdP with a signed AuthnRequest.
 */
export function identityProviderLoginRoutes(deps: SamlDependencies, idp: SamlIdentityProviderConfig): RouteDeclaration[] {
  return [
    route(
      'get',
      `/${idp.id}`,
      credential('login-flow'),
      `Log in at ${idp.id}: a redirect to the IdP with a signed AuthnRequest`,
      async (req, res) => {
        const { municipalityId } = tenantOf(res);
        const loa = requestedLoa(req.query.loa, idp);
        const store = new SamlRequestStore(deps.db, idp.id, { municipalityId, returnTo: safeReturnPath(req.query.returnTo), requestedLoa: loa });
        // Signed AuthnRequest over HTTP-Redirect; its id (and the level asked for) is now in saml_requests for InResponseTo.
        res.redirect(302, await samlClient(deps.sp, idp, store, loa).getAuthorizeUrlAsync('', undefined, {}));
      },
      {
        tags,
        limit: 'e-id-start',
        operation: {
          parameters: [query('returnTo', { type: 'string' }, 'A path on this site to return to'), query('loa', { enum: [2, 3, 4] }, 'Level of assurance asked for; default 3, or the IdP\'s highest if lower')],
          responses: { 302: { description: 'To the IdP' }, ...problems(400, 404, 429) },
        },
      },
    ),
  ];
}

/**
 * `POST /logout` (same mount): ends the browser's session, whichever IdP it came from, so it is
 * declared once for all of them. Public: without a session there is nothing to end.
 */
export function samlLogoutRoutes(deps: SamlDependencies): RouteDeclaration[] {
  return [
    route('post', '/logout', PUBLIC, 'Log out, with SAML single logout at the IdP', samlLogout(deps), {
      tags,
      operation: { responses: { 200: json({ type: 'object', properties: { redirectUrl: { type: 'string', description: "Our signed LogoutRequest to the session's IdP, or the start page" } } }), ...problems(403) } },
    }),
  ];
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
