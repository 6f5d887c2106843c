import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyFieldConditions,
  assembleForm,
  newField,
  TEMPLATES,
  type ChildField,
  type EServiceDefinition,
  type FieldProperties,
} from '@etjanst/schemas';
import { MAX_DRAFT_DEPTH } from './unfinished.js';
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { signInStaff } from '../test-support/staff.js';

const base = '/api/municipalities/ekdala/eservices';
const submit = (id: string) => `${base}/${id}/versions/1/submissions`;

const field = (key: string, typeId: ChildField['typeId'], properties: Partial<FieldProperties> = {}): ChildField => ({
  key,
  typeId,
  properties: { ...newField(typeId, key).properties, ...properties },
});

/** One e-service made with the field catalogue, as the designer makes it: every answer type on two steps (a new question starts required; the photo and the calculated values are marked optional). */
function catalogueEService(id: string, mutate: (d: EServiceDefinition) => void = () => undefined): EServiceDefinition {
  const { form } = assembleForm([
    {
      id: 'fragor',
      title: { sv: 'Frågor', en: 'Questions' },
      fields: [
        field('intro', 'information'),
        field('name', 'short-text', { required: true, pattern: { preset: 'letters' } }),
        field('story', 'long-text', { minLength: 5 }),
        field('hours', 'number', { minimum: 1, maximum: 50 }),
        field('email', 'email'),
        field('phone', 'phone'),
        field('pnr', 'personnummer'),
        field('orgnr', 'organisationsnummer'),
        field('zip', 'postal-code'),
      ],
    },
    {
      id: 'mer',
      title: { sv: 'Mer om dig', en: 'More about you' },
      fields: [
        field('start', 'date'),
        field('period', 'date-range'),
        field('school', 'single-choice'),
        field('wishes', 'multiple-choice'),
        field('hasPet', 'yes-no', { required: false }),
        field('pet', 'short-text', { label: { sv: 'Vilket djur?', en: 'Which animal?' }, required: true }),
      ],
    },
    {
      id: 'hushall',
      title: { sv: 'Hushållet', en: 'The household' },
      fields: [
        field('photo', 'file-upload', { required: false }),
        field('address', 'address', { required: false }),
        field('children', 'repeating-group', {
          minItems: 0,
          children: [field('childName', 'short-text', { required: true }), field('childPnr', 'personnummer', { required: true })],
        }),
        field('rows', 'number', { label: { sv: 'Antal barn', en: 'Number of children' }, required: false }),
        field('fee', 'number', { label: { sv: 'Avgift', en: 'Fee' }, required: false }),
      ],
    },
    { id: 'samtycke', title: { sv: 'Samtycke', en: 'Consent' }, fields: [field('consent', 'consent')] },
  ]);
  form.schema = applyFieldConditions(form.schema, [{ target: 'pet', when: { field: 'hasPet', operator: 'is', value: true } }]);
  form.calculations = [
    { field: 'rows', formula: { kind: 'count', field: 'children' } },
    { field: 'fee', formula: { kind: 'multiply', factors: ['rows', 250] } },
  ];
  const base = templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'ekdala');
  // anonymous like the fault report, so the personal data it asks for every type of is justified (must-requirement SK-GDPR-001)
  const personalData = { ...base.personalData, justification: { sv: 'Testtjänst för alla fälttyper.', en: 'Test service for every field type.' } };
  const definition: EServiceDefinition = { ...base, id, form, personalData, prefill: [], receipt: { email: false, includeAnswers: true } };
  mutate(definition);
  return definition;
}

const VALID = {
  name: 'Åsa Öberg',
  story: 'Det var en gång',
  hours: 12.5,
  email: 'asa@example.se',
  phone: '08-123 456 78',
  pnr: '19811218-9876',
  orgnr: '556036-0793',
  zip: '123 45',
  start: '2026-08-01',
  period: { from: '2026-08-01', to: '2026-12-20' },
  school: 'alternativ-1',
  wishes: ['alternativ-1', 'alternativ-2'],
  hasPet: true,
  pet: 'Katt',
  address: { street: 'Storgatan 1', postalCode: '123 45', city: 'Ekdala' },
  children: [{ childName: 'Bo', childPnr: '20220301-1230' }],
  consent: true,
};

