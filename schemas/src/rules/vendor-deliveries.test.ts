import { describe, expect, it } from 'vitest';
import type { EServiceDefinition } from '../definition/format.js';
import { checkDefinition } from './check-definition.js';
import { connectorTypeFacts } from './connector-types.js';
import type { AccessibilityScan, CheckOptions } from './types.js';

/**
 * The shapes of real deliveries that the checker judged wrongly (issue 19): false refusals that
 * must pass, defects that must be reported with their rule, and classification that must follow
 * what the form collects. Each case is a change to one home-care application of our own.
 */

const CLEAN_SCAN: AccessibilityScan = { scannedAt: '2026-12-07T08:00:00Z', engine: 'axe-core', pages: 4, violations: [] };
const connectorTypes = connectorTypeFacts([
  { type: 'case-management', strictlyConfidential: 'allowed' },
  { type: 'email', strictlyConfidential: 'refused' },
]);
const OPTIONS: CheckOptions = { scan: CLEAN_SCAN, connectorTypes, unsafePatterns: () => [], maxAttachmentBytes: 10 * 1024 * 1024 };

const text = (sv: string, en: string) => ({ sv, en });

/** An application for home care (hemtjänst): social services, health data, strictly confidential, delivered to case management. */
const homeCare: EServiceDefinition = {
  formatVersion: '1.0',
  id: 'ansokan-hemtjanst',
  languages: ['sv', 'en'],
  catalogue: { title: text('Ansök om hemtjänst', 'Apply for home care'), summary: text('Här ansöker du om hjälp i hemmet.', 'Here you apply for help at home.'), topic: 'care' },
  owner: { organisation: 'solbacka', department: 'socialtjansten', contact: { name: 'Biståndsenheten', email: 'bistand@solbacka.example.se' } },
  access: { login: 'eid', levelOfAssurance: 3, companyRepresentative: false },
  personalData: {
    collectsPersonalData: true,
    purpose: text('Vi behöver uppgifterna för att pröva din ansökan.', 'We need the information to consider your application.'),
    legalBasis: 'public-task',
    retention: { period: 'P5Y' },
    classification: 'strictly-confidential',
  },
  form: {
    schema: {
      type: 'object',
      properties: {
        intro: { type: 'null' },
        name: { type: 'string', maxLength: 100 },
        phone: { type: 'string', format: 'telefonnummer' },
        needs: { type: 'string', maxLength: 2000 },
        livesAlone: { type: 'boolean' },
      },
      required: ['name', 'needs', 'livesAlone'],
    },
    uiSchema: { intro: { 'ui:field': 'information' }, needs: { 'ui:widget': 'textarea' }, livesAlone: { 'ui:widget': 'radio' } },
    texts: {
      intro: { label: text('Om ansökan', 'About the application'), help: text('Svara så gott du kan.', 'Answer as well as you can.') },
      name: { label: text('Ditt namn', 'Your name'), errorMessage: text('Skriv ditt namn.', 'Enter your name.') },
      phone: { label: text('Telefon', 'Phone') },
      needs: { label: text('Vad behöver du hjälp med?', 'What do you need help with?'), errorMessage: text('Skriv vad du behöver hjälp med.', 'Say what you need help with.') },
      livesAlone: { label: text('Bor du ensam?', 'Do you live alone?'), errorMessage: text('Svara ja eller nej.', 'Answer yes or no.') },
    },
    steps: [{ id: 'ansokan', title: text('Ansökan', 'Application'), fields: ['intro', 'name', 'phone', 'needs', 'livesAlone'] }],
    fields: { needs: { personalData: true, specialCategory: 'health' } },
  },
  prefill: [],
  signing: { required: false },
  receipt: { email: false, includeAnswers: false },
  delivery: { connectors: [{ id: 'bistand', type: 'case-management', options: { caseType: 'SOC-HT' } }] },
  benefit: { manualMinutesPerCase: 30, digitalMinutesPerCase: 10, costPerHourSek: 500, expectedCasesPerYear: 200 },
  accessibility: { feedback: { email: 'tillganglighet@solbacka.example.se' } },
};

function changed(change: (d: EServiceDefinition) => void, base: EServiceDefinition = homeCare): EServiceDefinition {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}
const properties = (d: EServiceDefinition) => d.form.schema.properties as Record<string, Record<string, unknown>>;

