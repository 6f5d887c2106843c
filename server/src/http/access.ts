import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { bilingual, holdsRole, type BilingualMessage, type StaffRole } from '@etjanst/schemas';
import { CSRF_HEADER, sessionExpired, sessionOf } from '../identity/sessions.js';
import { Problem } from '../problems/problem.js';
import { STAFF_CSRF_HEADER, staffActor, staffOf } from '../staff/sessions.js';
import type { TenantContext } from '../eservices/operations.js';

/**
 * Who may call a route. Declared on every route and checked by one middleware before its
 * handler runs (requireAccess), never inside handlers:
 * - public: anyone, no login;
 * - citizen: a citizen's e-ID session;
 * - applicant: whoever the e-service admits (anonymous, or a citizen at its level of assurance),
 *   which the e-service's own access settings decide;
 * - staff: a staff session holding one of `roles`, at the route's scope: anywhere on the
 *   installation, in the `:municipality` of the path, in its `:department`, or in the department
 *   that owns the path's e-service ('eservice': the departments `eserviceDepartments` loaded);
 * - credential: a machine or link credential the route checks itself (an inbound API key, a
 *   signed delivery link, a receipt token, a login flow's own cookie, SAML protocol messages).
 */
export type AccessPolicy =
  | { kind: 'public' }
  | { kind: 'citizen'; loginRequired?: BilingualMessage }
  | { kind: 'applicant' }
  | { kind: 'staff'; roles: readonly StaffRole[]; scope: StaffScope }
  | { kind: 'credential'; credential: Credential };

export type StaffScope = 'installation' | 'municipality' | 'department' | 'eservice';
export type Credential = 'inbound-api-key' | 'signed-link' | 'receipt-token' | 'login-flow' | 'saml-protocol' | 'preview-token' | 'payment-instruction';

export const PUBLIC: AccessPolicy = { kind: 'public' };
export const CITIZEN: AccessPolicy = { kind: 'citizen' };
/** A citizen's session, with the route's own words for why a login is needed. */
export const citizenExplained = (loginRequired: BilingualMessage): AccessPolicy => ({ kind: 'citizen', loginRequired });
export const APPLICANT: AccessPolicy = { kind: 'applicant' };
export const staff = (scope: StaffScope, ...roles: StaffRole[]): AccessPolicy => ({ kind: 'staff', roles, scope });
export const credential = (kind: Credential): AccessPolicy => ({ kind: 'credential', credential: kind });

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

const sameToken = (given: string | undefined, expected: string) =>
  given !== undefined && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

const csrfInvalid = () =>
  new Problem(
    403,
    'csrf-token-invalid',
    bilingual('Begäran kunde inte godkännas', 'The request could not be accepted'),
    bilingual('Säkerhetskontrollen för formuläret saknas eller är fel. Ladda om sidan och försök igen.', 'The security check for the form is missing or wrong. Reload the page and try again.'),
  );

export const staffLoginRequired = () =>
  new Problem(401, 'staff-login-required', bilingual('Inloggning för personal krävs', 'Staff login required'), bilingual('Logga in som medarbetare för att fortsätta.', 'Log in as a staff member to continue.'));

const staffSessionExpired = () =>
  new Problem(
    401,
    'staff-session-expired',
    bilingual('Du har loggats ut', 'You have been logged out'),
    bilingual('Din inloggning som medarbetare har gått ut. Logga in igen.', 'Your staff login has expired. Please log in again.'),
  );

export const forbiddenRole = (roles: readonly StaffRole[]) =>
  new Problem(403, 'forbidden', bilingual('Ingen behörighet', 'Not authorised'), bilingual('Du har inte den roll som krävs för det här.', 'You do not hold the role this requires.'), { requiredRoles: roles });

