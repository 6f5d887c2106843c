import { describe, expect, it } from 'vitest';
import { readFieldConditions } from '../conditions/compile.js';
import { preschoolPlace } from '../templates/preschool-place.js';
import type { EServiceDefinition, JsonSchemaObject } from './format.js';
import { fieldKeyProblem, renameField } from './rename.js';
import { validateDefinition } from './validate-definition.js';

/**
 * The preschool template with a reference of every kind beside its own (conditions compiled into
 * the schema, prefill, co-signers, the receipt's e-mail): a step condition, calculations, answer
 * rules, a repeating group and a case-management connector routing by answers.
 */
function preschool(): EServiceDefinition {
  const d = structuredClone(preschoolPlace);
  const properties = d.form.schema.properties as Record<string, JsonSchemaObject>;
  properties.endDate = { type: 'string', format: 'date' };
  properties.ageInMonths = { type: 'number' };
  properties.siblings = { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'number' } } } };
  properties.siblingCount = { type: 'number' };
  properties.totalHours = { type: 'number' };
  d.form.uiSchema.siblings = { items: { age: { 'ui:widget': 'updown' } } };
  d.form.texts['endDate'] = { label: { sv: 'Slutdatum' } };
  d.form.texts['ageInMonths'] = { label: { sv: 'Ålder i månader' } };
  d.form.texts['siblings'] = { label: { sv: 'Syskon' } };
  d.form.texts['siblings.name'] = { label: { sv: 'Namn' } };
  d.form.texts['siblings.age'] = { label: { sv: 'Ålder' } };
  d.form.texts['siblingCount'] = { label: { sv: 'Antal syskon' } };
  d.form.texts['totalHours'] = { label: { sv: 'Timmar' } };
  d.form.steps[3]!.fields.push('endDate', 'ageInMonths', 'siblings', 'siblingCount', 'totalHours');
  d.form.steps[3]!.showWhen = { field: 'child.givenName', operator: 'isNot', value: 'x' };
  d.form.calculations = [
    { field: 'ageInMonths', formula: { kind: 'date-difference', from: 'startDate', to: 'endDate', unit: 'months' } },
    { field: 'siblingCount', formula: { kind: 'count', field: 'siblings' } },
    { field: 'totalHours', formula: { kind: 'sum', terms: ['hoursPerWeek', 'siblings.age', 2] } },
  ];
  d.form.answerRules = [{ kind: 'after', field: 'endDate', other: 'startDate' }];
  d.delivery.connectors[0]!.options = {
    caseType: 'BOU-FSK',
    unit: 'Förskoleantagningen',
    titleTemplate: 'Förskoleplats för {answers.child.givenName} från {answers.startDate}',
    rules: [
      { field: 'preferredPreschools.0', equals: 'solrosen', unit: 'Norr' },
      { field: 'siblings.0.name', equals: 'Kim', unit: 'Syd' },
    ],
  };
  return d;
}

const schemaOf = (d: EServiceDefinition) => d.form.schema as JsonSchemaObject & { properties: Record<string, JsonSchemaObject>; required: string[] };