const resultOf = (definition: unknown, id: string, options: CheckOptions = {}) => checkDefinition(definition, { ...OPTIONS, ...options }).results.find((r) => r.id === id)!;
const pointersOf = (definition: unknown, id: string, options?: CheckOptions) => resultOf(definition, id, options).findings.map((f) => f.pointer);

describe('the home-care application', () => {
  it('passes every rule, complete', () => {
    const report = checkDefinition(homeCare, OPTIONS);
    expect(report.results.filter((r) => r.status !== 'passed').map((r) => [r.id, r.findings.map((f) => f.message.en)])).toEqual([['SK-DEL-002', [expect.stringMatching(/No test delivery/)]]]);
    expect(report).toMatchObject({ verdict: 'passed', complete: true });
  });
});

describe('false refusals that now pass', () => {
  it('SK-TXT-003: short help texts whose LIX alone is high pass, since LIX measures running text', () => {
    const shortTexts = changed((d) => {
      // alone: 6 words, 3 long (LIX 56) and 5 words, 4 long (LIX 85)
      d.form.texts.name!.help = text('Som det står i folkbokföringen, förnamn först.', 'As registered, given name first.');
      d.form.texts.phone!.help = text('Mobiltelefon fungerar, hemtelefon likaså.', 'A mobile or a landline.');
    });
    expect(resultOf(shortTexts, 'SK-TXT-003').status).toBe('passed');
  });
  it('SK-TXT-003: a step whose help texts together are hard to read fails at the step, naming the long words', () => {
    const hard = changed((d) => {
      d.form.texts.needs!.help = text(
        'Biståndsbedömningen förutsätter att omvårdnadsbehovet beskrivs utförligt avseende personlig hygien, förflyttningsförmåga, måltidssituationen och eventuella hälsotillstånd som påverkar vardagsfungerandet.',
        'Describe your needs.',
      );
    });
    const result = resultOf(hard, 'SK-TXT-003');
    expect(result.findings.map((f) => f.pointer)).toEqual(['/form/texts/needs/help/sv']);
    expect(result.findings[0]!.message.sv).toMatch(/Hjälptexterna i steg 1 ”Ansökan” har tillsammans LIX \d+; det ska vara under 55\. Långa ord: ”förflyttningsförmåga”, ”biståndsbedömningen”, .*; den längsta meningen har 17 ord\./);
  });
  it('SK-FORM-001: counts what is seen at once, not information texts nor both branches of an either/or question', () => {
    const eitherOr = changed((d) => {
      const schema = d.form.schema;
      const input = { type: 'string', maxLength: 50 };
      // 4 inputs always (name, phone, needs, livesAlone), 3 when alone, 6 when not: at most 7 at once of 13
      Object.assign(properties(d), { info2: { type: 'null' } });
      schema.allOf = [
        {
          if: { properties: { livesAlone: { const: true } }, required: ['livesAlone'] },
          then: { properties: { relative: input, relativePhone: input, keyHolder: input } },
          else: { properties: { cohabitant: input, cohabitantAge: input, cohabitantHelps: input, cohabitantWorks: input, cohabitantPhone: input, cohabitantNeeds: input } },
        },
      ];
      for (const name of ['info2', 'relative', 'relativePhone', 'keyHolder', 'cohabitant', 'cohabitantAge', 'cohabitantHelps', 'cohabitantWorks', 'cohabitantPhone', 'cohabitantNeeds']) {
        d.form.texts[name] = { label: text(`Fält ${name}`, `Field ${name}`) };
        d.form.steps[0]!.fields.push(name);
      }
      d.form.uiSchema.info2 = { 'ui:field': 'information' };
    });
    expect(resultOf(eitherOr, 'SK-DEF-001').status).toBe('passed');
    expect(resultOf(eitherOr, 'SK-FORM-001', { maxFieldsPerStep: 10 }).status).toBe('passed');
    expect(resultOf(eitherOr, 'SK-FORM-001', { maxFieldsPerStep: 9 }).findings[0]?.message.en).toMatch(/shows up to 10 fields at once; at most 9/);
  });
});

