import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAnswerValidator, EXAMPLE_ANSWERS, loadValidators, localizedForm, stepSchema, TEMPLATES, type EServiceDefinition } from '@etjanst/schemas';
import { hashForSchema } from '@rjsf/utils';
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { importValidatorModule } from './validators.js';

const base = '/api/municipalities/ekdala/eservices';
const submit = (id: string) => `${base}/${id}/versions/1/submissions`;

/** The preschool template open to anyone (so answers are sent without a login), with its conditions, formats and groups. */
function preschoolFor(id: string): EServiceDefinition {
  const template = templateFor(TEMPLATES.find((t) => t.id === 'forskoleplats')!, 'ekdala');
  const personalData = { ...template.personalData, justification: { sv: 'Testtjänst.', en: 'Test service.' } };
  return { ...template, id, access: { login: 'none' }, personalData, prefill: [], signing: { required: false }, receipt: { email: false, includeAnswers: true } };
}

const valid = EXAMPLE_ANSWERS.forskoleplats as Record<string, unknown>;
const child = valid.child as Record<string, unknown>;
/** Valid answers and answers wrong in each way the schema judges: formats, required, enum, limits, conditions, unknown fields. */
const ANSWERS: [string, Record<string, unknown>][] = [
  ['valid', valid],
  ['a wrong personnummer', { ...valid, child: { ...child, personalIdentityNumber: '20210314-2383' } }],
  ['a missing required field', Object.fromEntries(Object.entries(valid).filter(([key]) => key !== 'child'))],
  ['a wrong type', { ...valid, child: { ...child, givenName: 42 } }],
  ['an unknown field', { ...valid, favouriteColour: 'blå' }],
  ['nothing', {}],
];

describe(`answers are judged by the standalone code stored at publish (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  const published = async (definition: EServiceDefinition) => {
    expect((await call(app.baseUrl, 'POST', base, definition)).status).toBe(201);
    const response = await call(app.baseUrl, 'POST', `${base}/${definition.id}/publish`);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  };
  const storedCode = (eserviceId: string) =>
    app.database.db.selectFrom('eservice_version_validators').selectAll().where('municipality_id', '=', 'ekdala').where('eservice_id', '=', eserviceId).executeTakeFirst();
  /** Each answer's verdict over HTTP equals the verdict of the validator compiled at run time from the definition. */
  const expectJudgedAsCompiled = async (definition: EServiceDefinition) => {
    const compiled = compileAnswerValidator(definition);
    for (const [what, answers] of ANSWERS) {
      const expected = compiled(answers);
      const response = await call(app.baseUrl, 'POST', submit(definition.id), { answers });
      expect(response.status, `${what}: ${JSON.stringify(response.body)}`).toBe(expected.valid ? 201 : 422);
      if (!expected.valid) expect(response.body.errors, what).toEqual(expected.errors);
    }
  };

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('publishing stores the answers’ validator and the portal’s, per language, and submissions are judged by it as by a run-time compile', async () => {
    const definition = preschoolFor('forskola-kod');
    await published(definition);
    const stored = await storedCode(definition.id);
    expect(stored?.answers_code).toMatch(/^export default function validators\(require\)/);
    expect(Object.keys(stored?.form_code ?? {}).sort()).toEqual([...definition.languages].sort());
    expect(stored?.answers_code).not.toMatch(/new Function|eval\(/);
    await expectJudgedAsCompiled(definition);
  });

  it('a version published without stored code, or with code from other schemas, gets it generated and stored at its first use', async () => {
    const missing = preschoolFor('forskola-utan-kod');
    await published(missing);
    await app.database.db.deleteFrom('eservice_version_validators').where('eservice_id', '=', missing.id).execute();
    await expectJudgedAsCompiled(missing);
    expect((await storedCode(missing.id))?.answers_code).toMatch(/^export default function validators/);

    // code that accepts anything, stored under another fingerprint, is replaced before it judges
    const stale = preschoolFor('forskola-gammal-kod');
    await published(stale);
    const acceptsAnything = 'export default function validators() { return function validate() { return true; }; }';
    await app.database.db.updateTable('eservice_version_validators').set({ fingerprint: 'from-other-schemas', answers_code: acceptsAnything }).where('eservice_id', '=', stale.id).execute();
    await expectJudgedAsCompiled(stale);
    const replaced = await storedCode(stale.id);
    expect(replaced?.fingerprint).not.toBe('from-other-schemas');
    expect(replaced?.answers_code).not.toBe(acceptsAnything);
  });

  it('serves the portal’s step validators as an ES module with a function for each step’s schema in the language', async () => {
    const definition = preschoolFor('forskola-portal');
    await published(definition);
    const path = `${base}/${definition.id}/versions/1/form-validators/en.js`;
    const response = await fetch(`${app.baseUrl}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    const functions = loadValidators(await importValidatorModule(await response.text())) as Record<string, (data: unknown) => boolean>;
    const form = localizedForm(definition, 'en');
    for (const step of form.steps) expect(functions[hashForSchema(stepSchema(form, step))], step.id).toBeTypeOf('function');
    expect(functions[hashForSchema(stepSchema(form, form.steps[0]!))]!({}), 'the first step, unanswered').toBe(false);
    // the same module while the code is the same: the browser revalidates rather than fetches (fetch
    // would mark a conditional request no-cache unless told otherwise)
    const again = await fetch(`${app.baseUrl}${path}`, { headers: { 'if-none-match': response.headers.get('etag')!, 'cache-control': 'max-age=0' } });
    expect(again.status).toBe(304);
    expect((await fetch(`${app.baseUrl}${base}/${definition.id}/versions/1/form-validators/de.js`)).status).toBe(404);
  });
});
