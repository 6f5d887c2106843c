import { describe, expect, it } from 'vitest';
import type { Calculation } from '../calculations/model.js';
import type { EServiceDefinition } from '../definition/format.js';
import { assembleForm } from '../fields/catalogue/assemble.js';
import type { ChildField } from '../fields/catalogue/types.js';
import { faultReport, preschoolPlace, TEMPLATES } from '../templates/index.js';
import { RULE_CATALOGUE } from './catalogue.js';
import { checkDefinition, checkRules, DEFINITION_RULE, failedMustRules, reportText } from './check-definition.js';
import { connectorTypeFacts } from './connector-types.js';
import type { AccessibilityScan, CheckOptions } from './types.js';

const CLEAN_SCAN: AccessibilityScan = { scannedAt: '2026-11-25T04:00:00Z', engine: 'axe-core', pages: 8, violations: [] };
/** The server's pattern checker, finding nothing: what a definition without patterns gets on the server. */
const NO_UNSAFE_PATTERNS: CheckOptions = { unsafePatterns: () => [] };

/** A copy of a template with a change, so every rule is tested on a definition that passes and one that fails. */
function changed(base: EServiceDefinition, change: (d: EServiceDefinition) => void): EServiceDefinition {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

function findingsOf(definition: unknown, ruleId: string, options: CheckOptions = {}) {
  const result = checkDefinition(definition, { scan: CLEAN_SCAN, ...options }).results.find((r) => r.id === ruleId);
  if (!result) throw new Error(`no rule ${ruleId}`);
  return result;
}

function expectPasses(definition: unknown, ruleId: string, options?: CheckOptions) {
  const result = findingsOf(definition, ruleId, options);
  expect(result.findings).toEqual([]);
  expect(result.status).toBe('passed');
}

function expectFails(definition: unknown, ruleId: string, pointers: string[], messagePart: RegExp, options?: CheckOptions) {
  const result = findingsOf(definition, ruleId, options);
  expect(result.status).toBe('failed');
  expect(result.findings.map((f) => f.pointer)).toEqual(pointers);
  for (const f of result.findings) {
    expect(f.message.sv).toBeTruthy();
    expect(f.message.en).toMatch(messagePart);
  }
}

describe('the rule catalogue', () => {
  it('has unique ids, Swedish and English texts, a severity and a JSON pointer for each rule', () => {
    const ids = RULE_CATALOGUE.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULE_CATALOGUE.rules) {
      expect(rule.id).toMatch(/^SK-[A-Z]+-\d{3}$/);
      for (const text of [rule.title, rule.explanation]) expect(text.sv && text.en).toBeTruthy();
      expect(['must', 'should']).toContain(rule.severity);
      expect(rule.concerns === '' || rule.concerns.startsWith('/')).toBe(true);
    }
    expect(RULE_CATALOGUE.history[0]?.version).toBe(RULE_CATALOGUE.version);
  });
});

describe('the six example e-services', () => {
  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s passes every must rule', (_id, template) => {
    const report = checkDefinition(template, { scan: CLEAN_SCAN, ...NO_UNSAFE_PATTERNS });
    expect(failedMustRules(report)).toEqual([]);
    expect(report.verdict).toBe('passed');
    expect(report.complete).toBe(true);
  });
});