describe('one check, whole answers', () => {
  it('a field without a label fails SK-TXT-001 and every other rule still runs', () => {
    const unlabelled = changed((d) => {
      d.form.texts.phone = { help: text('Om vi behöver nå dig.', 'In case we need to reach you.') } as never;
    });
    const report = checkDefinition(unlabelled, OPTIONS);
    expect(report.complete).toBe(true);
    expect(report.results.find((r) => r.id === 'SK-DEF-001')?.status).toBe('passed');
    expect(report.results.find((r) => r.id === 'SK-TXT-001')?.findings.map((f) => f.pointer)).toEqual(['/form/texts/phone']);
  });
  it('a definition that does not validate still has the rules that can run judged beside it', () => {
    const broken = changed((d) => {
      (d as { benefit?: unknown }).benefit = undefined;
      d.catalogue.summary = text('Fält markerade med röd ram måste fyllas i.', 'Fields with a red border are required.');
    });
    const report = checkDefinition(broken, OPTIONS);
    expect(report.results.find((r) => r.id === 'SK-DEF-001')?.status).toBe('failed');
    expect(report.results.find((r) => r.id === 'SK-TXT-004')?.status).toBe('failed');
    expect(report.results.filter((r) => r.status === 'not-run').map((r) => [r.id, r.reason?.en])).toEqual(
      ['SK-SEC-001', 'SK-ACC-002', 'SK-ACC-004', 'SK-ACC-005'].map((id) => [id, 'Could not run on an invalid definition; see SK-DEF-001.']),
    );
  });
  it('the platform\'s validation of the connectors is part of SK-DEF-001, and other rules still run', () => {
    const platformProblems = () => [{ pointer: '/delivery/connectors/0/type', message: text('Okänd mottagartyp.', 'Unknown connector type.') }];
    const report = checkDefinition(homeCare, { ...OPTIONS, platformProblems });
    expect(report.results.find((r) => r.id === 'SK-DEF-001')?.findings.map((f) => f.pointer)).toEqual(['/delivery/connectors/0/type']);
    expect(report.complete).toBe(true);
  });
  it('a finding names the field by its label and its step beside its pointer', () => {
    const finding = resultOf(changed((d) => delete d.form.texts.name!.errorMessage), 'SK-TXT-002').findings[0]!;
    expect(finding).toMatchObject({ pointer: '/form/texts/name/errorMessage', where: { sv: '”Ditt namn” i steg 1 ”Ansökan”', en: '“Your name” on step 1 “Application”' } });
  });
});

describe('missed defects, now reported', () => {
  it('SK-TXT-004: an instruction by colour only', () => {
    const d = changed((d) => (d.form.texts.intro!.help = text('Fält med grön kant är frivilliga.', 'Fields with a green edge are optional.')));
    expect(pointersOf(d, 'SK-TXT-004')).toEqual(['/form/texts/intro/help/sv', '/form/texts/intro/help/en']);
  });
  it('SK-TXT-005: a required field whose label is hidden', () => {
    const d = changed((d) => (d.form.uiSchema.name = { 'ui:options': { label: false } }));
    expect(pointersOf(d, 'SK-TXT-005')).toEqual(['/form/uiSchema/name']);
    expect(resultOf(changed((d) => (d.form.uiSchema.phone = { 'ui:options': { label: false } })), 'SK-TXT-005').status).toBe('passed');
  });
  it('SK-TXT-006: human texts in the uiSchema', () => {
    const d = changed((d) => {
      d.form.uiSchema.name = { 'ui:placeholder': 'Förnamn Efternamn' };
      d.form.uiSchema.needs = { 'ui:widget': 'textarea', 'ui:description': 'Beskriv en vanlig dag.' };
    });
    expect(pointersOf(d, 'SK-TXT-006')).toEqual(['/form/uiSchema/needs/ui:description', '/form/uiSchema/name/ui:placeholder']);
  });
  it('SK-TXT-007: an error message that does not say what is expected', () => {
    const d = changed((d) => (d.form.texts.name!.errorMessage = text('Ogiltigt värde!', 'Invalid value')));
    expect(pointersOf(d, 'SK-TXT-007')).toEqual(['/form/texts/name/errorMessage/sv', '/form/texts/name/errorMessage/en']);
  });
  it('SK-TXT-008 (should): abbreviations that are not explained, but not one explained elsewhere nor a format mask', () => {
    const d = changed((d) => {
      d.form.texts.needs!.help = text('Beskriv t.ex. hjälp enligt SoL eller insatser från HSL.', 'Describe your needs.');
      d.form.texts.intro!.help = text('Hälso- och sjukvårdslagen (HSL) gäller också. Skriv datum som ÅÅÅÅ-MM-DD.', 'Answer as well as you can.');
    });
    const result = resultOf(d, 'SK-TXT-008');
    expect(result).toMatchObject({ severity: 'should', status: 'failed' });
    expect(result.findings.map((f) => f.message.en)).toEqual([expect.stringMatching(/not explained: “SoL”, “t\.ex\.”\./)]);
  });
  it('SK-TXT-009: a catalogue summary that is hard to read', () => {
    const d = changed((d) => {
      d.catalogue.summary = text(
        'Ansökningsförfarandet avseende hemtjänstinsatser förutsätter biståndsbedömning enligt socialtjänstlagen, varvid handläggningsorganisationen utreder omvårdnadsbehov, hushållsförhållanden och eventuella kompletterande stödinsatser innan biståndsbeslut meddelas den enskilde skriftligen.',
        'Apply for home care.',
      );
    });
    expect(pointersOf(d, 'SK-TXT-009')).toEqual(['/catalogue/summary/sv']);
  });
  it('SK-SEC-001: a catastrophic pattern, judged by the server\'s checker', () => {
    const unsafePatterns = (d: EServiceDefinition) =>
      properties(d).name?.pattern === '^(a+)+$' ? [{ pointer: '/form/schema/properties/name/pattern', message: text('Kan låsa webbläsaren.', 'Can freeze the browser.') }] : [];
    const d = changed((d) => (properties(d).name!.pattern = '^(a+)+$'));
    expect(pointersOf(d, 'SK-SEC-001', { unsafePatterns })).toEqual(['/form/schema/properties/name/pattern']);
  });
});

