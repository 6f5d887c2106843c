import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleGrant } from '@etjanst/schemas';
import { startTestApp, type TestApp } from '../test-support/app.js';
import { loggedIn } from '../test-support/sessions.js';
import { signInStaff } from '../test-support/staff.js';
import { issueCertificate } from '../identity/certificates.js';
import { BankIdClient } from '../identity/bankid/client.js';
import { startBankIdSimulator, type BankIdSimulator } from '../simulators/bankid/simulator.js';
import { staffEIdLoginMethod } from '../staff/e-id/method.js';
import { localAdminLoginMethod } from '../staff/local-admin/login-method.js';
import { staffOidcLoginMethod } from '../staff/oidc/plugin.js';
import { staffSamlLoginMethod } from '../staff/saml/plugin.js';
import { DEFAULT_STAFF_SESSION_SETTINGS } from '../staff/sessions.js';
import type { DeclaredRoute } from './route-table.js';

/**
 * Who may call each API route, written out by hand (not derived from the policies it checks):
 * one letter a persona allowed. The personas, all in Ekdala's department `utbildning` unless said:
 *   N no login, C a citizen logged in to Ekdala, H a handler of another department (miljo),
 *   E a handler of this department, D a designer, A an approver, K Ekdala's municipality
 *   administrator, S Ekdala's statistics reader, M the administrator of another municipality
 *   (Solbacka), P a platform administrator.
 * A route mounted but missing here, or listed here but not mounted, fails the test. Routes whose
 * row is empty take a credential no persona has (an API key, a signed link, a token): every
 * persona must be refused.
 */
