import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAjv } from '@etjanst/schemas';
import { call, startTestApp, type TestApp } from '../test-support/app.js';

describe('operations endpoints and the API description', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('answers /health and /ready with the database kind', async () => {
    expect(await call(app.baseUrl, 'GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await call(app.baseUrl, 'GET', '/ready')).toMatchObject({ status: 200, body: { status: 'ready', database: app.database.kind } });
  });

  it('serves an OpenAPI 3.1 document whose paths all exist in the app', async () => {
    const { body } = await call(app.baseUrl, 'GET', '/api/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    const paths = Object.keys(body.paths);
    expect(paths.length).toBeGreaterThanOrEqual(15);
    for (const template of paths) {
      const path = template
        .replace('{municipality}', 'ekdala') // this walk publishes and unpublishes: keep it away from solbacka
        .replace('/eservices/{id}', '/eservices/felanmalan')
        .replace('{eserviceId}', 'felanmalan')
        .replace('{version}', '1')
        .replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000'); // ids of things that need not exist
      for (const method of Object.keys(body.paths[template])) {
        // a request without a body may be refused, but never with "no such address"
        const response = await call(app.baseUrl, method.toUpperCase(), path, method === 'get' ? undefined : {});
        expect(response.body?.code, `${method} ${template}`).not.toBe('route-not-found');
        expect(response.status, `${method} ${template}`).not.toBe(500);
      }
    }
  });

  it('publishes the definition format as JSON Schema that validates the shipped examples', async () => {
    const { body } = await call(app.baseUrl, 'GET', '/api/schemas/eservice-definition.json');
    expect(body.$id).toBe('urn:etjanst:eservice-definition:1.0');
    expect(body.properties.formatVersion.const).toBe('1.0');
    const example = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/catalogue/felanmalan');
    const validateFormat = createAjv({ strict: false }).compile(body);
    expect(validateFormat(example.body.definition), JSON.stringify(validateFormat.errors)).toBe(true);
    expect(validateFormat({ ...example.body.definition, access: { login: 'eid', levelOfAssurance: 4 } })).toBe(false);
  });
});
