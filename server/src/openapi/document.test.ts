import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { declaredRoutes, type DeclaredRoute, type RouteGroup } from '../http/route-table.js';
import { openTestDatabase, type TestDatabaseHandle } from '../test-support/database.js';
import { TEST_SESSION_SETTINGS } from '../test-support/app.js';
import { openApiPath } from './document.js';

describe(`the OpenAPI document is built from the route declarations (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let database: TestDatabaseHandle;
  let server: ReturnType<ReturnType<typeof createApp>['listen']>;
  let routes: DeclaredRoute[];
  let document: { paths: Record<string, Record<string, Record<string, any>>> };

  beforeAll(async () => {
    database = await openTestDatabase();
    const app = createApp({
      config: { bodyLimitBytes: 1024 * 1024, clientDir: undefined, publicUrl: 'http://127.0.0.1' },
      database,
      logger: pino({ level: 'silent' }),
      identity: { sessions: TEST_SESSION_SETTINGS, loginMethods: [] },
    });
    routes = declaredRoutes(app.locals.routeGroups as RouteGroup[]);
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/openapi.json`);
    document = (await response.json()) as typeof document;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await database?.close();
  });

  it('documents every declared route with its access policy as x-access', () => {
    expect(routes.length).toBeGreaterThan(30);
    for (const { method, path, access } of routes) {
      const operation = document.paths[openApiPath(path)]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      const expected = access.kind === 'staff' ? { kind: 'staff', roles: access.roles, scope: access.scope } : access.kind === 'credential' ? { kind: 'credential', credential: access.credential } : { kind: access.kind };
      expect(operation!['x-access'], `${method} ${path}`).toMatchObject(expected);
    }
  });

  it('takes a declared operation from its declaration: summary, tags, parameters of every path variable, responses', () => {
    const declared = routes.filter((r) => r.declaration?.operation);
    expect(declared.length).toBeGreaterThan(15);
    for (const { method, path, declaration } of declared) {
      const operation = document.paths[openApiPath(path)]![method]!;
      expect(operation.summary, `${method} ${path}`).toBe(declaration!.summary);
      expect(operation.responses, `${method} ${path}`).toEqual(declaration!.operation!.responses);
      const inPath = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
      const documented = ((operation.parameters ?? []) as Array<{ in: string; name: string }>).filter((p) => p.in === 'path').map((p) => p.name);
      expect(documented.sort(), `${method} ${path}`).toEqual(inPath.sort());
    }
  });

  it('documents the secret routes as showing the secret once, behind the roles that may rotate', () => {
    const rotate = document.paths['/api/municipalities/{municipality}/eservices/{eserviceId}/connectors/{connectorId}/rotate-secret']!.post!;
    expect(rotate['x-access']).toEqual({ kind: 'staff', roles: ['municipality-admin', 'designer'], scope: 'eservice' });
    expect(rotate.responses['200'].content['application/json'].schema.properties.secret).toBeDefined();
    const keyRotate = document.paths['/api/municipalities/{municipality}/inbound-api-keys/{id}/rotate']!.post!;
    expect(keyRotate['x-access']).toEqual({ kind: 'staff', roles: ['municipality-admin'], scope: 'municipality' });
    const connectors = document.paths['/api/municipalities/{municipality}/eservices/{eserviceId}/connectors']!.get!;
    expect(JSON.stringify(connectors.responses)).not.toMatch(/"secret"/);
    expect(document.paths['/api/inbound/cases/{receiptNumber}']!.get!.security).toEqual([{ inboundApiKey: [] }]);
  });
});
