import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleForm, fieldPalette, readFieldProperties, registeredExtensions, TEMPLATES, type EServiceDefinition } from '@etjanst/schemas';
import { loadConfig } from '../config.js';
import { fastCheck } from '../checks/full-check.js';
import { templateFor } from '../demo/seed.js';
import { publishEService } from '../eservices/operations.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { loadExtensions } from './loader.js';

const EXAMPLE = '@etjanst/extension-fastighetsbeteckning';
const base = '/api/municipalities/ekdala/eservices';

/** A definition with the extension's field, as the designer makes it (the schema is written out so it exists before loading). */
function withPropertyField(id: string): EServiceDefinition {
  const definition = templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'ekdala');
  definition.id = id;
  definition.form = {
    schema: { type: 'object', properties: { property: { type: 'string', format: 'fastighetsbeteckning' } }, required: ['property'] },
    uiSchema: { property: { 'ui:widget': 'fastighetsbeteckning' } },
    texts: {
      property: {
        label: { sv: 'Fastighet', en: 'Property' },
        errorMessage: { sv: 'Skriv fastighetsbeteckningen, till exempel Ekdala Eken 4:12.', en: 'Enter the property designation, for example Ekdala Eken 4:12.' },
      },
    },
    steps: [{ id: 'fastighet', title: { sv: 'Fastighet', en: 'Property' }, fields: ['property'] }],
  };
  definition.receipt = { email: false, includeAnswers: true };
  return definition;
}

describe(`a municipality's own field type, loaded by configuration (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('without the extension a definition using its format is refused', async () => {
    const refused = await call(app.baseUrl, 'POST', base, withPropertyField('utan-tillagg'));
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({ pointer: '/form/schema', code: 'form.schema-not-compilable' });
  });

  it('EXTENSIONS names the packages; loading registers the field type and the server validates its format', async () => {
    const config = loadConfig({ EXTENSIONS: ` ${EXAMPLE} ` });
    expect(config.extensions).toEqual([EXAMPLE]);
    const loaded = await loadExtensions(config.extensions);
    expect(loaded.map((e) => e.extension.id)).toEqual(['fastighetsbeteckning']);
    expect(fieldPalette().map((p) => p.typeId)).toContain('fastighetsbeteckning');

    // the designer builds it from the catalogue like any other field
    const definition = withPropertyField('med-tillagg');
    const { form } = assembleForm([
      {
        id: 'fastighet',
        title: { sv: 'Fastighet', en: 'Property' },
        fields: [{ key: 'property', typeId: 'fastighetsbeteckning', properties: { label: definition.form.texts.property!.label, errorMessage: definition.form.texts.property!.errorMessage, required: true } }],
      },
    ]);
    expect(form.schema).toEqual(definition.form.schema);
    expect(readFieldProperties({ ...definition, form }, 'property')?.typeId).toBe('fastighetsbeteckning');

    expect((await call(app.baseUrl, 'POST', base, { ...definition, form })).status).toBe(201);
    // the built client here has no extensions: the publish gate's scan cannot show the field and says so
    const gate = await call(app.baseUrl, 'POST', `${base}/med-tillagg/publish`);
    expect(gate.status).toBe(422);
    expect(gate.body.report.scan.violations).toEqual([expect.objectContaining({ rule: 'step-not-rendered', step: 'fastighet' })]);
    // what this test is about is the server's validation: published past the scan (the portal with
    // the widget, and its publishing, are in test/e2e/extension-widget.test.ts)
    await publishEService({ db: app.database.db, municipalityId: 'ekdala', actor: 'test' }, 'med-tillagg', fastCheck);
    const submit = `${base}/med-tillagg/versions/1/submissions`;
    expect((await call(app.baseUrl, 'POST', submit, { answers: { property: 'Ekdala Eken 4:12' } })).status).toBe(201);
    const refused = await call(app.baseUrl, 'POST', submit, { answers: { property: 'Eken 4' } });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'property', keyword: 'format', message: definition.form.texts.property!.errorMessage })]);
  });

  it('a configured package that is missing, exports nothing or collides stops the start with its name', async () => {
    await expect(loadExtensions(['@etjanst/finns-inte'])).rejects.toThrow(/"@etjanst\/finns-inte".*cannot be loaded/);
    await expect(loadExtensions(['tom'], async () => ({}))).rejects.toThrow(/"tom".*exports no "extension"/);
    const clash = { extension: { id: 'annan', formats: { personnummer: () => true } } };
    await expect(loadExtensions(['krock'], async () => clash)).rejects.toThrow(/format "personnummer" already exists/);
    expect(() => loadConfig({ EXTENSIONS: 'ok-name,Not A Package' })).toThrow(/EXTENSIONS must list npm package names.*"Not A Package"/);
    expect(registeredExtensions().map((e) => e.id)).toEqual(['fastighetsbeteckning']);
  });
});
