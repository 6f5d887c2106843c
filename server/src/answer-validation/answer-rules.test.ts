import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createField, dateFromToday, TEMPLATES, type EServiceDefinition } from '@etjanst/schemas';
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';

const eservice = '/api/municipalities/solbacka/eservices/felanmalan';
const fault = { category: 'lighting', location: 'Storgatan 12', description: 'Gatlampan har varit släckt i en vecka.', wantsAnswer: false };

/**
 * The fault report with a start date at least four months from the day of applying, an end date
 * after it, and a second category that differs from the first.
 */
function withRules(): EServiceDefinition {
  const definition = structuredClone(templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'solbacka')) as EServiceDefinition;
  const fields = {
    startDate: createField('date', 'startDate', { label: { sv: 'Startdatum', en: 'Start date' }, earliestFromToday: { months: 4 } }),
    endDate: createField('date', 'endDate', { label: { sv: 'Slutdatum', en: 'End date' } }),
    secondCategory: createField('short-text', 'secondCategory', { label: { sv: 'Annan kategori', en: 'Other category' } }),
  };
  for (const [key, field] of Object.entries(fields)) {
    (definition.form.schema.properties as Record<string, unknown>)[key] = field.schema;
    definition.form.texts[key] = field.texts['']!;
    definition.form.steps[0]!.fields.push(key);
  }
  definition.form.answerRules = [
    { kind: 'after', field: 'endDate', other: 'startDate' },
    { kind: 'differs', field: 'secondCategory', other: 'category', message: { sv: 'Välj en annan kategori än den första.', en: 'Choose a category other than the first.' } },
  ];
  return definition;
}

describe(`rules on answers (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let version: number;
  const submit = (answers: Record<string, unknown>, language = 'sv') =>
    call(app.baseUrl, 'POST', `${eservice}/versions/${version}/submissions`, { answers }, { 'accept-language': language });
  beforeAll(async () => {
    app = await startTestApp();
    const draft = await call(app.baseUrl, 'GET', eservice);
    expect((await call(app.baseUrl, 'PUT', eservice, withRules(), { 'if-match': draft.headers.get('etag')! })).status).toBe(200);
    const published = await call(app.baseUrl, 'POST', `${eservice}/publish`);
    expect(published.status).toBe(201);
    version = published.body.version;
  }, 300_000); // publishing runs the browser scan
  afterAll(async () => app?.close());

  it('refuses a date earlier than four months from the day of applying, at the field, in Swedish and English', async () => {
    const earliest = dateFromToday({ months: 4 });
    const response = await submit({ ...fault, startDate: dateFromToday({ months: 4, days: -1 }) }, 'en');
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      {
        pointer: '/startDate',
        field: 'startDate',
        keyword: 'earliestFromToday',
        message: { sv: `”Startdatum” får vara tidigast ${earliest}.`, en: `“Start date” may be no earlier than ${earliest}.` },
      },
    ]);
  });

  it('refuses an end date not after the start date and a second answer like the first, at their fields', async () => {
    const startDate = dateFromToday({ months: 5 });
    const response = await submit({ ...fault, startDate, endDate: startDate, secondCategory: 'lighting' });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { pointer: '/endDate', field: 'endDate', keyword: 'after', message: { sv: '”Slutdatum” ska vara senare än ”Startdatum”.', en: '“End date” must be later than “Start date”.' } },
      { pointer: '/secondCategory', field: 'secondCategory', keyword: 'differs', message: { sv: 'Välj en annan kategori än den första.', en: 'Choose a category other than the first.' } },
    ]);
  });

  it('accepts answers that keep every rule', async () => {
    const answers = { ...fault, startDate: dateFromToday({ months: 4 }), endDate: dateFromToday({ months: 4, days: 1 }), secondCategory: 'street' };
    expect((await submit(answers)).status).toBe(201);
  });
});
