import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultReport, RULE_CATALOGUE, TEMPLATES, type CheckReport, type EServiceDefinition } from '@etjanst/schemas';
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { unscannedVersions } from './assessment.js';
import { closeSharedBrowser } from './browser.js';

/** The fault report with four known accessibility defects a designer could make. */
function definitionWithDefects(): EServiceDefinition {
  const d = structuredClone(templateFor(faultReport, 'solbacka'));
  d.id = 'felanmalan-brister';
  // bad contrast: light grey body text on white
  d.theme = { text: '#9a9a9a' };
  // missing label: an optional field whose label is blank
  (d.form.schema.properties as Record<string, unknown>).reference = { type: 'string', maxLength: 50 };
  d.form.steps[0]!.fields.push('reference');
  d.form.texts.reference = { label: { sv: ' ', en: ' ' } };
  // unlabelled radio group
  d.form.texts.category!.label = { sv: ' ', en: ' ' };
  // error text not tied to its field: the error is listed above the form but not on the field
  d.form.uiSchema.location = { 'ui:options': { hideError: true } };
  return d;
}

/**
 * The defects a saved draft can hold (the definition API refuses blank labels, a check reports
 * them): bad contrast, and an error not tied to its field.
 */
function savableDefects(id: string): EServiceDefinition {
  const d = definitionWithDefects();
  d.id = id;
  d.form.texts.reference = { label: { sv: 'Ärendereferens', en: 'Case reference' } };
  d.form.texts.category!.label = structuredClone(faultReport.form.texts.category!.label);
  return d;
}

const copyOf = (template: EServiceDefinition, id: string): EServiceDefinition => ({ ...structuredClone(templateFor(template, 'solbacka')), id });

const failedIds = (report: CheckReport) => report.results.filter((r) => r.status === 'failed').map((r) => `${r.id}:${r.severity}`);
const violationKeys = (report: CheckReport) => (report.scan?.violations ?? []).map((v) => `${v.rule} ${v.step}/${v.state} ${v.target}`);

const eservices = '/api/municipalities/solbacka/eservices';
const cliPath = fileURLToPath(new URL('../../dist/checks/cli.js', import.meta.url));

