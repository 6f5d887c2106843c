import type { Request, RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import * as oidc from 'openid-client';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../../db/tables.js';
import { credential, PUBLIC } from '../../http/access.js';
import { route } from '../../http/route-table.js';
import { randomToken, readCookie } from '../../identity/sessions.js';
import { safeReturnPath } from '../../identity/saml/return-path.js';
import { param, problems } from '../../openapi/operations.js';
import { notFound } from '../../problems/problem.js';
import { accountForLogin, grantsFromGroups, replaceGroupGrants, type StaffAccount } from '../accounts.js';
import { describeOidc, storedOidcProvider, storedProviderNames } from '../identity-providers/stored.js';
import { auditRefusedStaffLogin, auditStaffLogin } from '../login-audit.js';
import type { StaffLoginMethod } from '../login-methods.js';
import { isFreshAuthentication, reauthenticationAsked, REAUTHENTICATE_PARAMETER, sessionAuthenticationTime } from '../reauthentication.js';
import { establishStaffSession, type StaffSessionSettings } from '../sessions.js';
import { providerClient } from './client.js';
import { FLOW_COOKIE, FLOW_COOKIE_PATH, FLOW_LIFETIME_SECONDS, isExpired, saveFlow, startedBy, takeFlow, type StaffOidcFlow } from './flows.js';
import { endSessionUrl, loggedOut, loggedOutUrl } from './logout.js';
import {
  accountDisabled,
  flowExpired,
  flowUnknown,
  OidcRefusal,
  otherBrowser,
  providerRefused,
  providerUnreachable,
  reauthenticationNotFresh,
  responseInvalid,
  sendRefusal,
} from './refusal.js';
import type { StaffOidcProvider } from './settings.js';

export interface StaffOidcDependencies {
  db: Kysely<Database>;
  /** The staff session settings the app runs with */
  sessions: StaffSessionSettings;
  /** The platform's public URL: the callback (redirect URI) registered at the provider is under it */
  publicUrl: string;
  timeoutSeconds: number;
  /** The HTTP client for requests to the provider (default: Node's fetch) */
  fetch?: typeof fetch | undefined;
  /** DELIVERY_SECRET, which stored providers' client secrets are sealed under */
  sealingKey?: string | undefined;
}

/** Where staff land after a login that named no page of its own. */
export const DEFAULT_RETURN_PATH = '/admin';

/** The callback a provider must have registered for this platform (its redirect URI). */
export const callbackUrl = (publicUrl: string, providerId: string) => `${publicUrl}/api/staff/login/oidc/${providerId}/callback`;

/** Where a staff login at provider `id` starts (full page load). */
export const oidcStartPath = (providerId: string) => `/api/staff/login/oidc/${providerId}/start`;

const PREFIX = '/staff/login/oidc/:provider';
const PROVIDER_PARAMETER = param('provider', 'The identity provider’s id (slug)');

/**
 * Staff login with OpenID Connect: the authorization code flow with PKCE, a nonce and a state
 * bound to the browser. openid-client checks the answer (state, issuer in the response, code
 * exchange, and the ID token's signature, issuer, audience, nonce and lifetime); nothing of that
 * is turned off here. The account follows the ID token's `sub`, its group grants the groups
 * claim, replaced at every login. The session's time of authentication is the ID token's
 * auth_time; a forced re-login (`reauthenticate=1`: prompt=login, max_age=0) requires one from
 * after the request. Logging out ends the provider's session too where its discovery has an
 * end_session_endpoint (RP-Initiated Logout). One method serves every provider: those of the configuration
 * and those stored by platform administrators, looked up at each request (a stored provider
 * works from its next login, no restart).
 */
export function staffOidcLoginMethod(deps: StaffOidcDependencies, configured: readonly StaffOidcProvider[]): StaffLoginMethod {
  const { db, sessions } = deps;
  const find = async (id: string) => configured.find((provider) => provider.id === id) ?? (await storedOidcProvider(db, id, deps.sealingKey));
  // discovery is kept per provider, and done again once a stored provider's issuer or client changes
  const clients = new Map<string, { key: string; configuration: () => Promise<oidc.Configuration> }>();
  const configurationOf = (provider: StaffOidcProvider) => {
    const key = JSON.stringify([provider.issuer, provider.clientId, provider.clientSecret]);
    let client = clients.get(provider.id);
    if (client?.key !== key) {
      client = { key, configuration: providerClient(provider, { timeoutSeconds: deps.timeoutSeconds, fetch: deps.fetch }) };
      clients.set(provider.id, client);
    }
    return client.configuration().catch((error: unknown) => {
      throw providerUnreachable(error);
    });
  };
  const providerOf = async (req: Request): Promise<StaffOidcProvider> => {
    const provider = await find(String(req.params.provider));
    if (!provider) throw notFound(bilingual('Inloggningstjänsten', 'The identity provider'));
    return provider;
  };
  const refusing =
    (handler: RequestHandler): RequestHandler =>
    async (req, res, next) => {
      try {
        await handler(req, res, next);
      } catch (error) {
        if (!(error instanceof OidcRefusal)) throw error;
        sendRefusal(res, error, `oidc:${String(req.params.provider)}`);
      }
    };

  const start = refusing(async (req, res) => {
    const provider = await providerOf(req);
    const config = await configurationOf(provider);
    const earlier = readCookie(req, FLOW_COOKIE);
    // one cookie serves logins started in several tabs; only a value we could have made is kept
    const browser = earlier && /^[\w-]{43}$/.test(earlier) ? earlier : randomToken();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    // a path on this site only (safeReturnPath answers '/' to anything else): never an open redirect
    const asked = safeReturnPath(req.query.returnTo);
    const reauthentication = reauthenticationAsked(req.query.reauthenticate);
    await saveFlow(db, { provider: `oidc:${provider.id}`, state, browser, nonce, codeVerifier, returnTo: asked === '/' ? DEFAULT_RETURN_PATH : asked, reauthentication });
    // SameSite=Lax: the provider sends the browser back with a top-level cross-site GET
    res.cookie(FLOW_COOKIE, browser, { httpOnly: true, secure: sessions.secureCookies, sameSite: 'lax', path: FLOW_COOKIE_PATH, maxAge: FLOW_LIFETIME_SECONDS * 1000 });
    const authorization = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl(deps.publicUrl, provider.id),
      scope: 'openid profile email',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      // the provider must authenticate the person now, not answer from its SSO session
      ...(reauthentication ? { prompt: 'login', max_age: '0' } : {}),
    });
    res.set('Cache-Control', 'no-store').redirect(303, authorization.href);
  });

  /** Every refusal of an answer is in the audit log, with the account when the person was known. */
  const callback = refusing(async (req, res) => {
    const provider = await providerOf(req);
    const method = `oidc:${provider.id}`;
    let account: StaffAccount | undefined;
    try {
      const state = typeof req.query.state === 'string' ? req.query.state : undefined;
      const flow = state ? await takeFlow(db, method, state) : undefined;
      if (!state || !flow) throw flowUnknown();
      if (isExpired(flow)) throw flowExpired();
      if (!startedBy(flow, readCookie(req, FLOW_COOKIE))) throw otherBrowser();
      const config = await configurationOf(provider);
      const redirectUri = callbackUrl(deps.publicUrl, provider.id);
      const { claims, idToken } = await exchangeCode(config, answerUrl(redirectUri, req), { pkceCodeVerifier: flow.code_verifier, expectedState: state, expectedNonce: flow.nonce });
      const authenticatedAt = authenticationTime(claims, flow);
      const person = personFrom(claims, provider.groupsClaim);
      account = await accountForLogin(db, { provider: method, subject: person.subject, displayName: person.displayName, email: person.email });
      if (account.disabled) throw accountDisabled();
      const grants = await grantsFromGroups(db, method, person.groups);
      await replaceGroupGrants(db, account.id, grants, method);
      await establishStaffSession(db, sessions, req, res, { accountId: account.id, method, sso: { authenticatedAt: authenticatedAt ?? null, idToken } });
      await auditStaffLogin(db, req, { method, account, groupGrants: grants });
      req.log.info({ event: 'staff-login', provider: method, accountId: account.id, groups: person.groups, groupGrants: grants.length }, 'staff logged in with OpenID Connect');
      res.set('Cache-Control', 'no-store').redirect(303, flow.return_to);
    } catch (error) {
      if (error instanceof OidcRefusal) await auditRefusedStaffLogin(db, req, { method, code: error.code, cause: error.cause, account });
      throw error;
    }
  });

  /** RP-initiated logout of a session through one of these providers, when the provider offers it. */
  const singleLogout: StaffLoginMethod['singleLogout'] = async (session, req, res) => {
    const [kind, providerId] = session.method.split(':');
    const provider = kind === 'oidc' && providerId ? await find(providerId) : undefined;
    if (!provider || !session.idToken) return undefined;
    try {
      const config = await configurationOf(provider);
      return endSessionUrl(config, res, { idToken: session.idToken, postLogoutRedirectUri: loggedOutUrl(deps.publicUrl, provider.id), secureCookies: sessions.secureCookies });
    } catch (error) {
      // our session has ended all the same; the provider's stays until it times out
      req.log.warn({ provider: session.method, reason: error instanceof Error ? error.message : undefined }, 'single logout at the OpenID Connect provider not started: it does not answer');
      return undefined;
    }
  };

  return {
    id: 'oidc',
    kind: 'oidc',
    singleLogout,
    name: { sv: 'OpenID Connect', en: 'OpenID Connect' },
    identityProviders: {
      configured: configured.map(describeOidc),
      offers: async () => {
        const stored = (await storedProviderNames(db, 'oidc')).filter((provider) => !configured.some((c) => c.id === provider.id));
        return [...configured, ...stored].map(({ id, name }) => ({ id: `oidc:${id}`, kind: 'oidc' as const, name, startPath: oidcStartPath(id) }));
      },
    },
    routes: [
      {
        prefix: PREFIX,
        routes: [
          route('get', '/start', PUBLIC, 'Start a staff login at an OpenID Connect provider; redirects to the provider', start, {
            tags: ['staff login'],
            limit: 'staff-sign-in',
            operation: {
              parameters: [
                PROVIDER_PARAMETER,
                { name: 'returnTo', in: 'query', required: false, description: 'A path on this site to return to after the login (default /admin)', schema: { type: 'string' } },
                REAUTHENTICATE_PARAMETER,
              ],
              responses: {
                '303': { description: 'To the provider’s authorization endpoint (with prompt=login and max_age=0 for a forced re-login)' },
                '502': { description: 'The provider does not answer (HTML page)' },
                ...problems(400, 404),
              },
            },
          }),
        ],
      },
    ],
    protocolRoutes: [
      {
        prefix: PREFIX,
        routes: [
          route('get', '/callback', credential('login-flow'), 'The provider’s answer to a staff login (redirect URI); the flow cookie and state are the credential', callback, {
            tags: ['staff login'],
            operation: {
              parameters: [PROVIDER_PARAMETER, ...['code', 'state', 'iss', 'error', 'error_description'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }))],
              responses: {
                '303': { description: 'Logged in: a staff session cookie, on to the page the login started from' },
                '400': { description: 'Unknown, used, expired or foreign login (HTML page with data-problem-code)' },
                '401': { description: 'Refused by the provider, an untrustworthy answer, or a forced re-login without a fresh auth_time (HTML page with data-problem-code)' },
                ...problems(404),
              },
            },
          }),
          route('get', '/logged-out', PUBLIC, 'Where the provider sends the browser after ending its session (post-logout redirect URI); on to the staff login page', loggedOut, {
            tags: ['staff login'],
            operation: {
              parameters: [PROVIDER_PARAMETER, { name: 'state', in: 'query', required: false, schema: { type: 'string' } }],
              responses: { '303': { description: 'To the staff login page, saying "logged out" when the state is this browser’s logout' } },
            },
          }),
        ],
      },
    ],
  };
}

