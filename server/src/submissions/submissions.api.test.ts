import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES, type EServiceDefinition } from '@etjanst/schemas';
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';

const eservices = '/api/municipalities/solbacka/eservices';
const submit = (eserviceId: string, version: number) => `${eservices}/${eserviceId}/versions/${version}/submissions`;
const validFaultReport = { category: 'lighting', location: 'Storgatan 12', description: 'Gatlampan har varit släckt i en vecka.', wantsAnswer: false };

describe(`submissions API (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ bodyLimitBytes: 8192 });
  });
  afterAll(async () => app?.close());

  const submissionCount = async () => (await app.database.db.selectFrom('submissions').select('id').execute()).length;

  it('stores valid answers and returns a receipt number from the municipality’s series', async () => {
    const first = await call(app.baseUrl, 'POST', submit('felanmalan', 1), { answers: validFaultReport, language: 'sv' });
    expect(first.status).toBe(201);
    expect(first.body.receiptNumber).toMatch(new RegExp(`^SOL-${new Date().getFullYear()}-\\d{6}$`));
    const second = await call(app.baseUrl, 'POST', submit('felanmalan', 1), { answers: validFaultReport });
    const number = (r: string) => Number(r.split('-')[2]);
    expect(number(second.body.receiptNumber)).toBe(number(first.body.receiptNumber) + 1);

    const row = await app.database.db.selectFrom('submissions').selectAll().where('id', '=', first.body.submissionId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ municipality_id: 'solbacka', eservice_id: 'felanmalan', version: 1, receipt_number: first.body.receiptNumber, answers: validFaultReport, language: 'sv' });
    const audit = await app.database.db.selectFrom('audit_log').selectAll().where('subject_id', '=', first.body.submissionId).execute();
    expect(audit.map((a) => a.action)).toEqual(['submission.received']);
  });

  it('refuses invalid answers with field errors in Swedish and English and stores nothing', async () => {
    const before = await submissionCount();
    const response = await call(app.baseUrl, 'POST', submit('felanmalan', 1), { answers: { ...validFaultReport, description: 'kort', wantsAnswer: true, email: 'inte-en-adress' } }, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'answers-invalid', detail: 'Some answers need correcting.' });
    const byField = Object.fromEntries(response.body.errors.map((e: { field: string; message: unknown }) => [e.field, e.message]));
    expect(Object.keys(byField).sort()).toEqual(['description', 'email']);
    expect(byField.email).toEqual({ sv: expect.stringMatching(/e-postadress/), en: expect.stringMatching(/e-mail address/) });
    expect(JSON.stringify(response.body.errors)).not.toMatch(/must have|must match|must be/);
    expect(await submissionCount()).toBe(before);
  });

  it('keeps a submission tied to its version after a new version is published', async () => {
    const ctxPath = `${eservices}/felanmalan`;
    const v2 = structuredClone(templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'solbacka')) as EServiceDefinition;
    (v2.form.schema.properties as Record<string, unknown>).district = { type: 'string', enum: ['norr', 'syd'] };
    (v2.form.schema.required as string[]).push('district');
    v2.form.texts.district = {
      label: { sv: 'Stadsdel', en: 'District' },
      errorMessage: { sv: 'Välj stadsdel.', en: 'Choose a district.' },
      options: { norr: { sv: 'Norr', en: 'North' }, syd: { sv: 'Syd', en: 'South' } },
    };
    v2.form.steps[0]!.fields.push('district');
    const draft = await call(app.baseUrl, 'GET', ctxPath);
    expect((await call(app.baseUrl, 'PUT', ctxPath, v2, { 'if-match': draft.headers.get('etag')! })).status).toBe(200);
    // asked for before it exists: not found, and not remembered as such (published versions are kept in memory)
    expect((await call(app.baseUrl, 'POST', submit('felanmalan', 2), { answers: validFaultReport })).status).toBe(404);
    expect((await call(app.baseUrl, 'POST', `${ctxPath}/publish`)).body.version).toBe(2);

    // version 1 still takes the old answers (a citizen who started before publishing) ...
    const old = await call(app.baseUrl, 'POST', submit('felanmalan', 1), { answers: validFaultReport });
    expect(old.status).toBe(201);
    // ... and version 2 asks for the new field
    const missing = await call(app.baseUrl, 'POST', submit('felanmalan', 2), { answers: validFaultReport });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['district']);
    const ok = await call(app.baseUrl, 'POST', submit('felanmalan', 2), { answers: { ...validFaultReport, district: 'syd' } });
    expect(ok.status).toBe(201);

    const rows = await app.database.db.selectFrom('submissions').select(['id', 'version']).where('id', 'in', [old.body.submissionId, ok.body.submissionId]).execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.version]))).toEqual({ [old.body.submissionId]: 1, [ok.body.submissionId]: 2 });
    const v1 = await call(app.baseUrl, 'GET', `${ctxPath}/versions/1`);
    expect(v1.body.definition.form.schema.properties.district).toBeUndefined();
  });

  it('refuses an unticked consent at its field: a required consent must be true', async () => {
    const definition = structuredClone(templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'solbacka')) as EServiceDefinition;
    definition.id = 'felanmalan-intygad';
    (definition.form.schema.properties as Record<string, unknown>).consent = { type: 'boolean', const: true };
    (definition.form.schema.required as string[]).push('consent');
    definition.form.texts.consent = {
      label: { sv: 'Jag intygar att uppgifterna stämmer', en: 'I confirm that the information is correct' },
      errorMessage: { sv: 'Kryssa i rutan för att intyga.', en: 'Tick the box to confirm.' },
    };
    definition.form.steps.at(-1)!.fields.push('consent');
    expect((await call(app.baseUrl, 'POST', eservices, definition)).status).toBe(201);
    const published = await call(app.baseUrl, 'POST', `${eservices}/felanmalan-intygad/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const path = submit('felanmalan-intygad', published.body.version);
    const before = await submissionCount();
    for (const consent of [false, undefined]) {
      const response = await call(app.baseUrl, 'POST', path, { answers: { ...validFaultReport, consent } });
      expect(response.status).toBe(422);
      expect(response.body.errors.map((e: { pointer: string; message: unknown }) => [e.pointer, e.message])).toEqual([['/consent', { sv: 'Kryssa i rutan för att intyga.', en: 'Tick the box to confirm.' }]]);
    }
    expect(await submissionCount()).toBe(before);
    expect((await call(app.baseUrl, 'POST', path, { answers: { ...validFaultReport, consent: true } })).status).toBe(201);
  });

  it('refuses unknown and unpublished versions', async () => {
    expect((await call(app.baseUrl, 'POST', submit('felanmalan', 99), { answers: validFaultReport })).status).toBe(404);
    expect((await call(app.baseUrl, 'POST', submit('finns-inte', 1), { answers: validFaultReport })).status).toBe(404);
    expect((await call(app.baseUrl, 'POST', '/api/municipalities/ingenstans/eservices/felanmalan/versions/1/submissions', { answers: validFaultReport })).status).toBe(404);
    expect((await call(app.baseUrl, 'POST', submit('felanmalan', 0), { answers: validFaultReport })).body.code).toBe('invalid-parameter');

    // a version the server has in memory is still closed by unpublishing: the e-service's state is read every time
    expect((await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/eservices/felanmalan/versions/1/submissions', { answers: validFaultReport })).status).toBe(201);
    const before = await submissionCount();
    await call(app.baseUrl, 'POST', `/api/municipalities/ekdala/eservices/felanmalan/unpublish`);
    const closed = await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/eservices/felanmalan/versions/1/submissions', { answers: validFaultReport });
    expect(closed).toMatchObject({ status: 409, body: { code: 'eservice-not-published' } });
    expect(await submissionCount()).toBe(before);
  });

  it('asks for e-ID login where the e-service requires it, and stores nothing', async () => {
    const before = await submissionCount();
    const response = await call(app.baseUrl, 'POST', submit('forskoleplats', 1), { answers: {} });
    expect(response).toMatchObject({ status: 401, body: { code: 'login-required' } });
    expect(response.body.messages.sv.detail).toMatch(/e-legitimation/);
    expect(await submissionCount()).toBe(before);
  });

  describe('bad requests get problem+json and leave the database unchanged', () => {
    const cases: Array<[string, string | object, Record<string, string>, number, string]> = [
      ['malformed JSON', '{"answers": {', {}, 400, 'malformed-json'],
      ['an oversized body', JSON.stringify({ answers: { ...validFaultReport, description: 'x'.repeat(10_000) } }), {}, 413, 'payload-too-large'],
      ['a body that is not JSON', 'category=street', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupported-media-type'],
      ['no answers', { language: 'sv' }, {}, 400, 'submission-malformed'],
      ['an array instead of an object', [validFaultReport], {}, 400, 'submission-malformed'],
      ['answers that are not an object', { answers: 'hello' }, {}, 422, 'answers-invalid'],
      ['an unknown language', { answers: validFaultReport, language: 'de' }, {}, 400, 'language-unsupported'],
      ['answers nested 2 000 deep (a 4 KB body)', `{"answers":{"location":${'['.repeat(2000)}${']'.repeat(2000)}}}`, {}, 422, 'answers-too-deep'],
    ];
    it.each(cases)('%s', async (_name, body, headers, status, code) => {
      const before = await submissionCount();
      const response = await call(app.baseUrl, 'POST', submit('felanmalan', 2), body, headers);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ code, status, messages: { sv: { title: expect.any(String) }, en: { title: expect.any(String) } } });
      expect(await submissionCount()).toBe(before);
    });
  });

  describe('answers are accepted exactly when the form\'s schema accepts them', () => {
    // one field per defect found: a `not`, a oneOf, a declared additionalProperties, prototype names
    const fields: Array<[string, unknown]> = [
      ['username', { type: 'string', not: { enum: ['admin', 'root'] } }],
      // the portal draws a oneOf of constants as a choice; "s" matches two of them
      ['size', { type: 'string', oneOf: [{ const: 's', title: 'Liten' }, { enum: ['s'], title: 'Liten (igen)' }, { const: 'm', title: 'Mellan' }] }],
      ['extra', { type: 'object', properties: { note: { type: 'string' } }, additionalProperties: { type: 'string' } }],
      ['__proto__', { type: 'string', minLength: 2 }],
      ['constructor', { type: 'string', minLength: 2 }],
    ];
    const names = fields.map(([name]) => name);
    let path = '';
    const post = (answers: string) => call(app.baseUrl, 'POST', path, `{"answers":${answers}}`);
    const valid = '{"username":"anna","size":"m","extra":{"note":"n","colour":"blå"},"__proto__":"ok","constructor":"ok"}';

    beforeAll(async () => {
      const definition = structuredClone(templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'solbacka')) as EServiceDefinition;
      definition.id = 'exakta-svar';
      definition.receipt = { email: false, includeAnswers: false };
      // JSON, as the API takes it: `__proto__` is an own member, not the prototype
      definition.form = JSON.parse(
        JSON.stringify({
          schema: { type: 'object', properties: Object.fromEntries(fields) },
          uiSchema: {},
          texts: Object.fromEntries([...names, 'extra.note'].map((name) => [name, { label: { sv: `Fält ${name}`, en: `Field ${name}` } }])),
          steps: [{ id: 'svar', title: { sv: 'Svar', en: 'Answers' }, fields: names }],
        }),
      );
      expect(Object.keys(definition.form.schema.properties as object)).toContain('__proto__');
      const created = await call(app.baseUrl, 'POST', eservices, JSON.stringify(definition));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const published = await call(app.baseUrl, 'POST', `${eservices}/exakta-svar/publish`);
      expect(published.status, JSON.stringify(published.body)).toBe(201);
      path = submit('exakta-svar', published.body.version);
    });

    const refusal = async (answers: string) => {
      const response = await post(answers);
      expect(response.status, JSON.stringify(response.body)).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      return (response.body.errors as Array<{ pointer: string; keyword: string; message: { sv: string; en: string } }>).map((e) => [e.pointer, e.keyword, e.message.sv, e.message.en]);
    };

    it('stores valid answers, with the fields named like prototype members as they were sent', async () => {
      const response = await post(valid);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const row = await app.database.db.selectFrom('submissions').select('answers').where('id', '=', response.body.submissionId).executeTakeFirstOrThrow();
      const members = (answers: unknown) => Object.entries(answers as object).sort(([a], [b]) => a.localeCompare(b));
      expect(members(row.answers)).toEqual(members(JSON.parse(valid)));
      expect(members(row.answers).map(([name]) => name)).toContain('__proto__');
    });

    it('enforces `not`', async () => {
      expect(await refusal('{"username":"admin"}')).toEqual([['/username', 'not', 'Svaret på ”Fält username” är inte tillåtet.', 'The answer to “Field username” is not allowed.']]);
    });

    it('refuses a oneOf that two alternatives match', async () => {
      expect(await refusal('{"size":"s"}')).toEqual([
        ['/size', 'oneOf', 'Svaret på ”Fält size” passar in på flera alternativ men får bara passa ett.', 'The answer to “Field size” fits several alternatives but may fit only one.'],
      ]);
    });

    it('lets a declared additionalProperties decide, and refuses what the form does not ask', async () => {
      expect(await refusal('{"extra":{"colour":1},"isAdmin":true}')).toEqual([
        ['/extra/colour', 'type', '”extra.colour” har fel sorts värde.', '“extra.colour” has the wrong kind of value.'],
        ['/isAdmin', 'additionalProperties', 'Formuläret frågar inte efter ”isAdmin”.', 'The form does not ask for “isAdmin”.'],
      ]);
    });

    it('validates fields named __proto__ and constructor like any other', async () => {
      expect(await refusal('{"__proto__":"x","constructor":"y"}')).toEqual([
        ['/__proto__', 'minLength', '”Fält __proto__” ska ha minst 2 tecken.', '“Field __proto__” must have at least 2 characters.'],
        ['/constructor', 'minLength', '”Fält constructor” ska ha minst 2 tecken.', '“Field constructor” must have at least 2 characters.'],
      ]);
    });
  });
});
