import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES, type EServiceDefinition } from '@etjanst/schemas';
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';

const base = '/api/municipalities/ekdala/eservices';
const faultReport = () => templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'ekdala');

function titled(id: string, title: { sv: string; en?: string }): EServiceDefinition {
  const definition = faultReport();
  return { ...definition, id, catalogue: { ...definition.catalogue, title } };
}

describe(`warnings of e-services with the same title (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('warns when creating one with the title of another in the municipality, case and whitespace aside, language by language', async () => {
    const seeded = faultReport().catalogue.title.sv;
    const created = await call(app.baseUrl, 'POST', base, titled('felanmalan-gator', { sv: `  ${seeded.toUpperCase().replace(/ /g, '   ')} `, en: 'Report a fault in the streets' }));
    expect(created.status).toBe(201);
    expect(created.body.warnings).toEqual([
      {
        code: 'title-duplicate',
        language: 'sv',
        title: seeded,
        eserviceId: 'felanmalan',
        message: {
          sv: `E-tjänsten ”felanmalan” har redan titeln ”${seeded}”. Invånarna kan ha svårt att skilja två e-tjänster med samma titel åt.`,
          en: `The e-service “felanmalan” already has the title “${seeded}”. Residents may find it hard to tell two e-services with the same title apart.`,
        },
      },
    ]);
    // the designer opening it sees the same
    expect((await call(app.baseUrl, 'GET', `${base}/felanmalan-gator`)).body.warnings).toHaveLength(1);
    // and the other one names this one
    expect((await call(app.baseUrl, 'GET', `${base}/felanmalan`)).body.warnings.map((w: { eserviceId: string }) => w.eserviceId)).toEqual(['felanmalan-gator']);
  });

  it('warns when renaming onto a title, and stops when renamed away; an English title is not compared with a Swedish one', async () => {
    const created = await call(app.baseUrl, 'POST', base, titled('snorojning', { sv: 'Snöröjning', en: 'Snow clearing' }));
    expect(created.body.warnings).toEqual([]);
    const renamed = await call(app.baseUrl, 'PUT', `${base}/snorojning`, titled('snorojning', { sv: 'Snöröjning', en: 'report a fault in the STREETS' }), { 'if-match': '"1"' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.warnings.map((w: { language: string; eserviceId: string }) => [w.language, w.eserviceId])).toEqual([['en', 'felanmalan-gator']]);
    const crossed = await call(app.baseUrl, 'PUT', `${base}/snorojning`, titled('snorojning', { sv: 'Snöröjning', en: faultReport().catalogue.title.sv }), { 'if-match': '"2"' });
    expect(crossed.body.warnings).toEqual([]);
  });

  it('warns when importing, creating as well as replacing, and never refuses', async () => {
    const imported = await call(app.baseUrl, 'POST', `${base}/import`, titled('snorojning-2', { sv: 'snöröjning' }));
    expect(imported.status).toBe(201);
    expect(imported.body.warnings.map((w: { eserviceId: string }) => w.eserviceId)).toEqual(['snorojning']);
    const replaced = await call(app.baseUrl, 'POST', `${base}/import?replace=true`, titled('snorojning-2', { sv: 'Snöröjning  ' }));
    expect(replaced.status).toBe(200);
    expect(replaced.body.warnings).toHaveLength(1);
    expect((await call(app.baseUrl, 'GET', `${base}/snorojning-2`)).body.definition.catalogue.title.sv).toBe('Snöröjning  ');
  });

  it('compares only within the municipality', async () => {
    const solbacka = templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'solbacka');
    const created = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices', { ...solbacka, id: 'snorojning', catalogue: { ...solbacka.catalogue, title: { sv: 'Snöröjning' } } });
    expect(created).toMatchObject({ status: 201, body: { warnings: [] } });
  });
});
