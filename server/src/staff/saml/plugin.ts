import type { Request, RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../../db/tables.js';
import { credential, PUBLIC } from '../../http/access.js';
import { route } from '../../http/route-table.js';
import { authnInstant, isAddressedTo } from '../../identity/saml/assertion.js';
import { serviceProviderClient, type SamlExchange } from '../../identity/saml/client.js';
import { NAME_ID_FORMAT } from '../../identity/saml/config.js';
import { messageField, validateLogoutMessage } from '../../identity/saml/logout-message.js';
import { metadataXml } from '../../identity/saml/metadata.js';
import { logoutInvalid, messageMissing, refusedAsPage, responseInvalid, SamlRefusal } from '../../identity/saml/refusal.js';
import { SamlRequestStore } from '../../identity/saml/request-store.js';
import { consumeResponse, samlFormBody } from '../../identity/saml/response.js';
import { safeReturnPath } from '../../identity/saml/return-path.js';
import { param, problems, query } from '../../openapi/operations.js';
import { notFound } from '../../problems/problem.js';
import { accountForLogin, findAccount, grantsFromGroups, replaceGroupGrants, type StaffAccount } from '../accounts.js';
import { describeSaml, storedProviderNames, storedSamlProvider } from '../identity-providers/stored.js';
import { auditRefusedStaffLogin, auditRefusedStaffLogout, auditStaffLogin, auditStaffLogout } from '../login-audit.js';
import { STAFF_LOGGED_OUT_PAGE, STAFF_LOGIN_PAGE, type StaffLoginMethod } from '../login-methods.js';
import { isFreshAuthentication, reauthenticationAsked, REAUTHENTICATE_PARAMETER, sessionAuthenticationTime } from '../reauthentication.js';
import { endSamlStaffSessions, establishStaffSession, type StaffSessionSettings } from '../sessions.js';
import { readStaffIdentity } from './attributes.js';
import { accountDisabled, reauthenticationNotFresh } from './refusal.js';
import type { StaffSamlIdentityProvider, StaffSamlServiceProvider } from './settings.js';


/** What the single logout service answers, over either binding. */
const SINGLE_LOGOUT_RESPONSES = {
  302: { description: 'Our signed LogoutResponse to the IdP, the sessions it named ended' },
  303: { description: 'Our logout confirmed by the IdP; to the staff login page' },
  400: { description: 'Refused: no SAML message (HTML page)' },
  401: { description: 'Refused: unsigned, forged, unknown or replayed message (HTML page)' },
  ...problems(404),
};
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
  return { metadata: `${base}/metadata`, acs: `${base}/acs`, slo: `${base}/slo` };
}

/** Where a staff login at IdP `id` starts (full page load). */
export const samlStartPath = (idpId: string) => `/api/staff/login/saml/${idpId}/start`;

const postedField = (req: Request, name: string): string | undefined => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value ? value : undefined;
};

const IDP_PARAMETER = param('idp', 'The identity provider’s id (slug)');

/**
 * SAML 2.0 single sign-on at a municipality's own IdP: a signed AuthnRequest over HTTP-Redirect,
 * the answer posted to our ACS and checked as the citizens' answers are (signatures, audience,
 * validity, Destination and Recipient, a request of ours answered once). The assertion's
 * attributes give the account (found or created) and its group roles, then a staff session,
 * authenticated at the assertion's AuthnInstant. A forced re-login (`reauthenticate=1`) asks with
 * ForceAuthn and takes only an AuthnInstant from after the request. Single logout both ways: our
 * signed LogoutRequest over HTTP-Redirect when the person logs out (where the IdP has a
 * SingleLogoutService), and the IdP's LogoutRequest (HTTP-Redirect or HTTP-POST, its signature
 * checked) ending the sessions it names, answered with our signed LogoutResponse; the IdP's
 * LogoutResponse to ours is taken once, over either binding. One method serves every IdP, `saml:<idp>`: those of the
 * configuration and those stored by platform administrators, looked up at each request (a stored
 * IdP works from its next login).
 */
