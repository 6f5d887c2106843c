import type { Request, RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { credential, PUBLIC } from '../../http/access.js';
import { route } from '../../http/route-table.js';
import { isAddressedTo } from '../../identity/saml/assertion.js';
import { serviceProviderClient, type SamlExchange } from '../../identity/saml/client.js';
import { NAME_ID_FORMAT } from '../../identity/saml/config.js';
import { metadataXml } from '../../identity/saml/metadata.js';
import { messageMissing, refusedAsPage, responseInvalid } from '../../identity/saml/refusal.js';
import { SamlRequestStore } from '../../identity/saml/request-store.js';
import { consumeResponse, samlFormBody } from '../../identity/saml/response.js';
import { safeReturnPath } from '../../identity/saml/return-path.js';
import { accountForLogin, grantsFromGroups, replaceGroupGrants } from '../accounts.js';
import type { StaffLoginMethod } from '../login-methods.js';
import { establishStaffSession, type StaffSessionSettings } from '../sessions.js';
import { readStaffIdentity } from './attributes.js';
import { accountDisabled } from './refusal.js';
import type { StaffSamlIdentityProvider, StaffSamlServiceProvider } from './settings.js';

export interface StaffSamlDependencies {
  db: Kysely<Database>;
  sessions: StaffSessionSettings;
  sp: StaffSamlServiceProvider;
}

/** Where staff land after a login that did not say where to return. */
export const DEFAULT_RETURN_PATH = '/admin';

/** Our endpoints for one staff IdP; the IdP learns them from our metadata. */
export function staffSamlEndpoints(baseUrl: string, idpId: string) {
  const base = `${baseUrl}/api/staff/saml/${idpId}`;
  return { metadata: `${base}/metadata`, acs: `${base}/acs` };
}

const postedField = (req: Request, name: string): string | undefined => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value ? value : undefined;
};

/** One staff login method per configured IdP of the municipalities (`saml:<idp>`). */
export function staffSamlLoginMethods(deps: StaffSamlDependencies): StaffLoginMethod[] {
  return deps.sp.identityProviders.map((idp) => staffSamlLoginMethod(deps, idp));
}

/**
 * SAML 2.0 single sign-on at a municipality's own IdP: a signed AuthnRequest over HTTP-Redirect,
 * the answer posted to our ACS and checked as the citizens' answers are (signatures, audience,
 * validity, Destination and Recipient, a request of ours answered once). The assertion's
 * attributes give the account (found or created) and its group roles, then a staff session.
 */
export function staffSamlLoginMethod(deps: StaffSamlDependencies, idp: StaffSamlIdentityProvider): StaffLoginMethod {
  const { db, sessions, sp } = deps;
  const method = `saml:${idp.id}`;
  // The request store's key: 'staff:' keeps these apart from the citizens' requests (migration 026).
  const requestKey = `staff:${idp.id}`;
  const endpoints = staffSamlEndpoints(sp.baseUrl, idp.id);
  const exchange: SamlExchange = {
    spEntityId: sp.entityId,
    signing: sp.signing,
    acsUrl: endpoints.acs,
    idp: { entityId: idp.entityId, ssoUrl: idp.ssoUrl, signingCerts: idp.signingCerts },
    // Single sign-on is the point here (a desktop already logged in to the municipality's network).
    request: { forceAuthn: false, nameIdFormat: idp.nameIdFormat ?? null, authnContextClassRefs: [] },
  };

  const start: RequestHandler = async (req, res) => {
    const store = new SamlRequestStore<null>(db, requestKey, { municipalityId: null, returnTo: safeReturnPath(req.query.returnTo, DEFAULT_RETURN_PATH) });
    res.set('Cache-Control', 'no-store').redirect(302, await serviceProviderClient(exchange, store).getAuthorizeUrlAsync('', undefined, {}));
  };

  const assertionConsumer: RequestHandler = async (req, res) => {
    const samlResponse = postedField(req, 'SAMLResponse');
    if (!samlResponse) throw messageMissing('staff');
    const store = new SamlRequestStore<null>(db, requestKey);
    const { profile, request } = await consumeResponse(serviceProviderClient(exchange, store), store, samlResponse, 'staff');
    if (!isAddressedTo(profile, { issuer: idp.entityId, acsUrl: endpoints.acs })) throw responseInvalid(new Error('Issuer, Destination or Recipient is not ours'), 'staff');
    const person = readStaffIdentity(profile, idp.attributes);
    if (person.groupsOverage) req.log.warn({ method }, 'the IdP left out the groups (too many); have it send only the groups assigned to the application');
    const account = await accountForLogin(db, { provider: method, subject: person.subject, displayName: person.displayName, email: person.email });
    if (account.disabled) throw accountDisabled();
    await replaceGroupGrants(db, account.id, await grantsFromGroups(db, method, person.groups), method);
    await establishStaffSession(db, sessions, req, res, { accountId: account.id, method });
    req.log.info({ method, accountId: account.id, groups: person.groups.length }, 'staff logged in');
    res.redirect(303, safeReturnPath(request.return_to, DEFAULT_RETURN_PATH));
  };

  const metadata: RequestHandler = (_req, res) => {
    res.type('application/samlmetadata+xml').send(
      metadataXml({ entityId: sp.entityId, signingCert: sp.signing.cert, acsUrl: endpoints.acs, nameIdFormats: [idp.nameIdFormat ?? NAME_ID_FORMAT.persistent] }),
    );
  };

  const tags = ['staff'];
  const refusal = { description: 'Refused: an HTML page in Swedish and English naming the problem code; no session' };
  return {
    id: method,
    kind: 'saml',
    name: idp.name,
    startPath: `/api/staff/login/saml/${idp.id}/start`,
    routes: [
      {
        prefix: `/staff/login/saml/${idp.id}`,
        routes: [
          route('get', '/start', PUBLIC, `Start a staff login at ${idp.name.en} (SAML 2.0); redirects with a signed AuthnRequest`, start, {
            tags,
            limit: 'staff-sign-in',
            operation: {
              parameters: [{ name: 'returnTo', in: 'query', required: false, description: `A path on this site to return to after the login (default ${DEFAULT_RETURN_PATH})`, schema: { type: 'string' } }],
              responses: { 302: { description: 'To the identity provider' } },
            },
          }),
        ],
      },
    ],
    protocolRoutes: [
      {
        prefix: `/staff/saml/${idp.id}`,
        routes: [
          route('post', '/acs', credential('saml-protocol'), `Assertion consumer service for staff logins at ${idp.name.en} (HTTP-POST binding)`, [samlFormBody, refusedAsPage(assertionConsumer)], {
            tags,
            operation: {
              requestBody: {
                required: true,
                content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { SAMLResponse: { type: 'string' }, RelayState: { type: 'string' } } } } },
              },
              responses: { 303: { description: 'Logged in (staff session cookie); to the return path' }, 400: refusal, 401: refusal },
            },
          }),
          route('get', '/metadata', PUBLIC, `SAML metadata of the staff service provider for ${idp.name.en}`, metadata, {
            tags,
            operation: { responses: { 200: { description: 'SAML metadata', content: { 'application/samlmetadata+xml': {} } } } },
          }),
        ],
      },
    ],
  };
}