describe('SK-DEF-001 valid definition', () => {
  it('passes a valid definition', () => expectPasses(preschoolPlace, 'SK-DEF-001'));
  it('fails a form schema that does not compile, and still runs every rule that can run beside it', () => {
    const broken = changed(faultReport, (d) => {
      (d.form.schema.properties as Record<string, unknown>).location = { type: 'string', maxlength: 3 };
    });
    expectFails(broken, 'SK-DEF-001', ['/form/schema'], /cannot be compiled/);
    const report = checkDefinition(broken, { scan: CLEAN_SCAN, ...NO_UNSAFE_PATTERNS });
    expect(report.verdict).toBe('failed');
    // the scan cannot render it and the server's checkers are not handed it; the rest judge it
    const notRun = report.results.filter((r) => r.status === 'not-run');
    expect(notRun.map((r) => r.id)).toEqual(['SK-SEC-001', 'SK-ACC-002', 'SK-ACC-004', 'SK-ACC-005']);
    for (const r of notRun) expect(r.reason?.en).toMatch(/invalid definition; see SK-DEF-001/);
    expect(report.results.find((r) => r.id === 'SK-DEL-001')?.status).toBe('passed');
    expect(report.complete).toBe(false);
  });
  it('fails something that is not a definition at all', () => {
    expect(findingsOf({ hello: 'world' }, 'SK-DEF-001').status).toBe('failed');
  });
  it('fails the patterns the platform will not run (the server judges them), and still runs the other rules', () => {
    const unsafe = { pointer: '/form/schema/properties/location/pattern', message: { sv: 'Formatet kan låsa webbläsaren.', en: 'The format can freeze the browser.' } };
    const unsafePatterns = (definition: EServiceDefinition) => (definition.form.schema.properties as Record<string, { pattern?: string }>).location?.pattern ? [unsafe] : [];
    const withPattern = changed(faultReport, (d) => {
      (d.form.schema.properties as Record<string, Record<string, unknown>>).location!.pattern = '^(a+)+$';
    });
    expectFails(withPattern, 'SK-SEC-001', [unsafe.pointer], /freeze/, { unsafePatterns });
    const report = checkDefinition(withPattern, { scan: CLEAN_SCAN, unsafePatterns });
    expect(report).toMatchObject({ verdict: 'failed', complete: true, scan: CLEAN_SCAN });
    expect(failedMustRules(report).map((r) => r.id)).toEqual(['SK-SEC-001']);
    expectPasses(faultReport, 'SK-SEC-001', { unsafePatterns });
    expectPasses(withPattern, 'SK-DEF-001', { unsafePatterns });
    // an invalid definition is not handed to the pattern checker
    expect(findingsOf({ hello: 'world' }, 'SK-DEF-001', { unsafePatterns: () => expect.fail('called') }).status).toBe('failed');
    // without the server's checker (the designer) the rule is not run, and says why
    expect(findingsOf(withPattern, 'SK-SEC-001')).toMatchObject({ status: 'not-run', reason: { en: 'Needs a check only the server makes.' } });
  });
});

describe('the rules on a definition already validated (the designer)', () => {
  it('judge as the full check does, in catalogue order, without the definition rule', () => {
    const tooLong = changed(preschoolPlace, (d) => {
      d.form.texts.startDate!.help = {
        sv: 'Ansökningsförfarandet förutsätter dokumentationsunderlag beträffande vårdnadshavarnas sysselsättningsförhållanden, arbetstidsförläggning och eventuella studieförhållanden, vilket handläggningsorganisationen kontrollerar innan placeringsbeslutet meddelas vårdnadshavarna skriftligen.',
      };
    });
    for (const options of [{}, { scan: CLEAN_SCAN }]) {
      const full = checkDefinition(tooLong, options).results.filter((r) => r.id !== DEFINITION_RULE);
      expect(checkRules(tooLong, options)).toEqual(full);
    }
    expect(checkRules(tooLong).find((r) => r.id === 'SK-TXT-003')?.status).toBe('failed');
    expect(checkRules(tooLong).find((r) => r.id === 'SK-ACC-002')?.status).toBe('not-run');
    expect(checkRules(tooLong).map((r) => r.id)).toEqual(RULE_CATALOGUE.rules.map((r) => r.id).filter((id) => id !== DEFINITION_RULE));
  });
});

describe('SK-TXT-001 labels in every language', () => {
  it('passes when fields, options and steps have both languages', () => expectPasses(preschoolPlace, 'SK-TXT-001'));
  it('fails a field without an English label, a blank label, an option without text and a step without an English title', () => {
    const d = changed(faultReport, (d) => {
      d.form.texts.location!.label = { sv: 'Plats' };
      d.form.texts.description!.label = { sv: '  ', en: 'Description' };
      delete d.form.texts.category!.options!.park;
      d.form.steps[1]!.title = { sv: 'Kontakt' };
    });
    expectFails(d, 'SK-TXT-001', ['/form/texts/category/options/park', '/form/texts/location', '/form/texts/description', '/form/steps/1/title'], /no (label|text|title) in/);
    // the definition API refuses the blank label, but a check reports it here and runs every other rule
    expectPasses(d, 'SK-DEF-001');
  });
});

