import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES, type EServiceDefinition } from '@etjanst/schemas';
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';

const eservices = '/api/municipalities/solbacka/eservices';
const POINTER = '/form/schema/properties/code/pattern';

/** Solbacka's e-service `id` asking one question, `code`, whose answer must match `pattern`. */
function definitionWith(id: string, pattern: string): EServiceDefinition {
  const definition = structuredClone(templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'solbacka')) as EServiceDefinition;
  definition.id = id;
  definition.receipt = { email: false, includeAnswers: false };
  definition.form = {
    schema: { type: 'object', required: ['code'], properties: { code: { type: 'string', pattern } } },
    uiSchema: {},
    texts: { code: { label: { sv: 'Kod', en: 'Code' }, errorMessage: { sv: 'Skriv koden.', en: 'Write the code.' } } },
    steps: [{ id: 'svar', title: { sv: 'Svar', en: 'Answers' }, fields: ['code'] }],
  };
  return definition;
}

const pointersOf = (problems: Array<{ pointer: string; code: string }>) => problems.map(({ pointer, code }) => ({ pointer, code }));

describe(`patterns from definitions (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('refuses a catastrophically backtracking pattern at validation, at save and at publish, at the field', async () => {
    const catastrophic = definitionWith('monster', '^(a+)+$');
    const validated = await call(app.baseUrl, 'POST', '/api/definitions/validate', catastrophic);
    expect(validated.body.valid).toBe(false);
    expect(pointersOf(validated.body.problems)).toEqual([{ pointer: POINTER, code: 'field.pattern-catastrophic' }]);

    const created = await call(app.baseUrl, 'POST', eservices, definitionWith('monster', '^[a-z]+$'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // a save keeps the draft as unfinished work with its findings; publishing it is refused
    const saved = await call(app.baseUrl, 'PUT', `${eservices}/monster`, catastrophic, { 'if-match': '"1"' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const draftValidated = await call(app.baseUrl, 'POST', `${eservices}/monster/validate`);
    expect(pointersOf(draftValidated.body.problems)).toEqual([{ pointer: POINTER, code: 'field.pattern-catastrophic' }]);
    const published = await call(app.baseUrl, 'POST', `${eservices}/monster/publish`);
    expect(published.status).toBe(422);
    expect(pointersOf(published.body.errors)).toEqual([{ pointer: POINTER, code: 'field.pattern-catastrophic' }]);
  });

  it('refuses a lookahead, which the server’s engine (RE2) cannot run, at the field', async () => {
    const validated = await call(app.baseUrl, 'POST', '/api/definitions/validate', definitionWith('lookahead', '^(?=.*\\d).{8,}$'));
    expect(pointersOf(validated.body.problems)).toEqual([{ pointer: POINTER, code: 'field.pattern-not-linear' }]);
  });

  it('judges a long adversarial answer to a quadratic pattern at once (native backtracking would take minutes)', async () => {
    // recheck finds `^(.*a){2}$` only quadratic, so it may be published; on 300 000 characters
    // native RegExp takes minutes (30 000 take seconds), RE2 milliseconds
    const created = await call(app.baseUrl, 'POST', eservices, definitionWith('kvadratisk', '^(.*a){2}$'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const published = await call(app.baseUrl, 'POST', `${eservices}/kvadratisk/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const submissions = `${eservices}/kvadratisk/versions/${published.body.version}/submissions`;

    const adversarial = await call(app.baseUrl, 'POST', submissions, { answers: { code: 'a'.repeat(300_000) + '!' } });
    expect(adversarial.status).toBe(422);
    expect(adversarial.body.errors.map((e: { pointer: string; keyword: string }) => [e.pointer, e.keyword])).toEqual([['/code', 'pattern']]);
    expect((await call(app.baseUrl, 'POST', submissions, { answers: { code: 'banana' } })).status).toBe(201);
  });
});
