import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import * as oidc from 'openid-client';
import { readCookie } from '../../identity/sessions.js';
import { STAFF_LOGGED_OUT_PAGE, STAFF_LOGIN_PAGE } from '../login-methods.js';
import { FLOW_COOKIE_PATH, FLOW_LIFETIME_SECONDS } from './flows.js';

/**
 * OpenID Connect RP-Initiated Logout 1.0 for staff: after our session has ended, the browser goes
 * to the provider's end_session_endpoint with the session's ID token as id_token_hint, our
 * post-logout redirect URI and a state; the provider ends its own session and sends the browser
 * back with the state, which a short-lived cookie of this browser must match.
 */

/** The logout's state, bound to the browser; sent back only to the OIDC login paths. */
export const LOGOUT_COOKIE = 'etjanst_staff_oidc_logout';

/** The post-logout redirect URI a provider must have registered for this platform. */
export const loggedOutUrl = (publicUrl: string, providerId: string) => `${publicUrl}/api/staff/login/oidc/${providerId}/logged-out`;

/** The provider's end-session address for this logout, or undefined when its discovery names no end_session_endpoint. */
export function endSessionUrl(config: oidc.Configuration, res: Response, logout: { idToken: string; postLogoutRedirectUri: string; secureCookies: boolean }): string | undefined {
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  const state = oidc.randomState();
  // SameSite=Lax: the provider sends the browser back with a top-level cross-site GET
  res.cookie(LOGOUT_COOKIE, state, { httpOnly: true, secure: logout.secureCookies, sameSite: 'lax', path: FLOW_COOKIE_PATH, maxAge: FLOW_LIFETIME_SECONDS * 1000 });
  return oidc.buildEndSessionUrl(config, { id_token_hint: logout.idToken, post_logout_redirect_uri: logout.postLogoutRedirectUri, state }).href;
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The post-logout redirect URI: on to the staff login page, which says "logged out" only when the
 * state is the one this browser's logout sent (our session has ended either way).
 */
export const loggedOut: RequestHandler = (req, res) => {
  const expected = readCookie(req, LOGOUT_COOKIE);
  const state = typeof req.query.state === 'string' ? req.query.state : undefined;
  const confirmed = expected !== undefined && state !== undefined && sameText(state, expected);
  if (expected !== undefined) res.clearCookie(LOGOUT_COOKIE, { httpOnly: true, path: FLOW_COOKIE_PATH });
  if (confirmed) req.log.info({ provider: `oidc:${String(req.params.provider)}` }, 'the identity provider ended its session (RP-initiated logout)');
  else req.log.warn({ provider: `oidc:${String(req.params.provider)}` }, 'a post-logout redirect without the state this browser’s logout sent');
  res.set('Cache-Control', 'no-store').redirect(303, confirmed ? STAFF_LOGGED_OUT_PAGE : STAFF_LOGIN_PAGE);
};