/** The authorization response as openid-client reads it: the registered redirect URI with the query the provider sent. */
function answerUrl(redirectUri: string, req: Request): URL {
  const url = new URL(redirectUri);
  url.search = new URL(req.originalUrl, 'http://callback').search;
  return url;
}

async function exchangeCode(config: oidc.Configuration, answer: URL, checks: { pkceCodeVerifier: string; expectedState: string; expectedNonce: string }) {
  try {
    const tokens = await oidc.authorizationCodeGrant(config, answer, { ...checks, idTokenExpected: true });
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new Error('no ID token in the token response');
    return { claims, idToken: tokens.id_token };
  } catch (error) {
    if (error instanceof oidc.AuthorizationResponseError) throw providerRefused(error);
    if (isUnreachable(error)) throw providerUnreachable(error);
    throw responseInvalid(error);
  }
}

/**
 * When the provider says it authenticated the person (auth_time), never later than now; undefined
 * when it does not say. A forced re-login requires one from after its start.
 */
function authenticationTime(claims: oidc.IDToken, flow: StaffOidcFlow): Date | undefined {
  const authTime = typeof claims.auth_time === 'number' ? new Date(claims.auth_time * 1000) : undefined;
  if (flow.reauthentication && !isFreshAuthentication(authTime, flow.created_at)) {
    throw reauthenticationNotFresh(
      new Error(authTime ? `auth_time ${authTime.toISOString()} is before the forced re-login started at ${flow.created_at.toISOString()}` : 'a forced re-login’s ID token has no auth_time'),
    );
  }
  return authTime && sessionAuthenticationTime(authTime);
}

/** Network failures and timeouts, as opposed to answers that did not hold. */
function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const cause = error.cause instanceof Error ? error.cause : error;
  return error.name === 'TimeoutError' || error.name === 'AbortError' || cause.name === 'TimeoutError' || (error instanceof TypeError && error.message === 'fetch failed');
}

interface OidcPerson {
  subject: string;
  displayName: string;
  email: string | null;
  groups: string[];
}

/** Who the ID token says logged in; a groups claim that is not a list of strings refuses the login. */
function personFrom(claims: oidc.IDToken, groupsClaim: string): OidcPerson {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  const groups = claims[groupsClaim] ?? [];
  if (!Array.isArray(groups) || !groups.every((group): group is string => typeof group === 'string')) {
    throw responseInvalid(new Error(`the ${groupsClaim} claim is not a list of strings`));
  }
  const email = text(claims.email) ?? null;
  return { subject: claims.sub, displayName: text(claims.name) ?? text(claims.preferred_username) ?? email ?? claims.sub, email, groups };
}