describe('SK-TXT-002 error messages', () => {
  it('passes when every required field has one', () => expectPasses(faultReport, 'SK-TXT-002'));
  it('fails a required field (also one required inside a condition) without an error message', () => {
    const d = changed(faultReport, (d) => {
      delete d.form.texts.location!.errorMessage;
      d.form.texts.email!.errorMessage = { sv: 'Skriv en e-postadress.' };
    });
    expectFails(d, 'SK-TXT-002', ['/form/texts/location/errorMessage', '/form/texts/email/errorMessage'], /has no error message in/);
  });
});

describe('SK-TXT-003 plain language (LIX)', () => {
  it('passes plain help texts', () => expectPasses(preschoolPlace, 'SK-TXT-003'));
  it('fails a help text with long sentences and long words, and follows the configured threshold', () => {
    const d = changed(faultReport, (d) => {
      d.form.texts.location!.help = {
        sv: 'Beskrivningen av platsens geografiska belägenhet underlättar handläggningen väsentligt eftersom driftorganisationens personal behöver lokalisera felanmälningsobjektet. Kompletterande lokaliseringsinformation beträffande närliggande infrastrukturanläggningar effektiviserar åtgärdsplaneringen.',
      };
    });
    expectFails(d, 'SK-TXT-003', ['/form/texts/location/help/sv'], /help texts of step 1 “Your report” together have LIX \d+; it must be below 55\. Long words: “infrastrukturanläggningar”, “lokaliseringsinformation”/);
    expectPasses(d, 'SK-TXT-003', { lixThreshold: 120 });
  });
});

describe('SK-FORM-001 fields per step', () => {
  it('passes steps within the limit', () => expectPasses(preschoolPlace, 'SK-FORM-001'));
  it('fails a step with more fields than configured (a group counts field by field)', () => {
    // the guardian step: given name, surname, personal identity number, street, postal code, city, e-mail, phone
    expectFails(preschoolPlace, 'SK-FORM-001', ['/form/steps/1/fields'], /shows up to 8 fields at once; at most 7/, { maxFieldsPerStep: 7 });
    expectPasses(preschoolPlace, 'SK-FORM-001', { maxFieldsPerStep: 8 });
  });
});

