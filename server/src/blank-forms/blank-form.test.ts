import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleForm, fieldTypes, newField, preschoolPlace, TEMPLATES, type ChildField, type EServiceDefinition } from '@etjanst/schemas';
import { templateFor } from '../demo/seed.js';
import { extractPdfText } from '../receipts/pdf-text.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { blankFormContent } from './content.js';
import { renderBlankFormPdf } from './pdf.js';

const blankForm = (municipality: string, id: string, version: number, query = '') =>
  `/api/municipalities/${municipality}/eservices/${id}/versions/${version}/blank-form${query}`;

/** The raw PDF bytes (call() would decode them as text). */
async function pdfAt(baseUrl: string, path: string): Promise<{ status: number; headers: Headers; pdf: Buffer }> {
  const response = await fetch(`${baseUrl}${path}`);
  return { status: response.status, headers: response.headers, pdf: Buffer.from(await response.arrayBuffer()) };
}

describe('blank form content and PDF', () => {
  it('has every step, label, help text, choice option and condition of the preschool application', async () => {
    const text = extractPdfText(await renderBlankFormPdf(blankFormContent(preschoolPlace, 'Solbacka kommun', 'sv')));
    expect(text).toContain('Blankett: Ansökan om förskoleplats');
    for (const step of preschoolPlace.form.steps) expect(text).toContain(step.title.sv);
    for (const [path, texts] of Object.entries(preschoolPlace.form.texts)) {
      expect(text, path).toContain(texts.label.sv);
      if (texts.help) expect(text, `${path} help`).toContain(texts.help.sv);
    }
    for (const option of Object.values(preschoolPlace.form.texts.preferredPreschools!.options!)) expect(text).toContain(option.sv);
    expect(text).toContain('Fyll bara i om ”Finns det en annan vårdnadshavare i hushållet?” är ”Ja”.');
    expect(text).toContain('Välj ett eller flera alternativ.');
    expect(text).toContain('* = obligatoriskt');
    expect(text).toContain(preschoolPlace.owner.contact.email);
  });

  it('is a tagged PDF: language, title, a heading per step, and the lines and boxes to fill in as artifacts', async () => {
    const pdf = (await renderBlankFormPdf(blankFormContent(preschoolPlace, 'Solbacka Municipality', 'en'))).toString('latin1');
    expect(pdf).toContain('/StructTreeRoot');
    expect(pdf).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(pdf).toContain('/Marked true');
    expect(pdf).toContain('/Lang (en-GB)');
    expect([...pdf.matchAll(/\/S \/H2\b/g)]).toHaveLength(preschoolPlace.form.steps.length + 1); // the steps and the contact
  });

  it('is written in English when asked, and in Swedish for an e-service without English', async () => {
    const english = extractPdfText(await renderBlankFormPdf(blankFormContent(preschoolPlace, 'Solbacka Municipality', 'en')));
    expect(english).toContain('Form: Apply for a preschool place');
    expect(english).toContain(preschoolPlace.form.texts.startDate!.label.en!);
    const swedishOnly: EServiceDefinition = { ...structuredClone(preschoolPlace), languages: ['sv'] };
    expect(blankFormContent(swedishOnly, 'Solbacka kommun', 'en').language).toBe('sv');
  });

  it('draws every catalogue field type the way it is filled in by hand', () => {
    const fields = fieldTypes().map((type): ChildField => ({ key: type.id.replace(/-(.)/g, (_, c: string) => c.toUpperCase()), typeId: type.id as ChildField['typeId'], properties: newField(type.id, 'x').properties }));
    const { form } = assembleForm([{ id: 'allt', title: { sv: 'Allt' }, fields }]);
    const content = blankFormContent({ ...preschoolPlace, form, prefill: [] }, 'Solbacka kommun', 'sv');
    const kinds = Object.fromEntries(content.steps[0]!.items.map((item, i) => [fields[i]!.typeId, item.kind]));
    expect(kinds).toEqual({
      'short-text': 'line', 'long-text': 'box', number: 'line', email: 'line', phone: 'line', personnummer: 'line', organisationsnummer: 'line',
      'postal-code': 'line', date: 'line', 'date-range': 'group', 'single-choice': 'choices', 'multiple-choice': 'choices', 'ranked-choice': 'choices', 'yes-no': 'choices',
      'file-upload': 'attachment', address: 'group', group: 'group', 'repeating-group': 'group', information: 'information', consent: 'checkbox', 'co-signer-request': 'line', booking: 'group',
    });
    const items = content.steps[0]!.items;
    expect(items.find((i) => i.label === 'Ja/nej-fråga')).toMatchObject({ options: ['Ja', 'Nej'] });
    expect(items.find((i) => i.label === 'Bifoga fil')).toMatchObject({ note: 'Bifoga som bilaga (PDF, JPEG, PNG).' });
    expect(items.find((i) => i.label === 'Rangordna alternativen')).toMatchObject({ multiple: true, note: 'Numrera alternativen i den ordning du önskar dem (1, 2, 3 …).' });
    expect(items.find((i) => i.label === 'Period')).toMatchObject({ items: [{ label: 'Från och med' }, { label: 'Till och med' }] });
  });

  it('gives a repeating group rows to fill in, and marks a conditional step and calculated values', () => {
    const definition = structuredClone(preschoolPlace);
    definition.form.schema.properties = {
      ...(definition.form.schema.properties as object),
      siblings: { type: 'array', minItems: 0, maxItems: 5, items: { type: 'object', properties: { name: { type: 'string' } } } },
      fee: { type: 'number' },
    };
    definition.form.uiSchema.siblings = { 'ui:options': { itemNoun: { sv: 'syskon', en: 'sibling' } } };
    definition.form.texts.siblings = { label: { sv: 'Syskon' } };
    definition.form.texts['siblings.name'] = { label: { sv: 'Syskonets namn' } };
    definition.form.texts.fee = { label: { sv: 'Avgift' } };
    definition.form.steps[3]!.fields.push('siblings', 'fee');
    definition.form.steps[3]!.showWhen = { field: 'hoursPerWeek', operator: 'greaterThan', value: 15 };
    definition.form.calculations = [{ field: 'fee', formula: { kind: 'count', field: 'siblings' } }];
    const content = blankFormContent(definition, 'Solbacka kommun', 'sv');
    const step = content.steps[3]!;
    expect(step.note).toBe(`Fyll bara i det här avsnittet om ”${definition.form.texts.hoursPerWeek!.label.sv}” är mer än 15.`);
    // several clauses: each said, joined by "eller" (any of) / "och" (all of)
    definition.form.steps[3]!.showWhen = { any: [{ field: 'hoursPerWeek', operator: 'greaterThan', value: 15 }, { field: 'hasOtherGuardian', operator: 'is', value: true }] };
    expect(blankFormContent(definition, 'Solbacka kommun', 'sv').steps[3]!.note).toBe(
      `Fyll bara i det här avsnittet om ”${definition.form.texts.hoursPerWeek!.label.sv}” är mer än 15 eller ”${definition.form.texts.hasOtherGuardian!.label.sv}” är ”Ja”.`,
    );
    const siblings = step.items.find((i) => i.label === 'Syskon');
    expect(siblings).toMatchObject({ kind: 'group', items: [{ label: 'Syskon 1' }, { label: 'Syskon 2' }] });
    expect(step.items.find((i) => i.label === 'Avgift')).toMatchObject({ kind: 'line', note: 'Räknas ut av kommunen.' });
  });
});