const MATRIX: Record<string, string> = {
  'POST /api/staff/login/local': 'NCHEDAKSMP',
  // any staff role may re-authenticate, but only a session of the local administrator: the
  // personas' sessions are of another kind, so each is refused (403)
  'POST /api/staff/session/reauthenticate/local': '',
  // the same for a staff e-ID session's BankID re-authentication
  'POST /api/staff/session/reauthenticate/e-id/bankid': '',
  'GET /api/staff/session/reauthenticate/e-id/bankid/:orderId': '',
  'DELETE /api/staff/session/reauthenticate/e-id/bankid/:orderId': '',
  // the staff e-ID login: anyone may start one (the register decides at its end); an order is the starting browser's own
  'POST /api/staff/login/e-id/bankid': 'NCHEDAKSMP',
  'GET /api/staff/login/e-id/bankid/:orderId': '',
  'DELETE /api/staff/login/e-id/bankid/:orderId': '',
  'POST /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/attachments': 'NCHEDAKSMP',
  'GET /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/attachments/:attachmentId': 'NCHEDAKSMP',
  'DELETE /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/attachments/:attachmentId': 'NCHEDAKSMP',
  'GET /api/openapi.json': 'NCHEDAKSMP',
  'GET /api/schemas/eservice-definition.json': 'NCHEDAKSMP',
  'POST /api/definitions/validate': 'NCHEDAKSMP',
  'GET /api/requirements': 'NCHEDAKSMP',
  'GET /api/requirements/document': 'NCHEDAKSMP',
  'POST /api/checks': 'KDAMP',
  'GET /api/previews/:token': '',
  'GET /api/previews/:token/form-validators/:language.js': '',
  'GET /api/staff/session': 'NCHEDAKSMP',
  'POST /api/staff/session/refresh': 'NCHEDAKSMP',
  'POST /api/staff/session/logout': 'NCHEDAKSMP',
  'GET /api/staff/login-methods': 'NCHEDAKSMP',
  // the SSO logins, for every provider by its id (an unknown one answers 404)
  'GET /api/staff/login/oidc/:provider/start': 'NCHEDAKSMP',
  'GET /api/staff/login/oidc/:provider/callback': '',
  // where a provider sends the browser after single logout: a redirect to the login page for anyone
  'GET /api/staff/login/oidc/:provider/logged-out': 'NCHEDAKSMP',
  'GET /api/staff/login/saml/:idp/start': 'NCHEDAKSMP',
  'POST /api/staff/saml/:idp/acs': '',
  'GET /api/staff/saml/:idp/slo': '',
  'POST /api/staff/saml/:idp/slo': '',
  'GET /api/staff/saml/:idp/metadata': 'NCHEDAKSMP',
  'GET /api/staff/group-mappings': 'P',
  'POST /api/staff/group-mappings': 'P',
  'DELETE /api/staff/group-mappings/:id': 'P',
  'GET /api/staff/identity-providers': 'P',
  'POST /api/staff/identity-providers': 'P',
  'GET /api/staff/identity-providers/:id': 'P',
  'PUT /api/staff/identity-providers/:id': 'P',
  'DELETE /api/staff/identity-providers/:id': 'P',
  'GET /api/municipalities/:municipality/group-mappings': 'K',
  'POST /api/municipalities/:municipality/group-mappings': 'K',
  'DELETE /api/municipalities/:municipality/group-mappings/:id': 'K',
  'GET /api/municipalities': 'NCHEDAKSMP',
  'GET /api/session': 'NCHEDAKSMP',
  'POST /api/session/refresh': 'NCHEDAKSMP',
  'POST /api/session/logout': 'NCHEDAKSMP',
  'GET /api/me/contact-details': 'C',
  'PUT /api/me/contact-details': 'C',
  'DELETE /api/me/contact-details': 'C',
  'GET /api/me/drafts': 'C',
  'POST /api/me/drafts': 'C',
  'GET /api/me/drafts/:id': 'C',
  'PUT /api/me/drafts/:id': 'C',
  'DELETE /api/me/drafts/:id': 'C',
  'POST /api/me/submissions/:id/signatures': 'C',
  'GET /api/me/submissions/:id/signatures/:orderId': 'C',
  'DELETE /api/me/submissions/:id/signatures/:orderId': 'C',
  'GET /api/me/submissions/:id/payment': 'C',
  'POST /api/me/submissions/:id/payment': 'C',
  // the payment provider's callback: only for an instruction id we made (unknown ones answer 404)
  'POST /api/payments/callbacks/:instructionId': '',
  'POST /api/payments/refund-callbacks/:instructionId': '',
  'GET /api/me/submissions/:id/case': 'C',
  'POST /api/me/submissions/:id/case/messages': 'C',
  'POST /api/me/submissions/:id/case/messages/read': 'C',
  'GET /api/me/signature-requests': 'C',
  'GET /api/me/submissions': 'C',
  'GET /api/me/submissions/:id': 'C',
  'GET /api/me/submissions/:id/receipt.pdf': 'C',
  'GET /api/receipts/:token.pdf': '',
  'GET /api/inbound/cases/:receiptNumber': '',
  'PUT /api/inbound/cases/:receiptNumber/status': '',
  'POST /api/inbound/cases/:receiptNumber/messages': '',
  'GET /api/delivery/attachments/:token': '',
  'GET /api/connector-types': 'KDAMP',
  'GET /api/municipalities/:municipality/login': 'NCHEDAKSMP',
  'GET /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/check': 'KDA',
  'GET /api/municipalities/:municipality/catalogue/:eserviceId/accessibility-statement': 'NCHEDAKSMP',
  'GET /api/municipalities/:municipality/audit': 'K',
  'GET /api/municipalities/:municipality/audit/export.csv': 'K',
  'GET /api/audit': 'P',
  'GET /api/audit/verify': 'P',
  'GET /api/municipalities/:municipality/catalogue': 'NCHEDAKSMP',
  'GET /api/municipalities/:municipality/catalogue/:eserviceId': 'NCHEDAKSMP',
  'POST /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/submissions': 'NCHEDAKSMP',
  'GET /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/prefill': 'C',
  // free slots are public; a slot is held for, and a booking cancelled by, the citizen logged in to the municipality
  'GET /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/bookings/:field/slots': 'NCHEDAKSMP',
  'POST /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/bookings/:field/hold': 'C',
  'DELETE /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/bookings/:field/hold': 'C',
  'DELETE /api/municipalities/:municipality/bookings/:id': 'C',
  'GET /api/municipalities/:municipality/bookings': 'C',
  'POST /api/municipalities/:municipality/bookings/:id/rebook': 'C',
  // a day per resource, and blocking slots: the handlers of the department owning the e-service; the
  // path's e-service does not exist, which answers 404 to a handler of any department (booking.api.test
  // shows another department's handler refused on a real one)
  'GET /api/municipalities/:municipality/eservices/:eserviceId/bookings/:field/day': 'HE',
  'PUT /api/municipalities/:municipality/eservices/:eserviceId/bookings/:field/blocks': 'HE',
  'DELETE /api/municipalities/:municipality/eservices/:eserviceId/bookings/:field/blocks': 'HE',
  'GET /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/form-validators/:language.js': 'NCHEDAKSMP',
  'GET /api/municipalities/:municipality/deliveries': 'K',
  'GET /api/municipalities/:municipality/deliveries/:id': 'K',
  'POST /api/municipalities/:municipality/deliveries/:id/replay': 'K',
  'GET /api/municipalities/:municipality/eservices/:eserviceId/connectors': 'KDA',
  'POST /api/municipalities/:municipality/eservices/:eserviceId/connectors/:connectorId/test': 'KD',
  'POST /api/municipalities/:municipality/eservices/:eserviceId/connectors/:connectorId/rotate-secret': 'KD',
  'GET /api/municipalities/:municipality/staff': 'K',
  'POST /api/municipalities/:municipality/staff': 'K',
  'DELETE /api/municipalities/:municipality/staff/:accountId/grants/:grantId': 'K',
  'GET /api/municipalities/:municipality/statistics': 'KS',
  // a municipality's look: anyone reads it (its pages show it), its administrator sets it
  'GET /api/municipalities/:municipality/branding': 'NCHEDAKSMP',
  'PUT /api/municipalities/:municipality/branding': 'K',
  'GET /api/municipalities/:municipality/branding/logo': 'NCHEDAKSMP',
  'PUT /api/municipalities/:municipality/branding/logo': 'K',
  'DELETE /api/municipalities/:municipality/branding/logo': 'K',
  // designers and approvers read the domains for the live check; only the administrator sets them
  'GET /api/municipalities/:municipality/mail-domains': 'DAK',
  'PUT /api/municipalities/:municipality/mail-domains': 'K',
  // the regional e-office's cost sharing: the platform administrator's
  'GET /api/cost-sharing/usage': 'P',
  'GET /api/cost-sharing/split': 'P',
  'GET /api/cost-sharing/split.csv': 'P',
  'PUT /api/cost-sharing/inhabitants/:municipalityId': 'P',
  'GET /api/municipalities/:municipality/statistics/steps': 'KS',
  'GET /api/municipalities/:municipality/statistics/months': 'KS',
  'GET /api/municipalities/:municipality/statistics/benefit-report.csv': 'KS',
  'GET /api/municipalities/:municipality/statistics/benefit-report.pdf': 'KS',
  'GET /api/municipalities/:municipality/statistics/ratings': 'KS',
  // the portal's anonymous feedback: a rating after the receipt, step events as the form is filled in
  'POST /api/municipalities/:municipality/catalogue/:eserviceId/ratings': 'NCHEDAKSMP',
  'POST /api/municipalities/:municipality/catalogue/:eserviceId/step-events': 'NCHEDAKSMP',
  'GET /api/municipalities/:municipality/inbound-api-keys': 'K',
  'POST /api/municipalities/:municipality/inbound-api-keys': 'K',
  'POST /api/municipalities/:municipality/inbound-api-keys/:id/rotate': 'K',
  'DELETE /api/municipalities/:municipality/inbound-api-keys/:id': 'K',
  'GET /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/blank-form': 'NCHEDAKSMP',
  'GET /api/municipalities/:municipality/eservices': 'KDA',
  'POST /api/municipalities/:municipality/eservices': 'D',
  'POST /api/municipalities/:municipality/eservices/import': 'D',
  'GET /api/municipalities/:municipality/eservices/:id': 'KDA',
  'PUT /api/municipalities/:municipality/eservices/:id': 'D',
  'POST /api/municipalities/:municipality/eservices/:id/validate': 'KDA',
  'POST /api/municipalities/:municipality/eservices/:id/publish': 'A',
  'POST /api/municipalities/:municipality/eservices/:id/unpublish': 'A',
  'GET /api/municipalities/:municipality/eservices/:id/versions': 'KDA',
  'GET /api/municipalities/:municipality/eservices/:id/versions/:version': 'KDA',
  'POST /api/municipalities/:municipality/eservices/:id/versions/:version/restore': 'D',
  'GET /api/municipalities/:municipality/eservices/:id/export': 'KDA',
  'POST /api/municipalities/:municipality/eservices/:id/pause': 'AK',
  'POST /api/municipalities/:municipality/eservices/:id/resume': 'AK',
  'POST /api/municipalities/:municipality/eservices/:id/reviews': 'D',
  'GET /api/municipalities/:municipality/eservices/:id/reviews': 'DAK',
  'GET /api/municipalities/:municipality/eservices/:id/reviews/:reviewId': 'DAK',
  'POST /api/municipalities/:municipality/eservices/:id/reviews/:reviewId/approve': 'A',
  'POST /api/municipalities/:municipality/eservices/:id/reviews/:reviewId/return': 'A',
  // the template library: read by whoever reads the municipality's e-services, adopted by its designers
  'GET /api/municipalities/:municipality/templates': 'KDA',
  'GET /api/municipalities/:municipality/templates/:origin/:template': 'KDA',
  'GET /api/municipalities/:municipality/templates/:origin/:template/versions/:version': 'KDA',
  'POST /api/municipalities/:municipality/templates/:origin/:template/adoptions': 'D',
  'GET /api/municipalities/:municipality/eservices/:id/template-offer': 'KDA',
  'PUT /api/municipalities/:municipality/eservices/:id/template-offer': 'KDA',
  'DELETE /api/municipalities/:municipality/eservices/:id/template-offer': 'KDA',
  'GET /api/municipalities/:municipality/eservices/:id/origin': 'KDA',
  'POST /api/municipalities/:municipality/eservices/:id/origin/reviewed': 'D',
  'GET /api/operating-messages': 'P',
  'POST /api/operating-messages': 'P',
  'DELETE /api/operating-messages/:id': 'P',
  'GET /api/municipalities/:municipality/operating-messages/in-force': 'NCHEDAKSMP',
  'GET /api/municipalities/:municipality/operating-messages': 'K',
  'POST /api/municipalities/:municipality/operating-messages': 'K',
  'DELETE /api/municipalities/:municipality/operating-messages/:id': 'K',
  'GET /api/municipalities/:municipality/departments/:department/inbox/eservices': 'E',
  'GET /api/municipalities/:municipality/departments/:department/inbox/handlers': 'E',
  'GET /api/municipalities/:municipality/departments/:department/inbox/cases': 'E',
  'GET /api/municipalities/:municipality/departments/:department/inbox/cases/export.csv': 'E',
  'GET /api/municipalities/:municipality/departments/:department/inbox/cases/export.xlsx': 'E',
  'POST /api/municipalities/:municipality/departments/:department/inbox/cases': 'E',
  'GET /api/municipalities/:municipality/departments/:department/inbox/cases/:receiptNumber': 'E',
  'GET /api/municipalities/:municipality/departments/:department/inbox/cases/:receiptNumber/attachments/:attachmentId': 'E',
  'PUT /api/municipalities/:municipality/departments/:department/inbox/cases/:receiptNumber/status': 'E',
  'POST /api/municipalities/:municipality/departments/:department/inbox/cases/:receiptNumber/messages': 'E',
  'POST /api/municipalities/:municipality/departments/:department/inbox/cases/:receiptNumber/messages/read': 'E',
  'PUT /api/municipalities/:municipality/departments/:department/inbox/cases/:receiptNumber/assignee': 'E',
  'GET /api/municipalities/:municipality/departments/:department/inbox/cases/:receiptNumber/refund': 'E',
  'POST /api/municipalities/:municipality/departments/:department/inbox/cases/:receiptNumber/refund': 'E',
  // a handler of any department answers the municipality's phone
  'POST /api/municipalities/:municipality/contact-centre/phone-identifications': 'HE',
  'GET /api/municipalities/:municipality/contact-centre/phone-identifications/:orderId': 'HE',
  'DELETE /api/municipalities/:municipality/contact-centre/phone-identifications/:orderId': 'HE',
  'POST /api/municipalities/:municipality/contact-centre/phone-signings': 'HE',
  'GET /api/municipalities/:municipality/contact-centre/phone-signings/:orderId': 'HE',
  'DELETE /api/municipalities/:municipality/contact-centre/phone-signings/:orderId': 'HE',
};