describe('renaming a field key', () => {
  it('starts from a valid definition, and the renamed one is valid too', () => {
    expect(validateDefinition(preschool()).problems).toEqual([]);
    const renamed = renameField(renameField(renameField(preschool(), 'child', 'barn'), 'startDate', 'startdatum'), 'hasOtherGuardian', 'annanVardnadshavare');
    expect(validateDefinition(renamed).problems).toEqual([]);
  });

  it('renames the declaration in place, its required entry, uiSchema, texts, field settings and step', () => {
    const before = preschool();
    const after = renameField(before, 'hoursPerWeek', 'timmarPerVecka');
    const keys = Object.keys(schemaOf(before).properties);
    expect(Object.keys(schemaOf(after).properties)).toEqual(keys.map((k) => (k === 'hoursPerWeek' ? 'timmarPerVecka' : k)));
    expect(schemaOf(after).required).toContain('timmarPerVecka');
    expect(schemaOf(after).required).not.toContain('hoursPerWeek');
    expect(after.form.texts.timmarPerVecka).toEqual(before.form.texts.hoursPerWeek);
    expect(after.form.texts.hoursPerWeek).toBeUndefined();
    expect(Object.keys(after.form.texts).indexOf('timmarPerVecka')).toBe(Object.keys(before.form.texts).indexOf('hoursPerWeek'));
    expect(after.form.steps[3]!.fields).toContain('timmarPerVecka');
    // the renamed copy is new: the definition given stays as it was
    expect(schemaOf(before).properties.hoursPerWeek).toBeDefined();
  });

  it('renames a field condition compiled into the schema, on the side it looks at and on its target', () => {
    const looked = renameField(preschool(), 'hasOtherGuardian', 'annanVardnadshavare');
    expect(readFieldConditions(looked.form.schema).conditions).toContainEqual({ target: 'otherGuardian', when: { field: 'annanVardnadshavare', operator: 'is', value: true } });
    expect(looked.form.uiSchema.annanVardnadshavare).toEqual({ 'ui:widget': 'radio', 'ui:options': { inline: true } });
    const target = renameField(preschool(), 'specialNeedsDescription', 'behov');
    expect(readFieldConditions(target.form.schema).conditions).toContainEqual({ target: 'behov', when: { field: 'hasSpecialNeeds', operator: 'is', value: true } });
    expect(target.form.uiSchema.behov).toEqual({ 'ui:widget': 'textarea', 'ui:options': { rows: 5 } });
  });

  it('renames a group: its children’s texts, prefill, co-signers, the receipt’s e-mail field and nested uiSchema follow', () => {
    const after = renameField(preschool(), 'guardian', 'foralder');
    expect(after.prefill.map((p) => p.field)).toEqual(preschool().prefill.map((p) => p.field.replace(/^guardian\./, 'foralder.')));
    expect(after.receipt.emailField).toBe('foralder.email');
    expect(after.form.uiSchema.foralder).toEqual(preschool().form.uiSchema.guardian);
    expect(Object.keys(after.form.texts).filter((k) => k.startsWith('guardian'))).toEqual([]);
    expect(after.form.texts['foralder.address.street']).toEqual(preschool().form.texts['guardian.address.street']);

    const coSigner = renameField(preschool(), 'otherGuardian.personalIdentityNumber', 'pnr');
    expect(coSigner.signing.coSignerFields).toEqual(['otherGuardian.pnr']);
    const declared = ((schemaOf(coSigner).allOf as JsonSchemaObject[])[0]!.then as { properties: { otherGuardian: JsonSchemaObject } }).properties.otherGuardian;
    expect(declared).toMatchObject({ properties: { pnr: { format: 'personnummer' } }, required: ['name', 'pnr'] });
  });

  it('renames a step condition, calculations and answer rules', () => {
    const after = renameField(renameField(preschool(), 'startDate', 'startdatum'), 'child.givenName', 'fornamn');
    expect(after.form.steps[3]!.showWhen).toEqual({ field: 'child.fornamn', operator: 'isNot', value: 'x' });
    expect(after.form.calculations![0]).toEqual({ field: 'ageInMonths', formula: { kind: 'date-difference', from: 'startdatum', to: 'endDate', unit: 'months' } });
    expect(after.form.answerRules).toEqual([{ kind: 'after', field: 'endDate', other: 'startdatum' }]);
    const count = renameField(preschool(), 'siblings', 'syskon');
    expect(count.form.calculations!.slice(1)).toEqual([
      { field: 'siblingCount', formula: { kind: 'count', field: 'syskon' } },
      { field: 'totalHours', formula: { kind: 'sum', terms: ['hoursPerWeek', 'syskon.age', 2] } },
    ]);
    expect(renameField(preschool(), 'totalHours', 'timmar').form.calculations![2]!.field).toBe('timmar');
  });

  it('renames a field in the rows of a repeating group: its uiSchema under items and the connector rule by row number', () => {
    const after = renameField(preschool(), 'siblings.age', 'alder');
    expect(after.form.uiSchema.siblings).toEqual({ items: { alder: { 'ui:widget': 'updown' } } });
    expect(Object.keys((schemaOf(after).properties.siblings!.items as { properties: object }).properties)).toEqual(['name', 'alder']);
    expect(after.form.calculations![2]!.formula).toEqual({ kind: 'sum', terms: ['hoursPerWeek', 'siblings.alder', 2] });
    const byName = renameField(preschool(), 'siblings.name', 'namn');
    expect((byName.delivery.connectors[0]!.options.rules as { field: string }[]).map((r) => r.field)).toEqual(['preferredPreschools.0', 'siblings.0.namn']);
  });

  it("renames the connectors' field mappings: routing rules and the case title's placeholders", () => {
    const after = renameField(renameField(preschool(), 'preferredPreschools', 'forskolor'), 'child', 'barn');
    const options = after.delivery.connectors[0]!.options as { titleTemplate: string; rules: { field: string }[] };
    expect(options.rules.map((r) => r.field)).toEqual(['forskolor.0', 'siblings.0.name']);
    expect(options.titleTemplate).toBe('Förskoleplats för {answers.barn.givenName} från {answers.startDate}');
  });

  it('leaves alone another field whose key begins the same, and the same key in another group', () => {
    const d = preschool();
    const after = renameField(d, 'child.surname', 'efternamn');
    expect(schemaOf(after).properties.guardian).toEqual(schemaOf(d).properties.guardian);
    expect(after.prefill).toEqual(d.prefill);
    const start = renameField(d, 'startDate', 'start');
    expect(start.form.texts.endDate).toEqual(d.form.texts.endDate);
    expect(renameField(d, 'siblings', 'sib').form.calculations![1]!.field).toBe('siblingCount');
  });

  it('refuses a key that is not valid or that a field beside it has, in Swedish and English', () => {
    const d = preschool();
    expect(fieldKeyProblem(d, 'startDate', '2start')).toMatchObject({ code: 'field-key-invalid', message: { sv: expect.stringContaining('börja med en bokstav') } });
    expect(fieldKeyProblem(d, 'startDate', 'start datum')?.code).toBe('field-key-invalid');
    expect(fieldKeyProblem(d, 'startDate', '')?.code).toBe('field-key-invalid');
    expect(fieldKeyProblem(d, 'startDate', 'endDate')).toEqual({ code: 'field-key-taken', message: { sv: 'Ett annat fält här har redan nyckeln ”endDate”.', en: 'Another field here already has the key “endDate”.' } });
    // otherGuardian is declared only in a condition's branch: still taken
    expect(fieldKeyProblem(d, 'startDate', 'otherGuardian')?.code).toBe('field-key-taken');
    expect(fieldKeyProblem(d, 'siblings.age', 'name')?.code).toBe('field-key-taken');
    expect(fieldKeyProblem(d, 'child.givenName', 'surname')?.code).toBe('field-key-taken');
    expect(fieldKeyProblem(d, 'nothing', 'something')?.code).toBe('field-unknown');
    // a key used in another group is free here
    expect(fieldKeyProblem(d, 'child.givenName', 'email')).toBeUndefined();
    expect(() => renameField(d, 'startDate', 'endDate')).toThrow(/already has the key/);
    expect(renameField(d, 'startDate', 'startDate')).toBe(d);
  });
});