describe(`definitions made with the field catalogue (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    const created = await call(app.baseUrl, 'POST', base, catalogueEService('katalog'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const published = await call(app.baseUrl, 'POST', `${base}/katalog/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
  });
  afterAll(async () => app?.close());

  it('accepts valid answers to every field type and stores the calculated values the server computes', async () => {
    const response = await call(app.baseUrl, 'POST', submit('katalog'), { answers: { ...VALID, rows: 7, fee: 1 } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const row = await app.database.db.selectFrom('submissions').select('answers').where('id', '=', response.body.submissionId).executeTakeFirstOrThrow();
    // the tampered rows/fee are overwritten: 1 child, 250 kr
    expect(row.answers).toEqual({ ...VALID, rows: 1, fee: 250 });
  });

  const INVALID: [string, unknown][] = [
    ['name', 'R2D2'],
    ['story', 'kort'],
    ['hours', 51],
    ['email', 'asa@'],
    ['phone', 'ring mig'],
    ['pnr', '19811218-9875'],
    ['orgnr', '556036-0794'],
    ['zip', '023 45'],
    ['start', '2026-02-30'],
    ['period', { from: '2026-08-01' }],
    ['school', 'alternativ-9'],
    ['wishes', ['alternativ-1', 'alternativ-1']],
    ['hasPet', 'ja'], // pet is then hidden as well as answered: both are named
    ['photo', 'fil.pdf'],
    ['address', { street: 'Storgatan 1', postalCode: '123 45' }],
    ['children', [{ childName: 'Bo', childPnr: '20220301-1231' }]],
    ['consent', false],
    ['intro', 'ett svar'],
  ];
  for (const [key, value] of INVALID) {
    it(`refuses an invalid ${key} with problem+json naming the field`, async () => {
      const response = await call(app.baseUrl, 'POST', submit('katalog'), { answers: { ...VALID, [key]: value } });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('answers-invalid');
      expect(response.body.errors[0].field.split('.')[0]).toBe(key);
      expect(response.body.errors.map((e: { field: string }) => e.field.split('.')[0])).toEqual(key === 'hasPet' ? ['hasPet', 'pet'] : [key]);
    });
  }

  it('a field a condition hides is neither required nor accepted', async () => {
    const { pet: _pet, ...withoutPet } = VALID;
    expect((await call(app.baseUrl, 'POST', submit('katalog'), { answers: { ...withoutPet, hasPet: false } })).status).toBe(201);
    const hidden = await call(app.baseUrl, 'POST', submit('katalog'), { answers: { ...VALID, hasPet: false } });
    expect(hidden.status).toBe(422);
    expect(hidden.body.errors).toEqual([expect.objectContaining({ pointer: '/pet', keyword: 'hidden' })]);
    const missing = await call(app.baseUrl, 'POST', submit('katalog'), { answers: withoutPet });
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'pet', keyword: 'required' })]);
  });

  it('a step shown only on a condition: its fields are required when shown and refused when hidden', async () => {
    const definition = catalogueEService('villkorat-steg', (d) => {
      d.form.steps.at(-1)!.showWhen = { field: 'school', operator: 'is', value: 'alternativ-2' };
    });
    expect((await call(app.baseUrl, 'POST', base, definition)).status).toBe(201);
    expect((await call(app.baseUrl, 'POST', `${base}/villkorat-steg/publish`)).status).toBe(201);
    const { consent: _consent, ...withoutConsent } = VALID;
    expect((await call(app.baseUrl, 'POST', submit('villkorat-steg'), { answers: withoutConsent })).status).toBe(201);
    const refused = await call(app.baseUrl, 'POST', submit('villkorat-steg'), { answers: VALID });
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: '/consent', keyword: 'hidden' })]);
    const shown = await call(app.baseUrl, 'POST', submit('villkorat-steg'), { answers: { ...withoutConsent, school: 'alternativ-2' } });
    expect(shown.body.errors).toEqual([expect.objectContaining({ field: 'consent', keyword: 'required' })]);
  });
});