describe('SK-FORM-002 calculated values after the answers they are calculated from (should)', () => {
  const label = (sv: string, en: string) => ({ label: { sv, en } });
  const number = (key: string, sv: string, en: string, required = false): ChildField => ({ key, typeId: 'number', properties: { ...label(sv, en), required } });
  const fee = number('fee', 'Avgift', 'Fee');
  const requiredFee = number('fee', 'Avgift', 'Fee', true);
  const numberOfChildren = number('numberOfChildren', 'Antal barn', 'Number of children', true);
  const note: ChildField = { key: 'note', typeId: 'short-text', properties: label('Övrigt', 'Other') };
  const children = (required: boolean): ChildField => ({
    key: 'children',
    typeId: 'repeating-group',
    properties: { ...label('Barn', 'Children'), minItems: required ? 1 : 0, children: [number('hours', 'Timmar', 'Hours', true)] },
  });
  /** A fault report whose form is these two steps, with these calculations. */
  const withCalculations = (first: ChildField[], second: ChildField[], calculations: Calculation[]) =>
    changed(faultReport, (d) => {
      const { form } = assembleForm([
        { id: 'barnen', title: { sv: 'Barnen', en: 'The children' }, fields: first },
        { id: 'omsorgen', title: { sv: 'Omsorgen', en: 'The care' }, fields: second },
      ]);
      d.form = { ...form, calculations };
      d.prefill = [];
      d.signing = { required: false };
      d.receipt = { email: false, includeAnswers: false };
    });
  /** the connector's test delivery succeeded: this rule is the only one that can warn */
  const TESTED: CheckOptions = { connectorTests: { kontaktcenter: { succeeded: true, at: '2026-12-01T10:00:00Z' } } };
  const feeFrom = (input: string): Calculation => ({ field: 'fee', formula: { kind: 'multiply', factors: [input, 512.5] } });
  const messagesOf = (definition: EServiceDefinition, language: 'sv' | 'en') => findingsOf(definition, 'SK-FORM-002').findings.map((f) => f.message[language]);

  it('passes the six example e-services', () => {
    for (const template of TEMPLATES) expectPasses(template, 'SK-FORM-002');
  });

  describe('a calculated field on an earlier step than an answer it is calculated from', () => {
    const early = withCalculations([fee], [numberOfChildren], [feeFrom('numberOfChildren')]);

    it('warns at the calculation, naming both fields and steps and where to move it', () => {
      const result = findingsOf(early, 'SK-FORM-002', TESTED);
      expect(result.status).toBe('failed');
      expect(result.findings).toEqual([
        {
          pointer: '/form/calculations/0',
          message: {
            sv: 'Det beräknade fältet ”Avgift” visas i steg 1 ”Barnen” men räknas fram ur ”Antal barn” i steg 2 ”Omsorgen”, så den sökande ser det innan det kan räknas ut. Flytta det till steg 2 eller senare.',
            en: 'The calculated field “Fee” is shown on step 1 “The children” but is calculated from “Number of children” on step 2 “The care”, so the applicant sees it before it can be calculated. Move it to step 2 or later.',
          },
        },
      ]);
    });

    it('only warns: the verdict stays passed and the warning is counted', () => {
      const report = checkDefinition(early, { scan: CLEAN_SCAN, ...TESTED });
      expect(failedMustRules(report)).toEqual([]);
      expect(report.verdict).toBe('passed');
      expect(report.counts).toMatchObject({ mustFailed: 0, shouldFailed: 1 });
    });

    it('passes it on the same step as its inputs, or on a later one', () => {
      expectPasses(withCalculations([numberOfChildren, fee], [note], [feeFrom('numberOfChildren')]), 'SK-FORM-002');
      expectPasses(withCalculations([numberOfChildren], [fee], [feeFrom('numberOfChildren')]), 'SK-FORM-002');
    });

    it('warns for a count too: its rows are not there yet', () => {
      const d = withCalculations([fee], [children(true)], [{ field: 'fee', formula: { kind: 'count', field: 'children' } }]);
      expect(messagesOf(d, 'en')).toEqual([expect.stringContaining('calculated from “Children” on step 2')]);
    });

    it('names a field in a group after the group, on the group’s step', () => {
      const d = withCalculations([fee], [children(true)], [{ field: 'fee', formula: { kind: 'sum', terms: ['children.hours'] } }]);
      expect(messagesOf(d, 'sv')).toEqual([expect.stringContaining('räknas fram ur ”Barn – Timmar” i steg 2 ”Omsorgen”')]);
    });

    it("follows an earlier calculation's result to the answers it is calculated from, wherever that result is shown", () => {
      // the rows are counted on step 1 and shown on step 2; the fee on step 1 is calculated from that count
      const chained = withCalculations([children(true), fee], [number('numberOfChildren', 'Antal barn', 'Number of children')], [
        { field: 'numberOfChildren', formula: { kind: 'count', field: 'children' } },
        feeFrom('numberOfChildren'),
      ]);
      expectPasses(chained, 'SK-FORM-002');
    });
  });

  describe('a required calculated field that an optional answer can leave empty', () => {
    it('warns, naming the optional answer and what to change', () => {
      const d = withCalculations([number('hours', 'Timmar per vecka', 'Hours per week'), requiredFee], [note], [feeFrom('hours')]);
      expect(findingsOf(d, 'SK-FORM-002', TESTED).findings).toEqual([
        {
          pointer: '/form/calculations/0',
          message: {
            sv: 'Det beräknade fältet ”Avgift” är obligatoriskt men blir tomt när ”Timmar per vecka” inte är ifyllt, och det fältet är frivilligt. Då får den sökande ett fel i ett fält som inte går att ändra. Gör ”Timmar per vecka” obligatoriskt eller ”Avgift” frivilligt.',
            en: 'The calculated field “Fee” is required but stays empty when “Hours per week” is not filled in, and that field is optional. The applicant then gets an error on a field they cannot change. Make “Hours per week” required or “Fee” optional.',
          },
        },
      ]);
      const report = checkDefinition(d, { scan: CLEAN_SCAN, ...TESTED });
      expect(report.verdict).toBe('passed');
      expect(report.counts).toMatchObject({ mustFailed: 0, shouldFailed: 1 });
    });

    it('passes when the answer is required too, or the calculated field is optional', () => {
      expectPasses(withCalculations([number('hours', 'Timmar', 'Hours', true), requiredFee], [note], [feeFrom('hours')]), 'SK-FORM-002');
      expectPasses(withCalculations([number('hours', 'Timmar', 'Hours'), fee], [note], [feeFrom('hours')]), 'SK-FORM-002');
    });

    it('warns for each date of an optional period, whose dates are required only when it is given', () => {
      const days: Calculation = { field: 'fee', formula: { kind: 'date-difference', from: 'period.from', to: 'period.to', unit: 'days' } };
      const period = (required: boolean): ChildField => ({ key: 'period', typeId: 'date-range', properties: { ...label('Period', 'Period'), required } });
      expect(messagesOf(withCalculations([period(false), requiredFee], [note], [days]), 'en')).toEqual([
        expect.stringContaining('stays empty when “Period – From” is not filled in'),
        expect.stringContaining('stays empty when “Period – To” is not filled in'),
      ]);
      expectPasses(withCalculations([period(true), requiredFee], [note], [days]), 'SK-FORM-002');
    });

    it('never warns for a count or a sum: they have a result when nothing is answered', () => {
      expectPasses(withCalculations([children(false), requiredFee], [note], [{ field: 'fee', formula: { kind: 'count', field: 'children' } }]), 'SK-FORM-002');
      expectPasses(withCalculations([number('hours', 'Timmar', 'Hours'), requiredFee], [note], [{ field: 'fee', formula: { kind: 'sum', terms: ['hours', 100] } }]), 'SK-FORM-002');
    });

    it('follows an earlier calculation to the optional answer it needs', () => {
      const d = withCalculations([number('hours', 'Timmar', 'Hours'), number('weekly', 'Per vecka', 'Per week'), requiredFee], [note], [
        { field: 'weekly', formula: { kind: 'multiply', factors: ['hours', 5] } },
        feeFrom('weekly'),
      ]);
      expect(messagesOf(d, 'en')).toEqual([expect.stringContaining('stays empty when “Hours” is not filled in')]);
    });
  });
});