const PERSONAS = ['N', 'C', 'H', 'E', 'D', 'A', 'K', 'S', 'M', 'P'] as const;
type Persona = (typeof PERSONAS)[number];

const GRANTS: Record<Exclude<Persona, 'N' | 'C'>, RoleGrant[]> = {
  H: [{ role: 'handler', municipalityId: 'ekdala', departmentId: 'miljo' }],
  E: [{ role: 'handler', municipalityId: 'ekdala', departmentId: 'utbildning' }],
  K: [{ role: 'municipality-admin', municipalityId: 'ekdala', departmentId: null }],
  S: [{ role: 'statistics-reader', municipalityId: 'ekdala', departmentId: null }],
  D: [{ role: 'designer', municipalityId: 'ekdala', departmentId: 'utbildning' }],
  A: [{ role: 'approver', municipalityId: 'ekdala', departmentId: 'utbildning' }],
  M: [{ role: 'municipality-admin', municipalityId: 'solbacka', departmentId: null }],
  P: [{ role: 'platform-admin', municipalityId: null, departmentId: null }],
};

/** What the route's policy would allow, offered when a row is missing: to be checked, not trusted. */
function suggestedRow(route: DeclaredRoute): string {
  const { access } = route;
  if (access.kind === 'public' || access.kind === 'applicant') return PERSONAS.join('');
  if (access.kind === 'citizen') return 'C';
  if (access.kind === 'credential') return '';
  return (Object.keys(GRANTS) as (keyof typeof GRANTS)[])
    .filter((persona) =>
      GRANTS[persona].some(
        (g) =>
          access.roles.includes(g.role) &&
          (access.scope === 'installation' || g.role === 'platform-admin' || g.municipalityId === 'ekdala') &&
          (access.scope !== 'department' || g.departmentId === null || g.departmentId === 'utbildning'),
      ),
    )
    .join('');
}