describe(`the definition API: refused on create, kept unfinished with its findings on save (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  const CASES: [string, (d: EServiceDefinition) => void, { pointer: string; code: string; names: string | { sv: string; en: string } }][] = [
    ['an empty label', (d) => (d.form.texts.name!.label.sv = ''), { pointer: '/form/texts/name/label/sv', code: 'texts.empty-label', names: 'name' }],
    ['a label of spaces', (d) => (d.form.texts.story!.label.en = '  '), { pointer: '/form/texts/story/label/en', code: 'texts.empty-label', names: 'story' }],
    ['a condition on a deleted field', (d) => {
      delete (d.form.schema.properties as Record<string, unknown>).hasPet;
      delete d.form.texts.hasPet;
      delete d.form.fields!.hasPet;
      delete d.form.uiSchema.hasPet;
      d.form.steps[1]!.fields = d.form.steps[1]!.fields.filter((f) => f !== 'hasPet');
    }, { pointer: '/form/schema/allOf/0', code: 'reference.unknown-field', names: 'hasPet' }],
    ['an invalid regular expression', (d) => ((d.form.schema.properties as Record<string, { pattern?: string }>).name!.pattern = '(unclosed'), { pointer: '/form/schema/properties/name/pattern', code: 'field.invalid-pattern', names: 'name' }],
    ['an empty file type list', (d) => ((d.form.uiSchema.photo as { 'ui:options': { accept: string[] } })['ui:options'].accept = []), { pointer: '/form/uiSchema/photo/ui:options/accept', code: 'field.no-file-types', names: 'Bifoga fil' }],
    ['a calculation on a deleted field', (d) => (d.form.calculations![0]!.formula = { kind: 'count', field: 'pets' }), { pointer: '/form/calculations/0/formula/field', code: 'reference.unknown-field', names: 'pets' }],
    ['a step condition on a later field', (d) => (d.form.steps[0]!.showWhen = { field: 'consent', operator: 'is', value: true }), { pointer: '/form/steps/0/showWhen/field', code: 'steps.condition-not-earlier', names: { sv: 'Jag intygar att uppgifterna stämmer', en: 'I confirm that the information is correct' } }],
    ['two steps with one id', (d) => (d.form.steps[1]!.id = 'fragor'), { pointer: '/form/steps/1/id', code: 'steps.duplicate-id', names: 'fragor' }],
  ];
  CASES.forEach(([what, mutate, expected], i) => {
    it(`${what}: refused on create, saved unfinished and read back on save`, async () => {
      const id = `fel-${i}`;
      const created = await call(app.baseUrl, 'POST', base, catalogueEService(id, mutate), { 'accept-language': 'en' });
      expect(created.status).toBe(422);
      expect(created.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(created.body.code).toBe('definition-invalid');
      // the field by its label in each language where the message names it so
      const names = typeof expected.names === 'string' ? { sv: expected.names, en: expected.names } : expected.names;
      const finding = expect.objectContaining({ pointer: expected.pointer, code: expected.code, message: { sv: expect.stringContaining(names.sv), en: expect.stringContaining(names.en) } });
      expect(created.body.errors).toEqual([finding]);

      expect((await call(app.baseUrl, 'POST', base, catalogueEService(id))).status).toBe(201);
      const unfinished = catalogueEService(id, mutate);
      const saved = await call(app.baseUrl, 'PUT', `${base}/${id}`, unfinished, { 'if-match': '"1"' });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect(saved.headers.get('etag')).toBe('"2"');
      expect(saved.body).toMatchObject({ revision: 2, unfinished: true, problems: [finding] });
      const read = await call(app.baseUrl, 'GET', `${base}/${id}`);
      expect(read.headers.get('etag')).toBe('"2"');
      expect(read.body).toMatchObject({ revision: 2, unfinished: true, problems: [finding] });
      expect(read.body.definition).toEqual(unfinished);
    });
  });
  /** Reads a draft: its definition and the ETag to save over it with. */
  const draftOf = async (id: string) => {
    const read = await call(app.baseUrl, 'GET', `${base}/${id}`);
    return { definition: read.body.definition as EServiceDefinition, etag: read.headers.get('etag')! };
  };
  const rowOf = (id: string) => app.database.db.selectFrom('eservices').selectAll().where('municipality_id', '=', 'ekdala').where('id', '=', id).executeTakeFirstOrThrow();
  const emptyFirstLabel = (d: EServiceDefinition) => {
    const first = Object.keys(d.form.texts)[0]!;
    d.form.texts[first]!.label.sv = '';
    return first;
  };

  it('refuses review and publishing of an unfinished draft, naming its findings in both languages; valid again, it goes through', async () => {
    const { definition: valid, etag } = await draftOf('felanmalan');
    const unfinished = structuredClone(valid);
    const field = emptyFirstLabel(unfinished);
    const saved = await call(app.baseUrl, 'PUT', `${base}/felanmalan`, unfinished, { 'if-match': etag });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ unfinished: true, problems: [expect.objectContaining({ code: 'texts.empty-label' })] });
    const listed = (await call(app.baseUrl, 'GET', base)).body.items.find((i: { id: string }) => i.id === 'felanmalan');
    // the list keeps the last valid draft's title and department
    expect(listed).toMatchObject({ unfinished: true, title: valid.catalogue.title, departmentId: valid.owner.department });

    for (const [path, sv, en] of [
      ['reviews', 'kan inte skickas på granskning', 'cannot be sent for review'],
      ['publish', 'kan inte publiceras', 'cannot be published'],
    ] as const) {
      const refused = await call(app.baseUrl, 'POST', `${base}/felanmalan/${path}`);
      expect(refused.status, path).toBe(422);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({
        code: 'draft-invalid',
        messages: { sv: { title: 'Utkastet har fel', detail: `Utkastet ${sv} förrän det är giltigt: ett fel att rätta.` }, en: { title: 'The draft has errors', detail: `The draft ${en} until it is valid: one error to fix.` } },
      });
      expect(refused.body.errors).toEqual([
        { pointer: `/form/texts/${field}/label/sv`, code: 'texts.empty-label', message: { sv: `Fältet ”${field}” har en tom etikett.`, en: `The field “${field}” has an empty label.` } },
      ]);
    }
    expect(await app.database.db.selectFrom('eservice_reviews').select('id').where('eservice_id', '=', 'felanmalan').execute()).toEqual([]);
    expect((await call(app.baseUrl, 'GET', `${base}/felanmalan/versions`)).body.items).toHaveLength(1);

    const fixed = await call(app.baseUrl, 'PUT', `${base}/felanmalan`, valid, { 'if-match': saved.headers.get('etag')! });
    expect(fixed.body).toMatchObject({ unfinished: false, problems: [] });
    const sent = await call(app.baseUrl, 'POST', `${base}/felanmalan/reviews`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const published = await call(app.baseUrl, 'POST', `${base}/felanmalan/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body.version).toBe(2);
  }, 120_000);

  it('keeps any text typed as typed, NUL and a lone surrogate too', async () => {
    const { definition, etag } = await draftOf('bygglov');
    const field = emptyFirstLabel(definition);
    definition.form.texts[field]!.label.en = 'a\u0000b\ud800c';
    const saved = await call(app.baseUrl, 'PUT', `${base}/bygglov`, definition, { 'if-match': etag });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await draftOf('bygglov')).definition).toEqual(definition);
  });

  it('refuses what the designer could not open, a draft nested too deep, another id or one over the body limit, and changes nothing', async () => {
    const before = await rowOf('forskoleplats');
    const { definition, etag } = await draftOf('forskoleplats');
    emptyFirstLabel(definition);
    let deep: unknown = 'botten';
    for (let level = 0; level < MAX_DRAFT_DEPTH; level++) deep = [deep];
    const { form: _form, ...formless } = definition;
    const refusals: [string, unknown, number, string, string?][] = [
      ['not an object', [definition], 422, 'draft-not-storable', ''],
      ['without its form', formless, 422, 'draft-not-storable', '/form'],
      ['without steps', { ...definition, form: { ...definition.form, steps: [] } }, 422, 'draft-not-storable', '/form/steps'],
      ['nested too deep', { ...definition, catalogue: { ...definition.catalogue, deep } }, 422, 'draft-not-storable', ''],
      ['of another e-service', { ...definition, id: 'bygglov' }, 422, 'definition-id-mismatch'],
      ['over the body limit', { ...definition, catalogue: { ...definition.catalogue, summary: { sv: 'x'.repeat(1024 * 1024) } } }, 413, 'payload-too-large'],
    ];
    for (const [what, body, status, code, pointer] of refusals) {
      const refused = await call(app.baseUrl, 'PUT', `${base}/forskoleplats`, body, { 'if-match': etag });
      expect(refused.status, what).toBe(status);
      expect(refused.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
      expect(refused.body.code, what).toBe(code);
      expect(refused.body.messages.sv.detail, what).not.toBe(refused.body.messages.en.detail);
      if (pointer !== undefined) expect(refused.body.errors, what).toContainEqual(expect.objectContaining({ pointer }));
    }
    expect(await rowOf('forskoleplats')).toEqual(before);
  });

  it('an approver who does not design cannot save a draft, valid or unfinished', async () => {
    const approver = await signInStaff(app.database.db, [{ role: 'approver', municipalityId: 'ekdala', departmentId: null }], 'Alva Godkännare');
    const before = await rowOf('vuxenutbildning');
    const { definition, etag } = await draftOf('vuxenutbildning');
    const unfinished = structuredClone(definition);
    emptyFirstLabel(unfinished);
    for (const body of [definition, unfinished]) {
      const refused = await call(app.baseUrl, 'PUT', `${base}/vuxenutbildning`, body, { ...approver.headers, 'content-type': 'application/json', 'if-match': etag });
      expect(refused).toMatchObject({ status: 403, body: { code: 'forbidden', requiredRoles: ['designer'] } });
    }
    expect(await rowOf('vuxenutbildning')).toEqual(before);
  });

  it('two fields with one key in the JSON text: refused naming the key, not silently one of them kept', async () => {
    const text = JSON.stringify(catalogueEService('dubbel')).replace('"properties":{"intro":{"type":"null"},', '"properties":{"intro":{"type":"null"},"name":{"type":"number"},');
    expect(text).toMatch(/"name":\{"type":"number"\}.*"name":\{"type":"string"/);
    const refused = await call(app.baseUrl, 'POST', base, text, { 'content-type': 'application/json' });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'duplicate-keys' });
    expect(refused.body.errors).toEqual([
      { pointer: '/form/schema/properties/name', code: 'json.duplicate-key', message: { sv: expect.stringContaining('”name”'), en: expect.stringContaining('“name”') } },
    ]);
    expect((await call(app.baseUrl, 'GET', `${base}/dubbel`)).status).toBe(404);
  });
});