describe('SK-GDPR-001 personal data needs LoA 3 or a justification', () => {
  it('passes personal data with e-ID at level 3, and an anonymous e-service without personal data fields', () => {
    expectPasses(preschoolPlace, 'SK-GDPR-001');
    const noEmail = changed(faultReport, (d) => {
      d.form.schema.allOf = [];
      delete d.form.texts.email;
      delete (d.form.uiSchema as Record<string, unknown>).email;
      d.form.steps[1]!.fields = ['wantsAnswer'];
      d.receipt = { email: false, includeAnswers: false };
      delete d.personalData.justification;
    });
    expectPasses(noEmail, 'SK-GDPR-001');
  });
  it('counts an e-mail address as personal data whatever its flag says', () => {
    const unjustified = changed(faultReport, (d) => delete d.personalData.justification);
    expectFails(unjustified, 'SK-GDPR-001', ['/form/fields/email'], /collects a person's contact details .*“Justification for collecting personal data without an e-ID at level of assurance 3” under Personal data\.$/);
  });
  const anonymousPreschool = changed(preschoolPlace, (d) => {
    d.access = { login: 'eid', levelOfAssurance: 2, companyRepresentative: false };
  });
  it('fails personal identity numbers and addresses at level 2', () => {
    const result = findingsOf(anonymousPreschool, 'SK-GDPR-001');
    expect(result.status).toBe('failed');
    expect(result.findings.map((f) => f.pointer)).toEqual(
      expect.arrayContaining(['/form/fields/child.personalIdentityNumber', '/form/fields/guardian.address.postalCode', '/form/fields/guardian.address.street']),
    );
  });
  it('fails free text flagged as personal data without login', () => {
    const d = changed(faultReport, (d) => {
      d.form.fields = { description: { personalData: true } };
      delete d.personalData.justification;
    });
    expectFails(d, 'SK-GDPR-001', ['/form/fields/description', '/form/fields/email'], /flagged as personal data|contact details/);
  });
  it('passes with an explicit justification', () => {
    const d = changed(anonymousPreschool, (d) => {
      d.personalData.justification = { sv: 'Motivering.', en: 'Justification.' };
    });
    expectPasses(d, 'SK-GDPR-001');
  });
});

describe('SK-GDPR-002 purpose, legal basis and retention', () => {
  it('passes when they are set', () => expectPasses(preschoolPlace, 'SK-GDPR-002'));
  it('fails when personal data is collected without them', () => {
    const d = changed(preschoolPlace, (d) => {
      d.personalData = { collectsPersonalData: false, classification: 'confidential' };
    });
    expectFails(d, 'SK-GDPR-002', ['/personalData/collectsPersonalData', '/personalData/purpose', '/personalData/legalBasis', '/personalData/retention'], /./);
  });
});

describe('SK-GDPR-003 strictly confidential only through protected channels', () => {
  const strict = changed(preschoolPlace, (d) => {
    d.personalData.classification = 'strictly-confidential';
  });
  const withConnector = (type: string) => changed(strict, (d) => d.delivery.connectors.push({ id: 'notis', type, options: {} }));
  // what the server's plugins declare: the built-in ones and two extensions', one sending answers by SMS
  const connectorTypes = connectorTypeFacts([
    { type: 'email', strictlyConfidential: 'refused' },
    { type: 'case-management', strictlyConfidential: 'allowed' },
    { type: 'chattnotis', strictlyConfidential: 'allowed' },
    { type: 'sms', strictlyConfidential: 'refused' },
  ]);

  it('passes strictly confidential delivered to case management', () => {
    expectPasses(strict, 'SK-GDPR-003');
    expectPasses(strict, 'SK-GDPR-003', { connectorTypes });
  });
  it('passes a connector whose type allows it, e.g. an extension\'s that sends no answers', () => expectPasses(withConnector('chattnotis'), 'SK-GDPR-003', { connectorTypes }));
  it('fails a connector whose type refuses it, naming the connector and its type', () => {
    expectFails(withConnector('sms'), 'SK-GDPR-003', ['/delivery/connectors/1'], /strictly confidential/, { connectorTypes });
    expect(findingsOf(withConnector('sms'), 'SK-GDPR-003', { connectorTypes }).findings[0]!.message).toEqual({
      sv: 'Mottagaren ”notis” (typ ”sms”) får inte leverera ärenden från en e-tjänst som är klassad som strikt konfidentiell.',
      en: 'The connector “notis” (type “sms”) may not deliver the cases of an e-service classified strictly confidential.',
    });
  });
  it('fails a connector of a type the facts do not list: the platform does not know its channel', () => {
    expectFails(withConnector('fax'), 'SK-GDPR-003', ['/delivery/connectors/1'], /“fax”, which the platform does not know/, { connectorTypes });
    expectFails(withConnector('constructor'), 'SK-GDPR-003', ['/delivery/connectors/1'], /does not know/, { connectorTypes });
  });
  it('fails a protected type pointed at an unencrypted address, at the option', () => {
    const overHttp = changed(strict, (d) => d.delivery.connectors.push({ id: 'kvitto', type: 'webhook', options: { url: 'http://diarium.kommun.local/hook' } }));
    const overHttps = changed(strict, (d) => d.delivery.connectors.push({ id: 'kvitto', type: 'webhook', options: { url: 'https://diarium.kommun.local/hook' } }));
    const types = { ...connectorTypes, ...connectorTypeFacts([{ type: 'webhook', strictlyConfidential: 'allowed' }]) };
    expectFails(overHttp, 'SK-GDPR-003', ['/delivery/connectors/1/options/url'], /unencrypted address \(http:\/\/\)/, { connectorTypes: types });
    expectPasses(overHttps, 'SK-GDPR-003', { connectorTypes: types });
  });
  it('without the facts (an older caller) refuses e-mail only, as before', () => {
    expectPasses(withConnector('sms'), 'SK-GDPR-003');
    expectFails(withConnector('email'), 'SK-GDPR-003', ['/delivery/connectors/1'], /“notis” \(type “email”\)/);
  });
  it('leaves any connector to an e-service that is not strictly confidential', () => {
    const confidential = changed(withConnector('sms'), (d) => (d.personalData.classification = 'confidential'));
    expectPasses(confidential, 'SK-GDPR-003', { connectorTypes });
  });
  it('fails strictly confidential with an e-mail connector or answers in the receipt e-mail', () => {
    const d = changed(strict, (d) => {
      d.delivery.connectors.push({ id: 'mejl', type: 'email', options: { to: 'a@b.se' } });
      d.receipt.includeAnswers = true;
    });
    expectFails(d, 'SK-GDPR-003', ['/delivery/connectors/1', '/receipt/includeAnswers'], /strictly confidential/);
    expectFails(d, 'SK-GDPR-003', ['/delivery/connectors/1', '/receipt/includeAnswers'], /strictly confidential/, { connectorTypes });
  });
});

describe('SK-DEL-001 a connector is configured', () => {
  it('passes with one', () => expectPasses(faultReport, 'SK-DEL-001'));
  it('fails with none', () => {
    expectFails(changed(faultReport, (d) => (d.delivery.connectors = [])), 'SK-DEL-001', ['/delivery/connectors'], /no delivery connector/);
  });
});

describe('SK-DEL-002 the latest test delivery succeeded (should)', () => {
  it('passes when the latest test of each connector succeeded', () => {
    expectPasses(faultReport, 'SK-DEL-002', { connectorTests: { kontaktcenter: { succeeded: true, at: '2026-11-24T10:00:00Z' } } });
  });
  it('warns when none is recorded or it failed, without failing the verdict', () => {
    expectFails(faultReport, 'SK-DEL-002', ['/delivery/connectors/0'], /No test delivery to “kontaktcenter” is recorded/);
    expectFails(faultReport, 'SK-DEL-002', ['/delivery/connectors/0'], /failed \(2026-11-24/, {
      connectorTests: { kontaktcenter: { succeeded: false, at: '2026-11-24T10:00:00Z' } },
    });
    expect(checkDefinition(faultReport, { scan: CLEAN_SCAN }).verdict).toBe('passed');
  });
});

describe('SK-FILE-001 file uploads have types and a size limit', () => {
  const withUpload = (options: Record<string, unknown>) =>
    changed(faultReport, (d) => {
      (d.form.schema.properties as Record<string, unknown>).photos = { type: 'array', items: { type: 'string', format: 'attachment-id' }, maxItems: 3 };
      d.form.steps[0]!.fields.push('photos');
      d.form.texts.photos = { label: { sv: 'Foton', en: 'Photos' } };
      d.form.uiSchema.photos = { 'ui:options': options };
    });
  it('passes an attachment field with accept and maxBytes', () => {
    expectPasses(withUpload({ accept: ['image/jpeg', 'image/png'], maxBytes: 5_000_000 }), 'SK-FILE-001');
  });
  it('fails one without', () => {
    expectFails(withUpload({}), 'SK-FILE-001', ['/form/uiSchema/photos', '/form/uiSchema/photos'], /no (list of file types|size limit)/);
  });
});

describe('SK-ACC-001 theme contrast', () => {
  it("passes the platform's colours and a dark accent", () => {
    expectPasses(faultReport, 'SK-ACC-001');
    expectPasses(changed(faultReport, (d) => (d.theme = { primary: '#1d4d2b' })), 'SK-ACC-001');
  });
  it('fails light grey text and a pale accent', () => {
    const d = changed(faultReport, (d) => (d.theme = { text: '#aaaaaa', primary: '#7fb3ff' }));
    expectFails(d, 'SK-ACC-001', ['/theme/text', '/theme/primary', '/theme/primary'], /is \d\.\d\d:1; at least 4\.5:1/);
  });
});

describe('SK-ACC-002 and SK-ACC-004 browser scan', () => {
  const scan: AccessibilityScan = {
    ...CLEAN_SCAN,
    violations: [
      { rule: 'color-contrast', step: 'arende', state: 'clean', target: '#arende_location', wcag: ['1.4.3'], message: { sv: 'Kontrast', en: 'Contrast' }, fix: { sv: 'Mörkare text', en: 'Darker text' } },
      { rule: 'focus-not-visible', step: 'kontakt', state: 'clean', target: '#kontakt_email', wcag: ['2.4.7'], message: { sv: 'Fokus syns inte', en: 'Focus not visible' }, fix: { sv: 'Visa en fokusram', en: 'Show a focus ring' } },
      { rule: 'reflow', step: 'kontakt', state: 'errors', answers: { wantsAnswer: true }, target: 'p.field-help', wcag: ['1.4.10'], message: { sv: 'Rullar i sidled', en: 'Scrolls sideways' }, fix: { sv: 'Bryt raden', en: 'Wrap it' } },
    ],
  };
  it('are not run without a scan (the fast check) and pass a clean scan', () => {
    const fast = checkDefinition(faultReport);
    expect(fast.results.filter((r) => r.status === 'not-run').map((r) => r.id)).toEqual(['SK-SEC-001', 'SK-ACC-002', 'SK-ACC-004', 'SK-ACC-005']);
    expect(fast.complete).toBe(false);
    expectPasses(faultReport, 'SK-ACC-002');
    expectPasses(faultReport, 'SK-ACC-004');
    expectPasses(faultReport, 'SK-ACC-005');
  });
  it('fail with the violations, each rule its own', () => {
    expectFails(faultReport, 'SK-ACC-002', ['/form'], /arende \(empty step\), #arende_location: Contrast \[WCAG 1\.4\.3\]\. Fix: Darker text/, { scan });
    // in Swedish for a Swedish report
    expect(findingsOf(faultReport, 'SK-ACC-002', { scan }).findings[0]!.message.sv).toBe('arende (tomt steg), #arende_location: Kontrast [WCAG 1.4.3]. Åtgärd: Mörkare text');
    expectFails(faultReport, 'SK-ACC-004', ['/form'], /#kontakt_email: Focus not visible \[WCAG 2\.4\.7\]/, { scan });
    expectFails(faultReport, 'SK-ACC-005', ['/form'], /^kontakt \(with errors, with the answers \{"wantsAnswer":true\}\), p\.field-help: Scrolls sideways \[WCAG 1\.4\.10\]\. Fix: Wrap it$/, { scan });
  });
});

describe('SK-ACC-003 accessibility statement', () => {
  it('passes with a feedback address', () => expectPasses(faultReport, 'SK-ACC-003'));
  it('fails without the statement input, or with non-accessible content lacking a reason', () => {
    expectFails(changed(faultReport, (d) => delete d.accessibility), 'SK-ACC-003', ['/accessibility'], /accessibility statement is missing/);
    const d = changed(faultReport, (d) => {
      d.accessibility!.nonAccessibleContent = [{ description: { sv: 'Kartan', en: 'The map' }, reason: { sv: 'Oskälig börda' } }];
    });
    expectFails(d, 'SK-ACC-003', ['/accessibility/nonAccessibleContent/0'], /lacks a description or reason in English/);
  });
});

describe('the report as text', () => {
  it('names each rule, the findings and the verdict', () => {
    const d = changed(faultReport, (d) => (d.delivery.connectors = []));
    const text = reportText(checkDefinition(d), 'en');
    expect(text).toContain('FAIL SK-DEL-001 (must) At least one delivery connector is configured');
    expect(text).toContain('Connectors (Delivery) (/delivery/connectors): The e-service has no delivery connector.');
    expect(text).toMatch(/FAILED: 1 must rules failed, 0 warnings, 4 checks not run\./);
    expect(text).toContain('NOT FULLY CHECKED: 4 checks did not run, so there may be more failures.');
    expect(text).toContain('Needs the browser scan, which did not run.');
    const passed = reportText(checkDefinition(faultReport, { scan: CLEAN_SCAN, ...NO_UNSAFE_PATTERNS, connectorTests: { kontaktcenter: { succeeded: true, at: 'x' } } }), 'sv');
    expect(passed).toMatch(/GODKÄND: 0 skall-krav/);
    expect(passed).not.toContain('INTE FULLSTÄNDIGT');
    expect(reportText(checkDefinition(faultReport), 'sv')).toContain('INTE FULLSTÄNDIGT KONTROLLERAD: 4 kontroller kördes inte, så godkänd gäller bara de kontroller som kördes.');
  });
});
