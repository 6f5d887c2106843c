import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyFieldConditions,
  EXAMPLE_ANSWERS,
  loadValidators,
  localizedForm,
  readFieldConditions,
  stepSchema,
  TEMPLATES,
  withoutFieldConditions,
  type Condition,
  type EServiceDefinition,
} from '@etjanst/schemas';
import { hashForSchema } from '@rjsf/utils';
import { templateFor } from '../demo/seed.js';
import { extractPdfText } from '../receipts/pdf-text.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { importValidatorModule } from './validators.js';

const base = '/api/municipalities/ekdala/eservices';
const ID = 'forskola-villkor';

/**
 * The preschool template open to anyone, with the special-needs description shown when any of
 * two answers holds, one of them on an earlier step ("another guardian"), and the preferred
 * preschools as a ranked choice of two or three.
 */
function definition(): EServiceDefinition {
  const template = templateFor(TEMPLATES.find((t) => t.id === 'forskoleplats')!, 'ekdala');
  const personalData = { ...template.personalData, justification: { sv: 'Testtjänst.', en: 'Test service.' } };
  const when: Condition = {
    any: [
      { field: 'hasSpecialNeeds', operator: 'is', value: true },
      { field: 'hasOtherGuardian', operator: 'is', value: true },
    ],
  };
  const others = readFieldConditions(template.form.schema).conditions.filter((c) => c.target !== 'specialNeedsDescription');
  const schema = applyFieldConditions(withoutFieldConditions(template.form.schema), [...others, { target: 'specialNeedsDescription', when }]);
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  properties.preferredPreschools = { ...properties.preferredPreschools, minItems: 2 };
  const form = {
    ...template.form,
    schema,
    uiSchema: { ...template.form.uiSchema, preferredPreschools: { 'ui:widget': 'ranking' } },
    fields: { ...template.form.fields, preferredPreschools: { fieldType: 'ranked-choice' } },
  };
  return { ...template, id: ID, form, access: { login: 'none' }, personalData, prefill: [], signing: { required: false }, receipt: { email: false, includeAnswers: true } };
}

const example = EXAMPLE_ANSWERS.forskoleplats as Record<string, unknown>;
const { specialNeedsDescription: _description, ...withoutDescription } = example;

describe(`conditions with several clauses, on earlier steps, and a ranked choice (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  const submit = (answers: Record<string, unknown>) => call(app.baseUrl, 'POST', `${base}/${ID}/versions/1/submissions`, { answers, language: 'sv' });
  const fieldsOf = (body: { errors?: { field: string; keyword: string }[] }) => (body.errors ?? []).map((e) => [e.field, e.keyword]);

  beforeAll(async () => {
    app = await startTestApp();
    expect((await call(app.baseUrl, 'POST', base, definition())).status).toBe(201);
    const published = await call(app.baseUrl, 'POST', `${base}/${ID}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
  });
  afterAll(async () => app?.close());

  it('accepts a submission without the hidden field, and refuses the hidden field answered', async () => {
    const hidden = { ...withoutDescription, hasSpecialNeeds: false, hasOtherGuardian: false };
    delete (hidden as Record<string, unknown>).otherGuardian;
    const accepted = await submit(hidden);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    const stored = await app.database.db.selectFrom('submissions').select('answers').where('id', '=', accepted.body.submissionId).executeTakeFirstOrThrow();
    expect(stored.answers).not.toHaveProperty('specialNeedsDescription');

    const refused = await submit({ ...hidden, specialNeedsDescription: 'Gömd men ifylld.' });
    expect(refused.status).toBe(422);
    expect(fieldsOf(refused.body)).toEqual([['specialNeedsDescription', 'hidden']]);
  });

  it('with the field shown by either clause, also the one on an earlier step, a missing answer is refused', async () => {
    // shown by the earlier step's answer alone
    const byEarlierStep = await submit({ ...withoutDescription, hasSpecialNeeds: false, hasOtherGuardian: true });
    expect(byEarlierStep.status).toBe(422);
    expect(fieldsOf(byEarlierStep.body)).toEqual([['specialNeedsDescription', 'required']]);
    const bySameStep = await submit({ ...withoutDescription, hasSpecialNeeds: true });
    expect(fieldsOf(bySameStep.body)).toEqual([['specialNeedsDescription', 'required']]);
    expect((await submit({ ...example, hasSpecialNeeds: false })).status).toBe(201);
  });

  it('the portal’s step validator judges the earlier step’s answer like the server', async () => {
    const response = await fetch(`${app.baseUrl}${base}/${ID}/versions/1/form-validators/sv.js`);
    const functions = loadValidators(await importValidatorModule(await response.text())) as Record<string, (data: unknown) => boolean>;
    const form = localizedForm(definition(), 'sv');
    const wishes = stepSchema(form, form.steps.find((s) => s.id === 'onskemal')!);
    expect(Object.keys(wishes.properties as object)).toContain('hasOtherGuardian');
    const validate = functions[hashForSchema(wishes)]!;
    const step = { startDate: example.startDate, hoursPerWeek: 30, preferredPreschools: ['solrosen', 'ekbacken'], hasSpecialNeeds: false, consent: true };
    expect(validate({ ...step, hasOtherGuardian: false })).toBe(true);
    expect(validate({ ...step, hasOtherGuardian: true }), 'shown by the earlier answer, not answered').toBe(false);
    expect(validate({ ...step, hasOtherGuardian: true, specialNeedsDescription: 'Behöver glutenfri kost.' })).toBe(true);
  });

  it('takes a ranking of distinct options in its order, within the numbers to rank, and numbers it on the receipt', async () => {
    const ranked = await submit({ ...example, preferredPreschools: ['tallgarden', 'solrosen', 'ekbacken'] });
    expect(ranked.status, JSON.stringify(ranked.body)).toBe(201);
    const stored = await app.database.db.selectFrom('submissions').select('answers').where('id', '=', ranked.body.submissionId).executeTakeFirstOrThrow();
    expect((stored.answers as Record<string, unknown>).preferredPreschools).toEqual(['tallgarden', 'solrosen', 'ekbacken']);
    const pdf = Buffer.from(await (await fetch(`${app.baseUrl}${ranked.body.receiptUrl}`)).arrayBuffer());
    expect((await extractPdfText(pdf)).replace(/\s+/g, ' ')).toContain('1. Tallgårdens förskola, 2. Solrosens förskola, 3. Ekbackens förskola');

    for (const [what, preferredPreschools, keyword] of [
      ['the same option twice', ['solrosen', 'solrosen'], 'uniqueItems'],
      ['too few ranked', ['solrosen'], 'minItems'],
      ['too many ranked', ['solrosen', 'ekbacken', 'tallgarden', 'angsbacken'], 'maxItems'],
      ['an unknown option', ['solrosen', 'okand'], 'enum'],
    ] as const) {
      const refused = await submit({ ...example, preferredPreschools });
      expect(refused.status, what).toBe(422);
      expect(refused.body.errors.map((e: { keyword: string }) => e.keyword), what).toEqual([keyword]);
    }
  });
});