async function runCli(definition: EServiceDefinition, ...flags: string[]): Promise<{ code: number; report: CheckReport }> {
  const file = path.join(tmpdir(), `definition-${definition.id}-${process.pid}.json`);
  await writeFile(file, JSON.stringify(definition));
  const result = await promisify(execFile)(process.execPath, [cliPath, file, '--json', ...flags], { maxBuffer: 20 * 1024 * 1024 }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
  return { code: result.code, report: JSON.parse(result.stdout) as CheckReport };
}

describe(`must-requirement checks with the browser scan (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await app?.close();
  });

  it('publishes the rule catalogue as JSON and as a document', async () => {
    const catalogue = await call(app.baseUrl, 'GET', '/api/requirements');
    expect(catalogue.status).toBe(200);
    expect(catalogue.body.version).toBe(RULE_CATALOGUE.version);
    // the installation's limits (here the defaults), which the designer judges by too
    expect(catalogue.body.limits).toEqual({ maxFieldsPerStep: 12, lixThreshold: 55 });
    expect(catalogue.body.rules.map((r: { id: string }) => r.id)).toEqual(RULE_CATALOGUE.rules.map((r) => r.id));
    expect(catalogue.body.rules[0]).toEqual({
      id: 'SK-DEF-001',
      title: expect.objectContaining({ sv: expect.any(String), en: expect.any(String) }),
      explanation: expect.objectContaining({ sv: expect.any(String), en: expect.any(String) }),
      severity: 'must',
      concerns: '',
      needs: 'definition',
    });
    const document = await fetch(`${app.baseUrl}/api/requirements/document`);
    expect(document.headers.get('content-type')).toMatch(/^text\/html/);
    expect(document.headers.get('content-disposition')).toContain(`tekniska-skall-krav-${RULE_CATALOGUE.version}.html`);
    const html = await document.text();
    for (const rule of RULE_CATALOGUE.rules) expect(html).toContain(`${rule.id}: ${rule.title.sv}`);
    expect(html).toContain('Ändringshistorik');
  });

  it('runs the fast rules only with ?scan=false, and reports an invalid definition without scanning', async () => {
    const fast = (await call(app.baseUrl, 'POST', '/api/checks?scan=false', definitionWithDefects())).body as CheckReport;
    expect(fast.complete).toBe(false);
    expect(fast.results.filter((r) => r.status === 'not-run').map((r) => r.id)).toEqual(['SK-ACC-002', 'SK-ACC-004', 'SK-ACC-005']);
    expect(fast.scan).toBeUndefined();
    const invalid = (await call(app.baseUrl, 'POST', '/api/checks', { formatVersion: '1.0' })).body as CheckReport;
    expect(invalid.verdict).toBe('failed');
    // beside what makes it invalid, the rules that can run on what is there do (it has no accessibility input)
    expect(failedIds(invalid)).toEqual(['SK-DEF-001:must', 'SK-ACC-003:must']);
    expect(invalid.results.find((r) => r.id === 'SK-TXT-001')).toMatchObject({ status: 'not-run', reason: { en: 'Could not run on an invalid definition; see SK-DEF-001.' } });
  });

  it('reports a pattern the platform will not run as a failed SK-SEC-001 at the field, in Swedish and English, and still runs every other rule', async () => {
    const d = copyOf(faultReport, 'felanmalan-monster');
    const properties = d.form.schema.properties as Record<string, Record<string, unknown>>;
    // catastrophic backtracking in a browser; a lookahead RE2 cannot run (in a conditional field)
    properties.location!.pattern = '^(a+)+$';
    ((d.form.schema.allOf as { then: { properties: Record<string, Record<string, unknown>> } }[])[0]!.then.properties.email!).pattern = '^(?=.*@).+$';
    const expected = [
      { pointer: '/form/schema/properties/location/pattern', message: { sv: expect.stringMatching(/^Formatet för fältet ”location” kan låsa webbläsaren/), en: expect.stringMatching(/^The format of the field “location” can freeze the browser/) } },
      { pointer: '/form/schema/allOf/0/then/properties/email/pattern', message: { sv: expect.stringMatching(/”email” .* inte kan prövas i linjär tid/), en: expect.stringMatching(/“email” .* cannot be matched in linear time/) } },
    ];
    const fast = (await call(app.baseUrl, 'POST', '/api/checks?scan=false', d)).body as CheckReport;
    const full = (await call(app.baseUrl, 'POST', '/api/checks', d)).body as CheckReport;
    const cli = await runCli(d, '--fast');
    for (const report of [fast, full, cli.report]) {
      expect(report.verdict).toBe('failed');
      expect(report.results.find((r) => r.id === 'SK-SEC-001')).toMatchObject({ status: 'failed', findings: expected });
      expect(failedIds(report)).toEqual(['SK-DEL-002:should', 'SK-SEC-001:must']);
    }
    // the definition could be checked: the fast rules ran, and the full check scanned it
    expect(fast.results.filter((r) => r.status === 'not-run').map((r) => r.id)).toEqual(['SK-ACC-002', 'SK-ACC-004', 'SK-ACC-005']);
    expect(full).toMatchObject({ complete: true, scan: { violations: [] } });
    expect(cli.code).toBe(1);
    // saving refuses the same patterns at the same places
    const saved = await call(app.baseUrl, 'POST', eservices, d);
    expect(saved.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expected.map((e) => e.pointer));
  }, 120_000);

  it('finds the seeded accessibility defects in the real browser: missing label, bad contrast, unlabelled radio group, error not tied to its field', async () => {
    const response = await call(app.baseUrl, 'POST', '/api/checks', definitionWithDefects());
    expect(response.status).toBe(200);
    const report = response.body as CheckReport;
    expect(report.verdict).toBe('failed');
    expect(report.complete).toBe(true);
    expect(failedIds(report)).toEqual(['SK-TXT-001:must', 'SK-DEL-002:should', 'SK-ACC-001:must', 'SK-ACC-002:must']);
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    expect(byId['SK-TXT-001']!.findings.map((f) => f.pointer)).toEqual(['/form/texts/category', '/form/texts/reference']);
    expect(byId['SK-ACC-001']!.findings.map((f) => f.pointer)).toEqual(['/theme/text']);

    const violations = report.scan!.violations;
    const find = (rule: string, state: string, target: string) => violations.find((v) => v.rule === rule && v.state === state && v.target === target);
    // missing label: axe-core's "label" rule on the input, WCAG 4.1.2
    expect(find('label', 'clean', '#arende_reference')).toMatchObject({ step: 'arende', wcag: ['4.1.2'], message: { en: 'Form elements must have labels' } });
    // bad contrast: axe-core's "color-contrast" on the field labels, WCAG 1.4.3, with how to fix it
    expect(find('color-contrast', 'clean', 'label[for="arende_location"]')).toMatchObject({
      wcag: ['1.4.3'],
      fix: { sv: expect.stringMatching(/^Åtgärda något av följande: Elementet har otillräcklig färgkontrast på 2\.\d+/), en: expect.stringMatching(/contrast of 2\.\d+/) },
    });
    // unlabelled radio group: the group of the category's radio buttons has no name
    expect(find('group-unnamed', 'clean', 'fieldset:has(#arende_category)')).toMatchObject({ wcag: ['1.3.1', '3.3.2'] });
    // error text not tied to its field, after pressing Next on the empty step
    expect(find('error-not-associated', 'errors', '#arende_location')).toMatchObject({ step: 'arende', wcag: ['3.3.1', '1.3.1'] });
    // nothing else than these four kinds
    expect([...new Set(violations.map((v) => v.rule))].sort()).toEqual(['color-contrast', 'error-not-associated', 'group-unnamed', 'label']);
    // and the report says each in words, with the element, the criterion and the fix
    expect(byId['SK-ACC-002']!.findings.map((f) => f.message.en)).toContain(
      'arende (empty step), #arende_reference: Form elements must have labels [WCAG 4.1.2]. Fix: ' + find('label', 'clean', '#arende_reference')!.fix.en,
    );
    expect(byId['SK-ACC-002']!.findings.map((f) => f.message.sv)).toContain(
      `arende (tomt steg), #arende_reference: ${find('label', 'clean', '#arende_reference')!.message.sv} [WCAG 4.1.2]. Åtgärd: ${find('label', 'clean', '#arende_reference')!.fix.sv}`,
    );
    expect(find('label', 'clean', '#arende_reference')!.fix.sv).toMatch(/^Åtgärda något av följande: /);
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('the example e-service %s passes every must rule, browser scan and keyboard walk included', async (_id, template) => {
    const report = (await call(app.baseUrl, 'POST', '/api/checks', templateFor(template, 'solbacka'))).body as CheckReport;
    expect(report.scan?.pages).toBeGreaterThanOrEqual(template.form.steps.length);
    expect(report.scan?.violations).toEqual([]);
    expect(failedIds(report)).toEqual(['SK-DEL-002:should']);
    expect(report.verdict).toBe('passed');
  });

  it('passes the browser scan with a required multi-file field: its empty state has the error on the file input', async () => {
    const d = copyOf(faultReport, 'felanmalan-ritningar');
    (d.form.schema.properties as Record<string, unknown>).drawings = { type: 'array', items: { type: 'string', format: 'attachment-id' }, minItems: 1, maxItems: 5 };
    (d.form.schema.required as string[]).push('drawings');
    d.form.uiSchema.drawings = { 'ui:options': { accept: ['application/pdf'], maxBytes: 1024 * 1024 } };
    d.form.texts.drawings = { label: { sv: 'Ritningar', en: 'Drawings' }, errorMessage: { sv: 'Bifoga minst en ritning.', en: 'Attach at least one drawing.' } };
    d.form.steps.at(-1)!.fields.push('drawings');
    const report = (await call(app.baseUrl, 'POST', '/api/checks', d)).body as CheckReport;
    // the scan pressed Next on the empty step: the summary's link leads to the file input, which is
    // aria-invalid and described by the error (it used to be an error of item 0, with no element)
    expect(report.scan?.pages).toBeGreaterThan(d.form.steps.length);
    expect(violationKeys(report)).toEqual([]);
    expect(report.results.find((r) => r.id === 'SK-ACC-002')?.status).toBe('passed');
    expect(report.verdict).toBe('passed');
  });

  it('reaches what a citizen can reach: a defect only in a conditional field, and one only in a repeating group’s row', async () => {
    // the e-mail field shows only when the citizen wants an answer; it is optional and its label is blank
    const conditional = copyOf(faultReport, 'felanmalan-villkor');
    delete ((conditional.form.schema.allOf as { then: { required?: string[] } }[])[0]!.then.required);
    conditional.form.texts.email!.label = { sv: ' ', en: ' ' };
    const conditionalReport = (await call(app.baseUrl, 'POST', '/api/checks', conditional)).body as CheckReport;
    expect(violationKeys(conditionalReport)).toEqual(['label kontakt/clean #kontakt_email']);
    expect(conditionalReport.scan!.violations[0]!.answers).toEqual({ wantsAnswer: true });
    expect(conditionalReport.results.find((r) => r.id === 'SK-ACC-002')?.findings[0]?.message.sv).toMatch(/^kontakt \(tomt steg, med svaren \{"wantsAnswer":true\}\), #kontakt_email: /);

    // a repeating group of witnesses, none to begin with; the name in a row has a blank label
    const rows = copyOf(faultReport, 'felanmalan-vittnen');
    (rows.form.schema.properties as Record<string, unknown>).witnesses = { type: 'array', items: { type: 'object', properties: { name: { type: 'string', maxLength: 100 } } } };
    rows.form.texts.witnesses = { label: { sv: 'Vittnen', en: 'Witnesses' } };
    rows.form.texts['witnesses.name'] = { label: { sv: ' ', en: ' ' } };
    rows.form.steps[0]!.fields.push('witnesses');
    const rowsReport = (await call(app.baseUrl, 'POST', '/api/checks', rows)).body as CheckReport;
    const rowViolations = rowsReport.scan!.violations.filter((v) => v.rule === 'label');
    expect(rowViolations.map((v) => [v.step, v.state, v.target, v.answers])).toEqual([
      ['arende', 'clean', '#arende_witnesses_0_name', { witnesses: [{}] }],
      ['arende', 'errors', '#arende_witnesses_0_name', { witnesses: [{}] }],
    ]);
  });

  it('reports a step that scrolls sideways at 320 px as a failed SK-ACC-005 (reflow, WCAG 1.4.10)', async () => {
    const d = copyOf(faultReport, 'felanmalan-bred');
    // a help text with a word longer than a phone is wide
    d.form.texts.location!.help = { sv: 'Ange fastighetsbeteckningsregistreringsnummerförteckningsuppgifterna.', en: 'Write an address or a place.' };
    const report = (await call(app.baseUrl, 'POST', '/api/checks', d)).body as CheckReport;
    const reflow = report.results.find((r) => r.id === 'SK-ACC-005')!;
    expect(reflow.status).toBe('failed');
    expect(report.scan!.violations.filter((v) => v.rule === 'reflow').map((v) => `${v.step}/${v.state}`)).toEqual(['arende/clean', 'arende/errors']);
    expect(reflow.findings[0]!.message.en).toMatch(/The page scrolls sideways at a width of 320 px \[WCAG 1\.4\.10\]\. Fix: At 320 px the page scrolls \d+ px sideways/);
    expect(report.results.find((r) => r.id === 'SK-ACC-002')?.status).toBe('passed');
  });

  it('refuses to publish while a must rule fails (422 listing the rules), publishes when they pass and keeps the report with the version', async () => {
    expect((await call(app.baseUrl, 'POST', eservices, definitionWithDefects())).body).toMatchObject({ code: 'definition-invalid' });
    const defects = savableDefects('felanmalan-brister');
    expect((await call(app.baseUrl, 'POST', eservices, defects)).status).toBe(201);
    const refused = await call(app.baseUrl, 'POST', `${eservices}/${defects.id}/publish`);
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'must-requirements-failed', messages: { sv: { detail: expect.stringContaining('SK-ACC-002') } } });
    expect(refused.body.failedRules.map((r: { id: string }) => r.id)).toEqual(['SK-ACC-001', 'SK-ACC-002']);
    expect((await call(app.baseUrl, 'GET', `${eservices}/${defects.id}/versions`)).body.items).toEqual([]);

    const good = copyOf(faultReport, 'felanmalan-kopia');
    expect((await call(app.baseUrl, 'POST', eservices, good)).status).toBe(201);
    const published = await call(app.baseUrl, 'POST', `${eservices}/${good.id}/publish`);
    expect(published.status).toBe(201);
    const stored = await call(app.baseUrl, 'GET', `${eservices}/${good.id}/versions/${published.body.version}/check`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ verdict: 'passed', complete: true, catalogueVersion: RULE_CATALOGUE.version, scan: { violations: [] } });
    expect(Date.parse(stored.body.checkedAt)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect((await call(app.baseUrl, 'GET', `${eservices}/${good.id}/versions/99/check`)).status).toBe(404);
  });

  it('gives the same verdict from the CLI, the API and the publish gate on the same definition', async () => {
    const defects = savableDefects('felanmalan-brister-2');
    const good = copyOf(faultReport, 'felanmalan-kopia-2');
    for (const [definition, verdict] of [[defects, 'failed'], [good, 'passed']] as const) {
      const api = (await call(app.baseUrl, 'POST', '/api/checks', definition)).body as CheckReport;
      const cli = await runCli(definition);
      expect((await call(app.baseUrl, 'POST', eservices, definition)).status).toBe(201);
      const gate = await call(app.baseUrl, 'POST', `${eservices}/${definition.id}/publish`);
      const gateReport = (gate.status === 201 ? (await call(app.baseUrl, 'GET', `${eservices}/${definition.id}/versions/1/check`)).body : gate.body.report) as CheckReport;
      expect([api.verdict, cli.report.verdict, gateReport.verdict]).toEqual([verdict, verdict, verdict]);
      expect(cli.code).toBe(verdict === 'passed' ? 0 : 1);
      expect(gate.status).toBe(verdict === 'passed' ? 201 : 422);
      expect(failedIds(cli.report)).toEqual(failedIds(api));
      expect(failedIds(gateReport)).toEqual(failedIds(api));
      expect(violationKeys(cli.report)).toEqual(violationKeys(api));
      expect(violationKeys(gateReport)).toEqual(violationKeys(api));
    }
  }, 120_000);

  it('judges connectors by the connector types of the installation in the CLI as in the API (SK-GDPR-003): a type without a plugin here is not trusted', async () => {
    const d = copyOf(faultReport, 'felanmalan-strikt');
    d.personalData.classification = 'strictly-confidential';
    d.receipt.includeAnswers = false;
    // the Chattnotis extension's type, on an installation (and a CLI) started without EXTENSIONS
    d.delivery.connectors = [{ id: 'gatukontoret', type: 'chattnotis', options: { url: 'https://chatt.example.se/hooks/x7fq3kd9' } }];
    const api = (await call(app.baseUrl, 'POST', '/api/checks?scan=false', d)).body as CheckReport;
    const cli = await runCli(d, '--fast');
    expect(cli.code).toBe(1);
    for (const report of [api, cli.report]) {
      expect(report.results.find((r) => r.id === 'SK-GDPR-003')!.findings).toEqual([
        {
          pointer: '/delivery/connectors/0',
          message: {
            sv: 'Mottagaren ”gatukontoret” har typen ”chattnotis”, som plattformen inte känner till, och godtas därför inte för en e-tjänst som är klassad som strikt konfidentiell.',
            en: 'The connector “gatukontoret” has the type “chattnotis”, which the platform does not know, so it is not accepted for an e-service classified strictly confidential.',
          },
          where: { sv: 'Mottagaren gatukontoret (Leverans)', en: 'Connector gatukontoret (Delivery)' },
        },
      ]);
    }
  }, 120_000);

  it('includes the whole definition validation: connectors that POST /api/definitions/validate refuses fail SK-DEF-001, and the other rules still run', async () => {
    const d = copyOf(faultReport, 'felanmalan-mottagare');
    d.delivery.connectors = [
      { id: 'okand', type: 'brevduva', options: {} },
      { id: 'brevlada', type: 'email', options: {} },
      { id: 'diariet', type: 'case-management', options: { unit: 'Gatukontoret' } },
    ];
    const validated = await call(app.baseUrl, 'POST', '/api/definitions/validate', d);
    expect(validated.body.valid).toBe(false);
    const refused = validated.body.problems.map((p: { pointer: string }) => p.pointer) as string[];
    expect(refused.map((p) => p.split('/').slice(0, 4).join('/'))).toEqual(['/delivery/connectors/0', '/delivery/connectors/1', '/delivery/connectors/2']);
    const fast = (await call(app.baseUrl, 'POST', '/api/checks?scan=false', d)).body as CheckReport;
    const cli = await runCli(d, '--fast');
    for (const report of [fast, cli.report]) {
      expect(report.verdict).toBe('failed');
      expect(report.results.find((r) => r.id === 'SK-DEF-001')!.findings.map((f) => f.pointer)).toEqual(refused);
      // the definition can be checked all the same: only the browser rules were left out
      expect(report.results.filter((r) => r.status === 'not-run').map((r) => r.id)).toEqual(['SK-ACC-002', 'SK-ACC-004', 'SK-ACC-005']);
    }
    expect(cli.code).toBe(1);
  }, 120_000);

  it('refuses at the attachment field a wildcard, an unrecognised type and a size above the installation\'s limit', async () => {
    const d = copyOf(faultReport, 'felanmalan-bilder');
    (d.form.schema.properties as Record<string, unknown>).photo = { type: 'string', format: 'attachment-id' };
    d.form.uiSchema.photo = { 'ui:options': { accept: ['image/*', 'image/heic'], maxBytes: 200 * 1024 * 1024 } };
    d.form.texts.photo = { label: { sv: 'Foto på skadan', en: 'Photo of the damage' } };
    d.form.steps[0]!.fields.push('photo');
    const report = (await call(app.baseUrl, 'POST', '/api/checks?scan=false', d)).body as CheckReport;
    expect(report.results.find((r) => r.id === 'SK-FILE-001')!.findings.map((f) => [f.pointer, f.where?.sv])).toEqual([
      ['/form/uiSchema/photo/ui:options/maxBytes', '”Foto på skadan” i steg 1 ”Ditt ärende”'],
      ['/form/uiSchema/photo/ui:options/accept', '”Foto på skadan” i steg 1 ”Ditt ärende”'],
      ['/form/uiSchema/photo/ui:options/accept', '”Foto på skadan” i steg 1 ”Ditt ärende”'],
    ]);
  });

  it('says "not fully checked" with its own exit code when the CLI passes without the browser scan, and documents the codes', async () => {
    const cli = await runCli(copyOf(faultReport, 'felanmalan-snabb'), '--fast');
    expect(cli.report).toMatchObject({ verdict: 'passed', complete: false });
    expect(cli.code).toBe(4);
    const help = await promisify(execFile)(process.execPath, [cliPath, '--help']);
    expect(help.stdout).toMatch(/^ {2}4 {2}inte fullständigt kontrollerad/m);
    expect(help.stdout).toMatch(/not fully checked/);
  }, 120_000);

  it('publishes the accessibility statement of a published e-service in DIGG’s structure', async () => {
    const statement = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/catalogue/felanmalan-kopia/accessibility-statement');
    expect(statement.status).toBe(200);
    expect(statement.body).toMatchObject({ eserviceId: 'felanmalan-kopia', version: 1, status: 'full', title: { sv: 'Tillgänglighetsredogörelse för Felanmälan och synpunkter' } });
    const sections = statement.body.sections as { id: string; heading: { sv: string }; paragraphs: { sv: string }[]; items?: { sv: string }[]; links?: { href: string }[] }[];
    expect(sections.map((s) => s.id)).toEqual(['commitment', 'status', 'non-accessible', 'method', 'feedback', 'enforcement']);
    const section = (id: string) => sections.find((s) => s.id === id)!;
    expect(section('commitment').paragraphs[0]!.sv).toMatch(/^Solbacka kommun står bakom .* lagen \(2018:1937\) om tillgänglighet till digital offentlig service/);
    expect(section('status').paragraphs[0]!.sv).toMatch(/helt förenlig/);
    expect(section('method').paragraphs[0]!.sv).toContain(`automatisk granskning ${statement.body.assessedAt.slice(0, 10)}`);
    expect(section('feedback').items!.map((i) => i.sv)).toEqual(['E-post: kontaktcenter@solbacka.example.se', 'Telefon: 08-123 456 00']);
    expect(section('enforcement').links!.map((l) => l.href)).toEqual(['https://www.digg.se/anmal-bristande-tillganglighet']);

    expect((await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/catalogue/finns-inte/accessibility-statement')).status).toBe(404);
  });

  it('scans the demo’s e-services, published before the server listened, so their statements rest on a real scan', async () => {
    const seededStatement = () => call(app.baseUrl, 'GET', '/api/municipalities/solbacka/catalogue/felanmalan/accessibility-statement');
    expect((await seededStatement()).body).toMatchObject({ status: 'not-assessed', assessedAt: null });
    const before = await unscannedVersions(app.database.db);
    const felanmalan = { municipalityId: 'solbacka', eserviceId: 'felanmalan', version: 1 };
    expect(before).toContainEqual(felanmalan);

    const report = await app.assessVersion(felanmalan);
    expect(report.verdict).toBe('passed');
    expect(report.results.find((r) => r.id === 'SK-ACC-002')?.status).toBe('passed');
    const statement = (await seededStatement()).body;
    expect(statement).toMatchObject({ status: 'full', assessedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    const method = (statement.sections as { id: string; paragraphs: { sv: string }[] }[]).find((s) => s.id === 'method')!;
    expect(method.paragraphs[0]!.sv).toContain(`automatisk granskning ${statement.assessedAt.slice(0, 10)}`);
    expect(await unscannedVersions(app.database.db)).toEqual(before.filter((ref) => ref.eserviceId !== 'felanmalan' || ref.municipalityId !== 'solbacka'));
  });
});

describe('without the built client', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ clientDir: '/nonexistent/client/dist' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers the full check and publishing with a clear problem, and still runs the fast rules', async () => {
    const full = await call(app.baseUrl, 'POST', '/api/checks', faultReport);
    expect(full.status).toBe(503);
    expect(full.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(full.body).toMatchObject({ code: 'client-not-built', messages: { sv: { detail: expect.stringContaining('npm run build') }, en: { detail: expect.stringContaining('npm run build') } } });
    const publish = await call(app.baseUrl, 'POST', `${eservices}/felanmalan/publish`);
    expect(publish.status).toBe(503);
    expect(publish.body.code).toBe('client-not-built');
    expect((await call(app.baseUrl, 'GET', `${eservices}/felanmalan/versions`)).body.items).toHaveLength(1);
    expect((await call(app.baseUrl, 'POST', '/api/checks?scan=false', faultReport)).body).toMatchObject({ verdict: 'passed', complete: false });
  });
});