describe(`blank form API (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('sends the blank form of a published version as a PDF, in the asked language', async () => {
    const sv = await pdfAt(app.baseUrl, blankForm('solbacka', 'forskoleplats', 1));
    expect(sv.status).toBe(200);
    expect(sv.headers.get('content-type')).toBe('application/pdf');
    expect(sv.headers.get('content-disposition')).toBe('inline; filename="blankett-forskoleplats-v1.pdf"');
    const text = extractPdfText(sv.pdf);
    expect(text).toContain('Solbacka');
    expect(text).toContain('Barnets personnummer');
    const en = extractPdfText((await pdfAt(app.baseUrl, blankForm('solbacka', 'forskoleplats', 1, '?language=en'))).pdf);
    expect(en).toContain("The child's personal identity number");
  });

  it('refuses an unknown language, version or e-service with problem+json', async () => {
    const language = await call(app.baseUrl, 'GET', blankForm('solbacka', 'forskoleplats', 1, '?language=de'));
    expect(language.status).toBe(400);
    expect(language.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(language.body.code).toBe('invalid-language');
    expect((await call(app.baseUrl, 'GET', blankForm('solbacka', 'forskoleplats', 99))).status).toBe(404);
    expect((await call(app.baseUrl, 'GET', blankForm('solbacka', 'finns-inte', 1))).status).toBe(404);
  });

  it('has no blank form for an unpublished e-service', async () => {
    const base = '/api/municipalities/ekdala/eservices';
    const definition = templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'ekdala');
    definition.id = 'stangd';
    await call(app.baseUrl, 'POST', base, definition);
    await call(app.baseUrl, 'POST', `${base}/stangd/publish`);
    expect((await pdfAt(app.baseUrl, blankForm('ekdala', 'stangd', 1))).status).toBe(200);
    await call(app.baseUrl, 'POST', `${base}/stangd/unpublish`);
    expect((await call(app.baseUrl, 'GET', blankForm('ekdala', 'stangd', 1))).status).toBe(409);
  });
});
