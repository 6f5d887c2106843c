import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES, type EServiceDefinition } from '@etjanst/schemas';
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';

const base = '/api/municipalities/ekdala/eservices';

function newDefinition(id: string): EServiceDefinition {
  const definition = templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'ekdala');
  definition.id = id;
  return definition;
}

describe(`e-service definitions API (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  /** Rows that a refused request must leave exactly as they were. */
  const snapshot = async () => ({
    eservices: await app.database.db.selectFrom('eservices').selectAll().orderBy('municipality_id').orderBy('id').execute(),
    versions: await app.database.db.selectFrom('eservice_versions').select(['municipality_id', 'eservice_id', 'version']).orderBy('eservice_id').orderBy('version').execute(),
    audit: (await app.database.db.selectFrom('audit_log').select('id').execute()).length,
  });

  it('lists the seeded e-services of one municipality with their status', async () => {
    const { status, body } = await call(app.baseUrl, 'GET', base);
    expect(status).toBe(200);
    expect(body.items.map((i: { id: string }) => i.id).sort()).toEqual(TEMPLATES.map((t) => t.id).sort());
    expect(body.items.every((i: { status: string; publishedVersion: number }) => i.status === 'published' && i.publishedVersion === 1)).toBe(true);
  });

  it('creates a draft, saves it with optimistic locking and refuses a stale save', async () => {
    const created = await call(app.baseUrl, 'POST', base, newDefinition('parkeringstillstand'));
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ id: 'parkeringstillstand', status: 'draft', publishedVersion: null, revision: 1 });

    const edited = newDefinition('parkeringstillstand');
    edited.catalogue.title.sv = 'Ansök om parkeringstillstånd';
    const saved = await call(app.baseUrl, 'PUT', `${base}/parkeringstillstand`, edited, { 'if-match': '"1"' });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe('"2"');

    // a second designer who read revision 1 is refused, and the first designer's text stays
    const stale = newDefinition('parkeringstillstand');
    stale.catalogue.title.sv = 'Skriver över';
    const before = await snapshot();
    const refused = await call(app.baseUrl, 'PUT', `${base}/parkeringstillstand`, stale, { 'if-match': '"1"' });
    expect(refused.status).toBe(412);
    expect(refused.body).toMatchObject({ code: 'stale-revision', currentRevision: 2 });
    expect(refused.body.messages.sv.detail).toMatch(/någon annan/);
    expect(await snapshot()).toEqual(before);

    const missing = await call(app.baseUrl, 'PUT', `${base}/parkeringstillstand`, stale);
    expect(missing.status).toBe(428);
    const read = await call(app.baseUrl, 'GET', `${base}/parkeringstillstand`);
    expect(read.body.definition.catalogue.title.sv).toBe('Ansök om parkeringstillstånd');
  });

  it('publishes numbered versions that never change when the draft changes', async () => {
    await call(app.baseUrl, 'POST', base, newDefinition('cykelparkering'));
    const first = await call(app.baseUrl, 'POST', `${base}/cykelparkering/publish`);
    expect(first).toMatchObject({ status: 201, body: { version: 1 } });

    const edited = newDefinition('cykelparkering');
    edited.catalogue.title.sv = 'Ny titel';
    await call(app.baseUrl, 'PUT', `${base}/cykelparkering`, edited, { 'if-match': '"1"' });
    const v1 = await call(app.baseUrl, 'GET', `${base}/cykelparkering/versions/1`);
    expect(v1.body.definition.catalogue.title.sv).toBe(newDefinition('cykelparkering').catalogue.title.sv);
    const summary = await call(app.baseUrl, 'GET', `${base}/cykelparkering`);
    expect(summary.body).toMatchObject({ status: 'published', publishedVersion: 1, unpublishedChanges: true });

    const second = await call(app.baseUrl, 'POST', `${base}/cykelparkering/publish`);
    expect(second.body.version).toBe(2);
    const versions = await call(app.baseUrl, 'GET', `${base}/cykelparkering/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await call(app.baseUrl, 'GET', `${base}/cykelparkering/versions/1`)).body.definition.catalogue.title.sv).not.toBe('Ny titel');
    expect((await call(app.baseUrl, 'GET', `${base}/cykelparkering/versions/2`)).body.definition.catalogue.title.sv).toBe('Ny titel');

    const catalogue = await call(app.baseUrl, 'GET', '/api/municipalities/ekdala/catalogue/cykelparkering');
    expect(catalogue.body.version).toBe(2);
  });

  it('unpublishes: the e-service leaves the catalogue and can be published again', async () => {
    await call(app.baseUrl, 'POST', base, newDefinition('hundregister'));
    await call(app.baseUrl, 'POST', `${base}/hundregister/publish`);
    const unpublished = await call(app.baseUrl, 'POST', `${base}/hundregister/unpublish`);
    expect(unpublished.body).toMatchObject({ status: 'unpublished', publishedVersion: null });
    const catalogue = await call(app.baseUrl, 'GET', '/api/municipalities/ekdala/catalogue');
    expect(catalogue.body.items.map((i: { eserviceId: string }) => i.eserviceId)).not.toContain('hundregister');
    expect((await call(app.baseUrl, 'GET', '/api/municipalities/ekdala/catalogue/hundregister')).status).toBe(404);
    expect((await call(app.baseUrl, 'POST', `${base}/hundregister/unpublish`)).body.code).toBe('eservice-not-published');
    expect((await call(app.baseUrl, 'POST', `${base}/hundregister/publish`)).body.version).toBe(2);
  });

  it('exports a definition file and imports it into another municipality', async () => {
    const exported = await fetch(`${app.baseUrl}/api/municipalities/solbacka/eservices/bygglov/export?version=1`, { headers: app.administrator.headers });
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="?bygglov-v1.json"?$/);
    const file = (await exported.json()) as EServiceDefinition;
    expect(file.id).toBe('bygglov');

    const clash = await call(app.baseUrl, 'POST', `${base}/import`, templateFor(file, 'ekdala'));
    expect(clash).toMatchObject({ status: 409, body: { code: 'eservice-exists' } });

    const foreign = await call(app.baseUrl, 'POST', `${base}/import`, { ...file, id: 'bygglov-kopia' });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0]).toMatchObject({ pointer: '/owner/organisation', code: 'owner.other-municipality' });

    const copy = { ...templateFor(file, 'ekdala'), id: 'bygglov-kopia' };
    expect(await call(app.baseUrl, 'POST', `${base}/import`, copy)).toMatchObject({ status: 201, body: { id: 'bygglov-kopia', status: 'draft' } });
    copy.catalogue.title.sv = 'Bygglov (kopia)';
    const replaced = await call(app.baseUrl, 'POST', `${base}/import?replace=true`, copy);
    expect(replaced).toMatchObject({ status: 200, body: { revision: 2 } });
  });

  // a save of the draft keeps such a definition as unfinished work instead (designer-definitions.test.ts)
  describe('refuses bad definitions on create and import with a problem naming the place, and changes nothing', () => {
    const cases: Array<[string, (d: EServiceDefinition) => unknown, string, string]> = [
      ['not matching the format', (d) => ({ ...d, formatVersion: '9.9' }), '/formatVersion', 'format.const'],
      ['missing the form', ({ form: _form, ...rest }) => rest, '/form', 'format.required'],
      ['an invalid JSON Schema', (d) => ({ ...d, form: { ...d.form, schema: { ...d.form.schema, properties: { ...(d.form.schema.properties as object), location: { type: 'strng' } } } } }), '/form/schema', 'form.schema-invalid'],
      ['an unknown field in uiSchema', (d) => ({ ...d, form: { ...d.form, uiSchema: { ...d.form.uiSchema, telefon: { 'ui:widget': 'text' } } } }), '/form/uiSchema/telefon', 'ui-schema.unknown-field'],
      ['an unknown department', (d) => ({ ...d, owner: { ...d.owner, department: 'socialtjanst' } }), '/owner/department', 'owner.unknown-department'],
    ];
    it.each(cases)('%s', async (_name, breakIt, pointer, code) => {
      const before = await snapshot();
      const broken = breakIt(newDefinition('trasig'));
      for (const path of [base, `${base}/import?replace=true`]) {
        const response = await call(app.baseUrl, 'POST', path, broken, { 'accept-language': 'en' });
        expect(response.status, path).toBe(422);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ code: 'definition-invalid', status: 422, title: 'The data could not be accepted' });
        expect(response.body.errors).toContainEqual(expect.objectContaining({ pointer, code }));
        const problem = response.body.errors.find((e: { pointer: string }) => e.pointer === pointer);
        expect(problem.message.sv).toBeTruthy();
        expect(problem.message.en).toBeTruthy();
      }
      expect(await snapshot()).toEqual(before);
    });

    it('validates a definition without storing it', async () => {
      const ok = await call(app.baseUrl, 'POST', '/api/definitions/validate', newDefinition('prov'));
      expect(ok.body).toEqual({ valid: true, problems: [] });
      const bad = await call(app.baseUrl, 'POST', '/api/definitions/validate', { formatVersion: '1.0' });
      expect(bad.body.valid).toBe(false);
      expect(bad.body.problems.map((p: { pointer: string }) => p.pointer)).toContain('/form');
    });
  });

  it('answers unknown municipalities, e-services and versions with 404 problems', async () => {
    for (const path of ['/api/municipalities/nowhere/eservices', `${base}/finns-inte`, `${base}/felanmalan/versions/7`, '/api/nothing-here']) {
      const response = await call(app.baseUrl, 'GET', path, undefined, { 'accept-language': 'sv' });
      expect(response.status, path).toBe(404);
      expect(response.body).toMatchObject({ status: 404, title: 'Hittades inte', instance: path });
    }
    expect((await call(app.baseUrl, 'GET', `${base}/felanmalan/versions/abc`)).body.code).toBe('invalid-parameter');
  });
});
