import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { AccessPolicy } from '../http/access.js';
import { declaredRoutes, type DeclaredRoute, type RouteGroup } from '../http/route-table.js';
import { issueCertificate } from '../identity/certificates.js';
import { BankIdClient } from '../identity/bankid/client.js';
import { bankIdLoginMethod } from '../identity/bankid/plugin.js';
import { demoServiceProviderInfo } from '../identity/saml/sp-info.js';
import { samlLoginMethods } from '../identity/saml/plugin.js';
import { call, TEST_SESSION_SETTINGS } from '../test-support/app.js';
import { openTestDatabase, type TestDatabaseHandle } from '../test-support/database.js';
import { openApiPath } from './document.js';

type Operation = { summary?: unknown; responses?: Record<string, unknown>; parameters?: { name: string; in: string; required?: boolean }[]; 'x-access'?: Record<string, unknown> };
type Document = { openapi: string; info: { title?: string; version?: string }; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

/** What the document should say about a policy: its kind, and the roles and scope or the credential. */
function expectedAccess(access: AccessPolicy): Record<string, unknown> {
  if (access.kind === 'staff') return { kind: 'staff', roles: [...access.roles], scope: access.scope };
  if (access.kind === 'credential') return { kind: 'credential', credential: access.credential };
  return { kind: access.kind };
}

/** Every `$ref` anywhere in the value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner)));
}

describe(`OpenAPI document from the route declarations (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let database: TestDatabaseHandle;
  let server: Server;
  let baseUrl: string;
  let routes: DeclaredRoute[];
  let document: Document;

  beforeAll(async () => {
    database = await openTestDatabase();
    server = createServer().listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // both kinds of login plugin, SAML with two IdPs: their routes are declared like any other
    const keys = issueCertificate({ commonName: 'OpenAPI test', usage: 'signing' });
    const idp = (id: string) => ({ id, name: { sv: id, en: id }, entityId: `https://${id}.example/idp`, ssoUrl: `https://${id}.example/sso`, sloUrl: `https://${id}.example/slo`, signingCerts: [keys.cert], maxLoa: 3 as const });
    const sessions = TEST_SESSION_SETTINGS;
    const loginMethods = [
      bankIdLoginMethod({ db: database.db, sessions, client: new BankIdClient({ baseUrl: 'https://bankid.invalid/rp/v6.0', ca: keys.cert, ...keys }) }),
      ...samlLoginMethods({ db: database.db, sessions, sp: { entityId: `${baseUrl}/saml/sp`, baseUrl, signing: keys, encryption: keys, info: demoServiceProviderInfo(baseUrl), identityProviders: [idp('first-idp'), idp('second-idp')] } }),
    ];
    const app = createApp({ config: { bodyLimitBytes: 1024 * 1024, clientDir: undefined, publicUrl: baseUrl }, database, logger: pino({ level: 'silent' }), identity: { sessions, loginMethods } });
    server.on('request', app);
    routes = declaredRoutes(app.locals.routeGroups as RouteGroup[]);
    document = (await call(baseUrl, 'GET', '/api/openapi.json')).body as Document;
  }, 120_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await database?.close();
  });

  it('lists every declared route with its method, summary and access policy', () => {
    expect(routes.length).toBeGreaterThan(50);
    for (const route of routes) {
      const operation = document.paths[openApiPath(route.path)]?.[route.method];
      const name = `${route.method} ${route.path}`;
      expect(operation, name).toBeDefined();
      expect(typeof operation?.summary === 'string' && operation.summary.length > 0, `${name}: summary`).toBe(true);
      expect(operation?.['x-access'], `${name}: x-access`).toMatchObject(expectedAccess(route.access));
    }
  });

  it('has no /api operation that is not a declared route', () => {
    const declared = new Set(routes.map((route) => `${route.method} ${openApiPath(route.path)}`));
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
    expect(documented.filter((operation) => operation.split(' ')[1]!.startsWith('/api/') && !declared.has(operation))).toEqual([]);
    // the same route is declared once, even where several plugins could answer it
    expect(routes.length).toBe(declared.size);
    expect(Object.keys(document.paths).filter((path) => !path.startsWith('/api/')).sort()).toEqual(['/health', '/ready']);
  });

  it('is structurally OpenAPI 3.1: responses on every operation, every path parameter described, every reference resolvable', () => {
    expect(document).toMatchObject({ openapi: '3.1.0', info: { title: expect.any(String), version: expect.any(String) } });
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const name = `${method} ${path}`;
        expect(Object.keys(operation.responses ?? {}).length, `${name}: responses`).toBeGreaterThan(0);
        const templated = [...path.matchAll(/\{([^}]+)\}/g)].map(([, parameter]) => parameter).sort();
        const described = (operation.parameters ?? []).filter((p) => p.in === 'path');
        expect(described.map((p) => p.name).sort(), `${name}: path parameters`).toEqual(templated);
        expect(described.every((p) => p.required === true), `${name}: path parameters are required`).toBe(true);
        const keys = (operation.parameters ?? []).map((p) => `${p.in} ${p.name}`);
        expect(new Set(keys).size, `${name}: parameters named once`).toBe(keys.length);
      }
    }
    for (const reference of refsIn(document.paths)) {
      expect(reference, reference).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas[reference.replace('#/components/schemas/', '')], reference).toBeDefined();
    }
  });

  it('says where the citizen CSRF token is required: state-changing routes a citizen session can reach, not staff or protocol routes', () => {
    const csrfOf = (method: string, path: string) => (document.paths[path]?.[method]?.parameters ?? []).some((p) => p.in === 'header' && p.name === 'X-CSRF-Token');
    expect(csrfOf('put', '/api/me/drafts/{id}')).toBe(true);
    expect(csrfOf('post', '/api/municipalities/{municipality}/eservices/{eserviceId}/versions/{version}/attachments')).toBe(true);
    expect(csrfOf('post', '/api/municipalities/{municipality}/login/saml/logout')).toBe(true);
    expect(csrfOf('get', '/api/me/drafts/{id}')).toBe(false);
    expect(csrfOf('post', '/api/saml/first-idp/acs')).toBe(false);
    expect(csrfOf('post', '/api/municipalities/{municipality}/eservices/{id}/publish')).toBe(false);
  });
});