export function staffSamlLoginMethod(deps: StaffSamlDependencies, configured: readonly StaffSamlIdentityProvider[]): StaffLoginMethod {
  const { db, sessions, sp } = deps;
  const find = async (id: string) => configured.find((candidate) => candidate.id === id) ?? (await storedSamlProvider(db, id));
  const idpOf = async (req: Request): Promise<StaffSamlIdentityProvider> => {
    const idp = await find(String(req.params.idp));
    if (!idp) throw notFound(bilingual('Inloggningstjänsten', 'The identity provider'));
    return idp;
  };
  const exchangeWith = (idp: StaffSamlIdentityProvider, forceAuthn = false): SamlExchange => ({
    spEntityId: sp.entityId,
    signing: sp.signing,
    acsUrl: staffSamlEndpoints(sp.baseUrl, idp.id).acs,
    idp: { entityId: idp.entityId, ssoUrl: idp.ssoUrl, sloUrl: idp.sloUrl, signingCerts: idp.signingCerts },
    // Single sign-on is the point here (a desktop already logged in to the municipality's network),
    // except for a forced re-login before a sensitive action.
    request: { forceAuthn, nameIdFormat: idp.nameIdFormat ?? null, authnContextClassRefs: [] },
  });
  // The request store's key: 'staff:' keeps these apart from the citizens' requests (migration 026).
  const requestKey = (idp: StaffSamlIdentityProvider) => `staff:${idp.id}`;

  const start: RequestHandler = async (req, res) => {
    const idp = await idpOf(req);
    const reauthentication = reauthenticationAsked(req.query.reauthenticate);
    const store = new SamlRequestStore<null>(db, requestKey(idp), { municipalityId: null, returnTo: safeReturnPath(req.query.returnTo, DEFAULT_RETURN_PATH), reauthentication });
    res.set('Cache-Control', 'no-store').redirect(302, await serviceProviderClient(exchangeWith(idp, reauthentication), store).getAuthorizeUrlAsync('', undefined, {}));
  };

  /** Every refused answer is in the audit log, with the account when the person was known. */
  const assertionConsumer: RequestHandler = async (req, res) => {
    const idp = await idpOf(req);
    const method = `saml:${idp.id}`;
    let account: StaffAccount | undefined;
    try {
      const samlResponse = postedField(req, 'SAMLResponse');
      if (!samlResponse) throw messageMissing('staff');
      const store = new SamlRequestStore<null>(db, requestKey(idp));
      const { profile, request } = await consumeResponse(serviceProviderClient(exchangeWith(idp), store), store, samlResponse, 'staff');
      if (!isAddressedTo(profile, { issuer: idp.entityId, acsUrl: staffSamlEndpoints(sp.baseUrl, idp.id).acs })) throw responseInvalid(new Error('Issuer, Destination or Recipient is not ours'), 'staff');
      const instant = authnInstant(profile);
      // only the answer to our forced request must show a fresh authentication; the request row says which it was
      if (request.reauthentication && !isFreshAuthentication(instant, request.created_at)) {
        throw reauthenticationNotFresh(
          new Error(instant ? `AuthnInstant ${instant.toISOString()} is before the forced re-login started at ${request.created_at.toISOString()}` : 'a forced re-login’s assertion has no AuthnInstant'),
        );
      }
      const person = readStaffIdentity(profile, idp.attributes);
      if (person.groupsOverage) req.log.warn({ method }, 'the IdP left out the groups (too many); have it send only the groups assigned to the application');
      account = await accountForLogin(db, { provider: method, subject: person.subject, displayName: person.displayName, email: person.email });
      if (account.disabled) throw accountDisabled();
      const grants = await grantsFromGroups(db, method, person.groups);
      await replaceGroupGrants(db, account.id, grants, method);
      await establishStaffSession(db, sessions, req, res, {
        accountId: account.id,
        method,
        sso: {
          authenticatedAt: instant ? sessionAuthenticationTime(instant) : null,
          saml: { nameId: profile.nameID, nameIdFormat: profile.nameIDFormat ?? null, sessionIndex: profile.sessionIndex ?? null },
        },
      });
      await auditStaffLogin(db, req, { method, account, groupGrants: grants });
      req.log.info({ method, accountId: account.id, groups: person.groups.length }, 'staff logged in');
      res.redirect(303, safeReturnPath(request.return_to, DEFAULT_RETURN_PATH));
    } catch (error) {
      if (error instanceof SamlRefusal) await auditRefusedStaffLogin(db, req, { method, code: error.code, cause: error.cause, account });
      throw error;
    }
  };

  /**
   * The IdP's LogoutResponse to our LogoutRequest (taken once, then on to the logged-out page), or
   * its LogoutRequest: the sessions it names end, each audited, and our signed LogoutResponse goes
   * back. Every refused message is audited too.
   */
  const singleLogoutService: RequestHandler = async (req, res) => {
    const idp = await idpOf(req);
    const method = `saml:${idp.id}`;
    try {
      const isRequest = messageField(req, 'SAMLRequest') !== undefined;
      if (!isRequest && messageField(req, 'SAMLResponse') === undefined) throw messageMissing('staff');
      const store = new SamlRequestStore<null>(db, requestKey(idp));
      const saml = serviceProviderClient(exchangeWith(idp), store);
      const profile = await validateLogoutMessage(saml, req, isRequest, 'staff');
      if (!profile) {
        const request = store.lookedUp === undefined ? undefined : await store.take(store.lookedUp);
        if (!request) throw logoutInvalid(new Error(store.lookedUp ? 'the LogoutResponse answers no open logout request of ours' : 'the LogoutResponse has no InResponseTo'), 'staff');
        req.log.info({ method }, 'the identity provider ended its session (SAML single logout)');
        return res.set('Cache-Control', 'no-store').redirect(303, safeReturnPath(request.return_to, STAFF_LOGIN_PAGE));
      }
      const accountIds = new Set(await endSamlStaffSessions(db, method, profile.nameID, profile.sessionIndex));
      for (const accountId of accountIds) {
        const account = await findAccount(db, accountId);
        if (account) await auditStaffLogout(db, req, { account, method, initiatedBy: 'identity-provider' });
      }
      req.log.info({ method, sessionsEnded: accountIds.size }, 'the identity provider logged staff out (SAML single logout)');
      res.set('Cache-Control', 'no-store').redirect(302, await saml.getLogoutResponseUrlAsync(profile, messageField(req, 'RelayState') ?? '', {}, true));
    } catch (error) {
      if (error instanceof SamlRefusal) await auditRefusedStaffLogout(db, req, { method, code: error.code, cause: error.cause });
      throw error;
    }
  };

  /** Our signed LogoutRequest for a session through one of these IdPs, when the IdP has a SingleLogoutService. */
  const singleLogout: StaffLoginMethod['singleLogout'] = async (session) => {
    const [kind, idpId] = session.method.split(':');
    const idp = kind === 'saml' && idpId ? await find(idpId) : undefined;
    if (!idp?.sloUrl || !session.saml) return undefined;
    const store = new SamlRequestStore<null>(db, requestKey(idp), { municipalityId: null, returnTo: STAFF_LOGGED_OUT_PAGE });
    const { nameId, nameIdFormat, sessionIndex } = session.saml;
    return serviceProviderClient(exchangeWith(idp), store).getLogoutUrlAsync(
      { issuer: idp.entityId, nameID: nameId, nameIDFormat: nameIdFormat ?? NAME_ID_FORMAT.unspecified, ...(sessionIndex ? { sessionIndex } : {}) },
      '',
      {},
    );
  };

  const metadata: RequestHandler = async (req, res) => {
    const idp = await idpOf(req);
    const endpoints = staffSamlEndpoints(sp.baseUrl, idp.id);
    res.type('application/samlmetadata+xml').send(
      metadataXml({
        entityId: sp.entityId,
        signingCert: sp.signing.cert,
        acsUrl: endpoints.acs,
        // both bindings: the IdP's messages are taken over HTTP-Redirect and HTTP-POST
        sloUrl: endpoints.slo,
        nameIdFormats: [idp.nameIdFormat ?? NAME_ID_FORMAT.persistent],
      }),
    );
  };

  const tags = ['staff'];
  const refusal = { description: 'Refused: an HTML page in Swedish and English naming the problem code; no session' };
  return {
    id: 'saml',
    kind: 'saml',
    name: { sv: 'SAML 2.0', en: 'SAML 2.0' },
    singleLogout,
    identityProviders: {
      configured: configured.map(describeSaml),
      offers: async () => {
        const stored = (await storedProviderNames(db, 'saml')).filter((idp) => !configured.some((c) => c.id === idp.id));
        return [...configured, ...stored].map(({ id, name }) => ({ id: `saml:${id}`, kind: 'saml' as const, name, startPath: samlStartPath(id) }));
      },
    },
    routes: [
      {
        prefix: '/staff/login/saml/:idp',
        routes: [
          route('get', '/start', PUBLIC, 'Start a staff login at a SAML 2.0 identity provider; redirects with a signed AuthnRequest', start, {
            tags,
            limit: 'staff-sign-in',
            operation: {
              parameters: [
                IDP_PARAMETER,
                { name: 'returnTo', in: 'query', required: false, description: `A path on this site to return to after the login (default ${DEFAULT_RETURN_PATH})`, schema: { type: 'string' } },
                REAUTHENTICATE_PARAMETER,
              ],
              responses: { 302: { description: 'To the identity provider (with ForceAuthn="true" for a forced re-login)' }, ...problems(400, 404) },
            },
          }),
        ],
      },
    ],
    protocolRoutes: [
      {
        prefix: '/staff/saml/:idp',
        routes: [
          route('post', '/acs', credential('saml-protocol'), 'Assertion consumer service for staff logins at a SAML 2.0 identity provider (HTTP-POST binding)', [samlFormBody, refusedAsPage(assertionConsumer)], {
            tags,
            operation: {
              parameters: [IDP_PARAMETER],
              requestBody: {
                required: true,
                content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { SAMLResponse: { type: 'string' }, RelayState: { type: 'string' } } } } },
              },
              responses: { 303: { description: 'Logged in (staff session cookie); to the return path' }, 400: refusal, 401: refusal, ...problems(404) },
            },
          }),
          route('get', '/slo', credential('saml-protocol'), 'Single logout with a staff SAML identity provider (HTTP-Redirect binding): its LogoutRequest or its LogoutResponse to ours', refusedAsPage(singleLogoutService), {
            tags,
            operation: {
              parameters: [IDP_PARAMETER, ...['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg', 'Signature'].map((name) => query(name, { type: 'string' }))],
              responses: SINGLE_LOGOUT_RESPONSES,
            },
          }),
          route('post', '/slo', credential('saml-protocol'), 'Single logout with a staff SAML identity provider (HTTP-POST binding): its posted LogoutRequest or its LogoutResponse to ours', [samlFormBody, refusedAsPage(singleLogoutService)], {
            tags,
            operation: {
              parameters: [IDP_PARAMETER],
              requestBody: {
                required: true,
                content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { SAMLRequest: { type: 'string' }, SAMLResponse: { type: 'string' }, RelayState: { type: 'string' } } } } },
              },
              responses: SINGLE_LOGOUT_RESPONSES,
            },
          }),
          route('get', '/metadata', PUBLIC, 'SAML metadata of the staff service provider for one identity provider (its ACS)', metadata, {
            tags,
            operation: { parameters: [IDP_PARAMETER], responses: { 200: { description: 'SAML metadata', content: { 'application/samlmetadata+xml': {} } }, ...problems(404) } },
          }),
        ],
      },
    ],
  };
}