const crossSite = () =>
  new Problem(
    403,
    'cross-site-request',
    bilingual('Begäran kom från en annan webbplats', 'The request came from another site'),
    bilingual('Ändringar i administrationen kan bara göras från plattformens egna sidor.', 'Changes in the administration can only be made from the platform’s own pages.'),
  );

const jsonRequired = () =>
  new Problem(415, 'unsupported-media-type', bilingual('Fel format', 'Unsupported media type'), bilingual('Skicka innehållet som application/json.', 'Send the content as application/json.'));

/** The origins a staff page may be served from: the request's own host and the configured public URL. */
function isSameOrigin(req: Request, publicOrigin: string | undefined): boolean {
  const site = req.get('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.get('origin');
  if (origin === undefined) return true; // not a browser's cross-origin request (browsers send Origin on every non-GET fetch)
  if (origin === publicOrigin) return true;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

/**
 * The municipality and the departments a staff grant must cover: from the path, or for an
 * e-service the departments that own it (and that a saved definition would move it to), which a
 * handler before the check put in `res.locals.eserviceDepartments`. None: any department.
 */
function scopeOf(req: Request, res: Response, scope: StaffScope): { municipalityId?: string; departmentIds: readonly (string | undefined)[] } {
  if (scope === 'installation') return { departmentIds: [undefined] };
  const municipalityId = req.params.municipality === undefined ? undefined : String(req.params.municipality);
  if (scope === 'eservice') {
    const owners = (res.locals.eserviceDepartments as string[] | undefined) ?? [];
    return { municipalityId, departmentIds: owners.length > 0 ? owners : [undefined] };
  }
  const departmentId = scope === 'department' && req.params.department !== undefined ? String(req.params.department) : undefined;
  return { municipalityId, departmentIds: [departmentId] };
}

/**
 * The one access check every route passes before its handler: the policy's identity, the role
 * and its scope, and cross-site protection (staff: CSRF token, same origin, JSON even when
 * empty; citizens: the session's CSRF token on state-changing requests).
 */
export function requireAccess(policy: AccessPolicy, options: { publicOrigin?: string | undefined } = {}): RequestHandler {
  return (req, res, next) => {
    const changing = STATE_CHANGING.has(req.method);
    if (policy.kind === 'staff') {
      const principal = staffOf(res);
      if (!principal) throw res.locals.staffSessionExpired === true ? staffSessionExpired() : staffLoginRequired();
      if (changing) {
        if (!isSameOrigin(req, options.publicOrigin)) throw crossSite();
        if (WITH_BODY.has(req.method) && !req.is('application/json') && !(req.get('content-type') ?? '').startsWith('application/json')) throw jsonRequired();
        if (!sameToken(req.get(STAFF_CSRF_HEADER), principal.csrfToken)) throw csrfInvalid();
      }
      const { municipalityId, departmentIds } = scopeOf(req, res, policy.scope);
      if (!policy.roles.some((role) => departmentIds.every((departmentId) => holdsRole(principal.grants, role, municipalityId, departmentId)))) throw forbiddenRole(policy.roles);
      const tenant = res.locals.tenant as TenantContext | undefined;
      if (tenant) res.locals.tenant = { ...tenant, actor: staffActor(principal), staffAccountId: principal.account.id } satisfies TenantContext;
      return next();
    }
    const citizen = sessionOf(res);
    // a credential route is authorised by its own credential, not by the citizen's cookie (a staff
    // e-ID login from a browser that also holds a citizen session must not need the citizen's token)
    if (citizen && changing && policy.kind !== 'credential' && !sameToken(req.get(CSRF_HEADER), citizen.csrfToken)) throw csrfInvalid();
    if (policy.kind === 'citizen' && !citizen) {
      if (res.locals.sessionExpired === true) throw sessionExpired();
      throw new Problem(401, 'login-required', bilingual('Inloggning krävs', 'Login required'), policy.loginRequired ?? bilingual('Logga in med e-legitimation för att fortsätta.', 'Log in with an e-ID to continue.'));
    }
    next();
  };
}