describe('classification follows what the form collects and where it goes', () => {
  const byEmail = (to: string) => (d: EServiceDefinition) => (d.delivery.connectors = [{ id: 'handlaggare', type: 'email', options: { to } }]);
  it.each(['confidential', 'internal'] as const)('SK-GDPR-004: social services marked %s with e-mail delivery is refused', (classification) => {
    const d = changed((d) => {
      d.personalData.classification = classification;
      byEmail('handlaggare@solbacka.example.se')(d);
    });
    const result = resultOf(d, 'SK-GDPR-004');
    expect(result.findings.map((f) => f.pointer)).toEqual(['/personalData/classification', '/delivery/connectors/0']);
    expect(result.findings[0]!.message.en).toMatch(/care and support \(social services\); its owner is social services .*“What do you need help with\?”/);
  });
  it('SK-GDPR-004: a field marked as health data makes any e-service need e-ID at level 3', () => {
    const d = changed((d) => {
      d.catalogue.topic = 'school';
      d.owner.department = 'utbildning';
      d.access = { login: 'eid', levelOfAssurance: 2, companyRepresentative: false };
    });
    expect(pointersOf(d, 'SK-GDPR-004')).toEqual(['/access']);
    expect(resultOf(changed((d) => delete d.form.fields!.needs!.specialCategory, d), 'SK-GDPR-004').status).toBe('passed');
  });
  it('SK-GDPR-004: social-services secrecy on a field counts like a special category', () => {
    const d = changed((d) => {
      d.catalogue.topic = 'feedback';
      d.owner.department = 'kommunstyrelse';
      d.form.fields = { needs: { secrecy: 'social-services' } };
      d.personalData.classification = 'confidential';
    });
    expect(pointersOf(d, 'SK-GDPR-004')).toEqual(['/personalData/classification']);
  });
  it('SK-GDPR-005: e-mail delivery of personal data goes only to the municipality\'s own domain', () => {
    const open = changed((d) => {
      d.catalogue.topic = 'feedback';
      d.owner.department = 'kommunstyrelse';
      d.form.fields = {};
      d.personalData.classification = 'internal';
    });
    expect(resultOf(changed(byEmail('registrator@kommun.solbacka.example.se'), open), 'SK-GDPR-005').status).toBe('passed');
    expect(pointersOf(changed(byEmail('inbox@leverantor.example.com'), open), 'SK-GDPR-005')).toEqual(['/delivery/connectors/0/options/to']);
    // a neighbouring municipality under the same parent domain is not the owner's own
    expect(pointersOf(changed(byEmail('registrator@ekdala.example.se'), open), 'SK-GDPR-005')).toEqual(['/delivery/connectors/0/options/to']);
  });
  it('SK-GDPR-005: the domains the municipality declared count, not the contact address its designer chose', () => {
    // a vendor's delivery naming the vendor as the contact: the contact's domain alone lets the vendor's inbox through
    const d = changed((d) => {
      d.catalogue.topic = 'feedback';
      d.owner.department = 'kommunstyrelse';
      d.form.fields = {};
      d.personalData.classification = 'internal';
      d.owner.contact.email = 'support@leverantor.example.com';
      d.delivery.connectors = ['inbox@leverantor.example.com', 'kundtjanst@drift.solbacka-vatten.example.se', 'registrator@solbacka.example.se'].map((to, i) => ({ id: `brevlada-${i}`, type: 'email', options: { to } }));
    });
    const toConnectors = ['/delivery/connectors/1/options/to', '/delivery/connectors/2/options/to'];
    expect(pointersOf(d, 'SK-GDPR-005')).toEqual(toConnectors);
    // an empty list is no list: the contact's domain stands in
    expect(pointersOf(d, 'SK-GDPR-005', { mailDomains: [] })).toEqual(toConnectors);
    // each declared domain and those below it count, whatever the case the administrator typed
    const refused = resultOf(d, 'SK-GDPR-005', { mailDomains: ['solbacka.example.se', 'Solbacka-Vatten.example.se'] });
    expect(refused.findings.map((f) => f.pointer)).toEqual(['/delivery/connectors/0/options/to']);
    expect(refused.findings[0]!.message.en).toBe("The connector “brevlada-0” e-mails personal data to inbox@leverantor.example.com, outside the municipality's domains solbacka.example.se, solbacka-vatten.example.se.");
  });
  it('SK-GDPR-006: strictly confidential never goes with anonymous access, whatever the justification', () => {
    const d = changed((d) => {
      d.access = { login: 'none' };
      d.personalData.justification = text('Det går snabbare.', 'It is quicker.');
    });
    expect(pointersOf(d, 'SK-GDPR-006')).toEqual(['/access/login']);
  });
  it('SK-GDPR-007: a phone field cannot be marked as not personal data, and counts as personal data anyway', () => {
    const d = changed((d) => (d.form.fields!.phone = { fieldType: 'phone', personalData: false }));
    expect(pointersOf(d, 'SK-GDPR-007')).toEqual(['/form/fields/phone/personalData']);
    const level2 = changed((d) => {
      d.form.fields = { phone: { personalData: false } };
      d.catalogue.topic = 'feedback';
      d.owner.department = 'kommunstyrelse';
      d.access = { login: 'eid', levelOfAssurance: 2, companyRepresentative: false };
    });
    expect(pointersOf(level2, 'SK-GDPR-001')).toEqual(['/form/fields/phone']);
  });
});

