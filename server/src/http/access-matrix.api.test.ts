import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleGrant } from '@etjanst/schemas';
import { startTestApp, type TestApp } from '../test-support/app.js';
import { loggedIn } from '../test-support/sessions.js';
import { signInStaff } from '../test-support/staff.js';
import type { DeclaredRoute } from './route-table.js';

/**
 * Who may call each API route, written out by hand (not derived from the policies it checks):
 * one letter a persona allowed. The personas, all in Ekdala's department `utbildning` unless said:
 *   N no login, C a citizen logged in to Ekdala, H a handler of another department (miljo),
 *   D a designer, A an approver, M the administrator of another municipality (Solbacka),
 *   P a platform administrator.
 * A route mounted but missing here, or listed here but not mounted, fails the test. Routes whose
 * row is empty take a credential no persona has (an API key, a signed link, a token): every
 * persona must be refused.
 */
const MATRIX: Record<string, string> = {
  'GET /api/openapi.json': 'NCHDAMP',
  'GET /api/schemas/eservice-definition.json': 'NCHDAMP',
  'POST /api/definitions/validate': 'NCHDAMP',
  'GET /api/requirements': 'NCHDAMP',
  'GET /api/requirements/document': 'NCHDAMP',
  'POST /api/checks': 'DA',
  'GET /api/previews/:token': '',
  'GET /api/staff/session': 'NCHDAMP',
  'POST /api/staff/session/refresh': 'NCHDAMP',
  'POST /api/staff/session/logout': 'NCHDAMP',
  'GET /api/staff/login-methods': 'NCHDAMP',
};

const PERSONAS = ['N', 'C', 'H', 'D', 'A', 'M', 'P'] as const;
type Persona = (typeof PERSONAS)[number];

const GRANTS: Record<Exclude<Persona, 'N' | 'C'>, RoleGrant[]> = {
  H: [{ role: 'handler', municipalityId: 'ekdala', departmentId: 'miljo' }],
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
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('has a row for every mounted route and no row for a route that is not mounted', () => {
    const missing = app.routes.filter((r) => MATRIX[key(r)] === undefined).map((r) => `  '${key(r)}': '${suggestedRow(r)}',`);
    const stale = Object.keys(MATRIX).filter((k) => !app.routes.some((r) => key(r) === k));
    expect(missing, 'routes mounted but missing from MATRIX (a suggestion from the policy; check it by hand)').toEqual([]);
    expect(stale, 'rows of routes that are not mounted').toEqual([]);
  });

  it('allows exactly the personas of each row and refuses the others (401 without a login, 403 without the role)', async () => {
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
