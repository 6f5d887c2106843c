import type { Request, Response } from 'express';
import type { LocalizedText } from '@etjanst/schemas';
import { PUBLIC } from '../http/access.js';
import { route, type RouteGroup } from '../http/route-table.js';
import { json } from '../openapi/operations.js';
import type { IdentityProviderRecord } from './identity-providers/stored.js';
import type { EndedStaffSession } from './sessions.js';

/** The staff login page, and where a logout ends up (its notice says so). */
export const STAFF_LOGIN_PAGE = '/admin/logga-in';
export const STAFF_LOGGED_OUT_PAGE = `${STAFF_LOGIN_PAGE}?utloggad=1`;

/**
 * One way for staff to log in: the municipality's SSO (SAML 2.0, OpenID Connect), an e-ID
 * through the staff register, or the local break-glass administrator. Like the citizens' login
 * methods, each is a plugin listed explicitly where the app is wired. Every method ends in
 * establishStaffSession with an account from accountForLogin.
 */
export interface StaffLoginMethod {
  /** Stable id, also the login provider's name in staff_logins: 'local', 'oidc:<id>', 'saml:<id>', 'e-id' */
  id: string;
  kind: 'local' | 'oidc' | 'saml' | 'e-id';
  name: LocalizedText;
  /** Where the browser goes (full page load) to start a redirect-based login */
  startPath?: string;
  /** JSON API routes, mounted under /api after the body parser and session loading */
  routes: RouteGroup[];
  /** Routes other servers or cross-site posts reach (SAML ACS, OIDC callback), mounted under /api before the JSON body parser */
  protocolRoutes?: RouteGroup[];
  /**
   * Single sign-on serving several identity providers (OIDC, SAML): those of the configuration,
   * and those platform administrators store, each in force from its next login. The login page
   * lists the providers in place of the method.
   */
  identityProviders?: {
    /** From the configuration (environment, demo): shown read-only to platform administrators */
    configured: readonly IdentityProviderRecord[];
    /** One offer per provider in force now */
    offers(): Promise<StaffLoginOffer[]>;
  };
  /**
   * Single logout at the identity provider of a session that has just ended, when the session is
   * one of this method's and its provider offers it: the address to send the browser to (OIDC
   * end_session_endpoint, SAML LogoutRequest). Undefined leaves the logout local.
   */
  singleLogout?(session: EndedStaffSession, req: Request, res: Response): Promise<string | undefined>;
}

/** One button of the staff login page. */
export interface StaffLoginOffer {
  id: string;
  kind: StaffLoginMethod['kind'];
  name: LocalizedText;
  startPath?: string;
}

/** What the login page offers now: the providers of each SSO method, and every other method itself. */
export async function staffLoginOffers(methods: readonly StaffLoginMethod[]): Promise<StaffLoginOffer[]> {
  const offers = await Promise.all(
    methods.map(async ({ id, kind, name, startPath, identityProviders }) => (identityProviders ? identityProviders.offers() : [{ id, kind, name, ...(startPath ? { startPath } : {}) }])),
  );
  return offers.flat();
}

/** GET /api/staff/login-methods: what the staff login page offers. */
export function staffLoginMethodRoutes(methods: readonly StaffLoginMethod[]): RouteGroup {
  return {
    prefix: '/staff/login-methods',
    routes: [
      route(
        'get',
        '/',
        PUBLIC,
        'The ways staff can log in on this installation',
        async (_req, res) => {
          // stored providers change while the app runs: never cached
          res.set('Cache-Control', 'no-store').json({ methods: await staffLoginOffers(methods) });
        },
        {
          tags: ['staff'],
          operation: {
            responses: {
              200: json({
                type: 'object',
                required: ['methods'],
                properties: { methods: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, kind: { enum: ['local', 'oidc', 'saml', 'e-id'] }, name: { type: 'object' }, startPath: { type: 'string' } } } } },
              }),
            },
          },
        },
      ),
    ],
  };
}
