import { describe, expect, it } from 'vitest';
import { checkRules } from '../rules/check-definition.js';
import { faultReport } from '../templates/fault-report.js';
import type { EServiceDefinition } from './format.js';
import { placeOf, placeText } from './places.js';
import { validateDefinition, type DefinitionProblem } from './validate-definition.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mutable = Record<string, any>;
const changed = (change: (definition: Mutable) => void): Mutable => {
  const copy = structuredClone(faultReport) as Mutable;
  change(copy);
  return copy;
};
const problemsOf = (input: unknown): DefinitionProblem[] => {
  const result = validateDefinition(input);
  expect(result.valid).toBe(false);
  return result.problems;
};
/** A JSON pointer or a format key in a message: what a designer should never have to read. */
const TECHNICAL = /\/[a-zA-Z]+\/|\b(accessibility\.\w|catalogue\.\w|personalData|collectsPersonalData|ui:options)/;

describe('messages name places as the designer shows them', () => {
  it('names an empty step by its number and title, not by a pointer', () => {
    const problems = problemsOf(changed((d) => (d.form.steps[0].fields = [])));
    const empty = problems.find((p) => p.pointer === '/form/steps/0/fields');
    expect(empty?.message).toEqual({ sv: 'Steg 1 ”Ditt ärende” har inga fält.', en: 'Step 1 “Your report” has no fields.' });
  });

  it('names a missing setting by its name in the settings tab, under its section', () => {
    const [problem] = problemsOf(changed((d) => delete d.catalogue.summary));
    expect(problem).toMatchObject({ pointer: '/catalogue/summary', code: 'format.required' });
    expect(problem?.message).toEqual({ sv: 'Katalogen: Fyll i ”Kort beskrivning”.', en: 'Catalogue: Fill in “Short description”.' });
  });

  it('names a step’s missing title as the step’s title, and a field’s text by the field’s label', () => {
    const [title] = problemsOf(changed((d) => delete d.form.steps[1].title));
    expect(title?.message.sv).toBe('Steg 2: Fyll i ”Rubrik”.');
    const [help] = problemsOf(changed((d) => (d.form.texts.description.help = 5)));
    expect(help?.message.sv).toBe('”Beskriv felet eller din synpunkt” har fel sorts värde.');
  });

  it('says which fields are on no step or twice by their labels', () => {
    const missing = problemsOf(changed((d) => d.form.steps[1].fields.pop()));
    expect(missing.map((p) => p.message.sv)).toEqual(['Fältet ”Din e-postadress” står inte på något steg.']);
  });

  it('keeps the pointer in the data, to link to the place', () => {
    const problems = problemsOf(changed((d) => ((d.form.steps[0].fields = []), delete d.catalogue.summary)));
    expect(problems.map((p) => p.pointer).sort()).toEqual(['/catalogue/summary', '/form/steps/0/fields']);
    for (const { message } of problems) expect(`${message.sv} ${message.en}`).not.toMatch(TECHNICAL);
  });

  it('words the rules’ findings without keys or pointers', () => {
    const bare = changed((d) => {
      delete d.accessibility;
      d.personalData = { collectsPersonalData: false };
    }) as EServiceDefinition;
    const findings = checkRules(bare).flatMap((r) => (r.status === 'failed' ? r.findings : []));
    const accessibility = findings.find((f) => f.pointer === '/accessibility');
    expect(accessibility?.message.sv).toContain('fyll i ”Synpunkter på tillgängligheten”');
    for (const { message } of findings) expect(`${message.sv} ${message.en}`).not.toMatch(TECHNICAL);
  });

  it('names a setting deep in a section by its own name, and a connector by its id', () => {
    const place = (pointer: string) => placeText(placeOf(faultReport, pointer)!, 'sv');
    expect(place('/accessibility/feedback/email')).toBe('E-post (Tillgänglighet)');
    expect(place('/personalData/retention/period')).toBe('Sparas i, räknat från inskickandet; sedan avidentifieras ärendet (Personuppgifter)');
    expect(place('/delivery/connectors/0/options/to')).toBe('Mottagaren kontaktcenter (Leverans)');
    expect(place('/form/steps/1')).toBe('Steg 2 ”Kontakt”');
    expect(placeOf(faultReport, '/formatVersion')).toBeUndefined();
  });
});