const key = (r: DeclaredRoute) => `${r.method.toUpperCase()} ${r.path}`;

/** A concrete URL for a route: Ekdala, its `utbildning` department, version 1, ids that do not exist. */
const concrete = (path: string) =>
  path
    .replace(':municipality', 'ekdala')
    .replace(':department', 'utbildning')
    .replace(/:version\b/, '1')
    .replace(/:[A-Za-z]+/g, 'finns-inte');

/** Fresh credentials for each request, so a logout or a lockout of one route cannot leak into the next. */
async function headersOf(app: TestApp, persona: Persona): Promise<Record<string, string>> {
  if (persona === 'N') return { cookie: '' };
  if (persona === 'C') {
    const citizen = await loggedIn(app.database.db, { municipalityId: 'ekdala' });
    return { cookie: citizen.cookie, 'x-csrf-token': citizen.csrfToken };
  }
  return (await signInStaff(app.database.db, GRANTS[persona], `Matris ${persona}`)).headers;
}

async function send(app: TestApp, route: DeclaredRoute, headers: Record<string, string>): Promise<number> {
  const withBody = route.method !== 'get' && route.method !== 'delete';
  const sent: Record<string, string> = { ...headers, accept: 'application/json', ...(withBody ? { 'content-type': 'application/json' } : {}) };
  if (sent.cookie === '') delete sent.cookie;
  // the scan's full check is slow and beside the point: the fast rules answer the same access question
  const query = route.path === '/api/checks' ? '?scan=false' : '';
  const response = await fetch(`${app.baseUrl}${concrete(route.path)}${query}`, { method: route.method.toUpperCase(), headers: sent, ...(withBody ? { body: '{}' } : {}), redirect: 'manual' });
  await response.arrayBuffer();
  return response.status;
}

