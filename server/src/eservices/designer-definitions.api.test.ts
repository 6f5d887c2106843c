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
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';

const base = '/api/municipalities/ekdala/eservices';
const submit = (id: string) => `${base}/${id}/versions/1/submissions`;

const field = (key: string, typeId: ChildField['typeId'], properties: Partial<FieldProperties> = {}): ChildField => ({
  key,
  typeId,
  properties: { ...newField(typeId, key).properties, ...properties },
});

/** One e-service made with the field catalogue, as the designer makes it: every answer type on two steps. */
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
        field('photo', 'file-upload'),
        field('address', 'address', { required: false }),
        field('children', 'repeating-group', {
          minItems: 0,
          children: [field('childName', 'short-text', { required: true }), field('childPnr', 'personnummer', { required: true })],
        }),
        field('rows', 'number', { label: { sv: 'Antal barn', en: 'Number of children' } }),
        field('fee', 'number', { label: { sv: 'Avgift', en: 'Fee' } }),
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

describe(`the definition API refuses bad input with problem+json naming the field (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  const CASES: [string, (d: EServiceDefinition) => void, { pointer: string; code: string; names: string }][] = [
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
    ['a step condition on a later field', (d) => (d.form.steps[0]!.showWhen = { field: 'consent', operator: 'is', value: true }), { pointer: '/form/steps/0/showWhen/field', code: 'steps.condition-not-earlier', names: 'consent' }],
    ['two steps with one id', (d) => (d.form.steps[1]!.id = 'fragor'), { pointer: '/form/steps/1/id', code: 'steps.duplicate-id', names: 'fragor' }],
  ];
  CASES.forEach(([what, mutate, expected], i) => {
    it(`${what}: on create and on save`, async () => {
      const id = `fel-${i}`;
      const created = await call(app.baseUrl, 'POST', base, catalogueEService(id, mutate), { 'accept-language': 'en' });
      expect(created.status).toBe(422);
      expect(created.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(created.body.code).toBe('definition-invalid');
      expect(created.body.errors).toEqual([
        expect.objectContaining({ pointer: expected.pointer, code: expected.code, message: { sv: expect.stringContaining(expected.names), en: expect.stringContaining(expected.names) } }),
      ]);

      expect((await call(app.baseUrl, 'POST', base, catalogueEService(id))).status).toBe(201);
      const saved = await call(app.baseUrl, 'PUT', `${base}/${id}`, catalogueEService(id, mutate), { 'if-match': '"1"' });
      expect(saved.status).toBe(422);
      expect(saved.body.errors.map((e: { code: string }) => e.code)).toEqual([expected.code]);
    });
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
