import type { RequestHandler } from 'express';
import { credential } from '../../http/access.js';
import { route, type RouteDeclaration } from '../../http/route-table.js';
import { query } from '../../openapi/operations.js';
import { endSamlSessions, establishSession } from '../sessions.js';
import { assertionWasEncrypted, readAssertion } from './assertion.js';
import { samlClient } from './client.js';
import { spEndpoints, type SamlIdentityProviderConfig } from './config.js';
import type { SamlDependencies } from './deps.js';
import { serviceProviderMetadata } from './metadata.js';
import { messageField, validateLogoutMessage } from './logout-message.js';
import { assertionNotEncrypted, loaTooLow, messageMissing, refusedAsPage } from './refusal.js';
import { SamlRequestStore } from './request-store.js';
import { safeReturnPath } from './return-path.js';
import { consumeResponse, samlFormBody } from './response.js';

/**
 * Metadata, assertion consumer and single logout of one IdP, mounted at /api/saml before the JSON
 * body parser and session loading: `/<idp>/metadata|acs|slo`.
 */
export function identityProviderProtocolRoutes(deps: SamlDependencies, idp: SamlIdentityProviderConfig): RouteDeclaration[] {
  const { db, sessions, sp } = deps;
  const at = (endpoint: string) => `/${idp.id}/${endpoint}`;

  const metadata: RequestHandler = (_req, res) => {
    res.type('application/samlmetadata+xml').send(serviceProviderMetadata(sp, idp));
  };

  const assertionConsumer: RequestHandler = async (req, res) => {
    const samlResponse = messageField(req, 'SAMLResponse');
    if (!samlResponse) throw messageMissing();
    const store = new SamlRequestStore(db, idp.id);
    const { profile, request } = await consumeResponse(samlClient(sp, idp, store), store, samlResponse);
    // the request is used up either way: a refused answer cannot be sent again encrypted
    if (sp.requireEncryptedAssertions && !assertionWasEncrypted(profile)) throw assertionNotEncrypted();
    const login = readAssertion(profile, idp, spEndpoints(sp, idp).acs);
    // the IdP may answer with a higher level than asked for (exact matching lists them), never a lower one
    if (request.requested_loa !== null && login.loa < request.requested_loa) throw loaTooLow(login.loa, request.requested_loa);
    await establishSession(db, sessions, req, res, {
      municipalityId: request.municipality_id,
      person: login.person,
      loa: login.loa,
      method: `saml:${idp.id}`,
      saml: { idp: idp.id, nameId: login.nameId, nameIdFormat: login.nameIdFormat, sessionIndex: login.sessionIndex },
    });
    res.redirect(303, safeReturnPath(request.return_to));
  };

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

  const protocol = credential('saml-protocol');
  const tags = ['identity'];
  const refusals = { 400: { description: 'Refused (HTML page)' }, 401: { description: 'Refused (HTML page)' } };
  const form = (fields: string[]) => ({ required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } } } });
  return [
    route('get', at('metadata'), protocol, `SAML SP metadata for ${idp.id}`, metadata, {
      tags,
      operation: { responses: { 200: { description: 'SAML metadata', content: { 'application/samlmetadata+xml': {} } } } },
    }),
    route('post', at('acs'), protocol, `Assertion consumer service for ${idp.id} (HTTP-POST binding)`, [samlFormBody, refusedAsPage(assertionConsumer)], {
      tags,
      operation: { requestBody: form(['SAMLResponse', 'RelayState']), responses: { 303: { description: 'Logged in; to the return path' }, ...refusals, 403: { description: 'Refused: a lower level of assurance than the login asked for (HTML page, or problem+json when asked for)' } } },
    }),
    route('get', at('slo'), protocol, `Single logout with ${idp.id} (HTTP-Redirect binding)`, refusedAsPage(singleLogout), {
      tags,
      operation: {
        parameters: ['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg', 'Signature'].map((name) => query(name, { type: 'string' })),
        responses: { 302: { description: 'Our LogoutResponse to the IdP' }, 303: { description: 'Logout done; to the start page' }, ...refusals },
      },
    }),
    route('post', at('slo'), protocol, `Single logout with ${idp.id} (HTTP-POST binding)`, [samlFormBody, refusedAsPage(singleLogout)], {
      tags,
      operation: { requestBody: form(['SAMLRequest', 'SAMLResponse', 'RelayState']), responses: { 302: { description: 'Our LogoutResponse to the IdP' }, 303: { description: 'Logout done; to the start page' }, ...refusals } },
    }),
  ];
}