describe('access matrix: every declared route against every persona', () => {
  let app: TestApp;
  let bankId: BankIdSimulator;
  let bankIdClient: BankIdClient;
  beforeAll(async () => {
    bankId = await startBankIdSimulator();
    bankIdClient = new BankIdClient({ baseUrl: bankId.url, ca: bankId.ca, ...bankId.clientCert });
    // the staff login methods are mounted too, so their routes are in the matrix: the SSO ones
    // with no provider of the configuration (the paths name providers; none is found here)
    const sessions = { ...DEFAULT_STAFF_SESSION_SETTINGS, secureCookies: true };
    app = await startTestApp({
      staffLoginMethods: ({ db, baseUrl }) => [
        staffOidcLoginMethod({ db, sessions, publicUrl: baseUrl, timeoutSeconds: 1 }, []),
        staffSamlLoginMethod({ db, sessions, sp: { entityId: `${baseUrl}/api/staff/saml/sp`, baseUrl, signing: issueCertificate({ commonName: 'Matris SP', usage: 'signing' }) } }, []),
        localAdminLoginMethod(db, sessions),
        staffEIdLoginMethod({ bankId: { db, client: bankIdClient, settings: sessions } }),
      ],
    });
  });
  afterAll(async () => {
    await app?.close();
    bankIdClient?.close();
    await bankId?.close();
  });

  it('has a row for every mounted route and no row for a route that is not mounted', () => {
    const missing = app.routes.filter((r) => MATRIX[key(r)] === undefined).map((r) => `  '${key(r)}': '${suggestedRow(r)}',`);
    const stale = Object.keys(MATRIX).filter((k) => !app.routes.some((r) => key(r) === k));
    expect(missing, 'routes mounted but missing from MATRIX (a suggestion from the policy; check it by hand)').toEqual([]);
    expect(stale, 'rows of routes that are not mounted').toEqual([]);
  });

  // about a thousand requests, each with fresh credentials
  it('allows exactly the personas of each row and refuses the others (401 without a login, 403 without the role)', { timeout: 600_000 }, async () => {
    const wrong: string[] = [];
    for (const route of app.routes) {
      const allowed = MATRIX[key(route)];
      if (allowed === undefined) continue; // reported by the test above
      for (const persona of PERSONAS) {
        const status = await send(app, route, await headersOf(app, persona));
        const expectAllowed = allowed.includes(persona);
        // no login (or the wrong kind) is 401; a staff member without the role at this scope is 403
        const staffPersona = persona !== 'N' && persona !== 'C';
        const refused = route.access.kind === 'credential' ? status >= 400 && status < 500 : status === (route.access.kind === 'staff' && staffPersona ? 403 : 401);
        const ok = expectAllowed ? status !== 401 && status !== 403 && status < 500 : refused;
        if (!ok) wrong.push(`${key(route)} as ${persona}: ${status}, expected ${expectAllowed ? 'allowed' : 'refused'}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