describe('SK-FILE-001 refuses at the field what the portal would silently change', () => {
  const withUpload = (options: Record<string, unknown>) =>
    changed((d) => {
      properties(d).certificate = { type: 'string', format: 'attachment-id' };
      d.form.uiSchema.certificate = { 'ui:options': options };
      d.form.texts.certificate = { label: text('Läkarintyg', 'Medical certificate') };
      d.form.steps[0]!.fields.push('certificate');
    });
  it('passes recognised types within the installation\'s limit', () => {
    expect(resultOf(withUpload({ accept: ['application/pdf', 'image/jpeg'], maxBytes: 5 * 1024 * 1024 }), 'SK-FILE-001').status).toBe('passed');
  });
  it('refuses a wildcard, an unrecognised type and a size above the installation\'s limit', () => {
    const result = resultOf(withUpload({ accept: ['image/*', 'image/heic'], maxBytes: 50 * 1024 * 1024 }), 'SK-FILE-001');
    expect(result.findings.map((f) => [f.pointer, f.message.en])).toEqual([
      ['/form/uiSchema/certificate/ui:options/maxBytes', expect.stringMatching(/allows files of 50 MB, but the installation takes at most 10 MB/)],
      ['/form/uiSchema/certificate/ui:options/accept', expect.stringMatching(/gives “image\/\*”; list the file types \(PDF, PNG, JPEG/)],
      ['/form/uiSchema/certificate/ui:options/accept', expect.stringMatching(/gives “image\/heic”, which the platform does not recognise/)],
    ]);
  });
});
