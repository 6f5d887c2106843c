import { describe, expect, it } from 'vitest';
import type { EServiceDefinition } from '../../definition/format.js';
import { validateDefinition } from '../../definition/validate-definition.js';
import { EXAMPLE_ANSWERS, TEMPLATES } from '../../templates/index.js';
import { applyFieldConditions } from '../../conditions/compile.js';
import { createAjv } from '../../validation/ajv.js';
import { compileAnswerValidator } from '../../validation/submission-validator.js';
import { assembleForm, readDesignerModel } from './assemble.js';
import { createField, fieldPalette, fieldType, fieldTypes, inferFieldType, isRankedChoice, newField, readFieldProperties } from './catalogue.js';
import { PATTERN_PRESETS } from './presets.js';
import { FIELD_TYPE_IDS, type ChildField } from './types.js';
import { collectFieldPaths } from '../../definition/fields.js';

/** A valid definition around the given steps, from the fault-report template's non-form parts. */
function definitionOf(steps: Parameters<typeof assembleForm>[0]): EServiceDefinition {
  const base = TEMPLATES.find((t) => t.id === 'felanmalan') as EServiceDefinition;
  const { form, prefill, coSignerFields } = assembleForm(steps);
  return {
    ...structuredClone(base),
    access: { login: 'eid', levelOfAssurance: 3, companyRepresentative: false },
    personalData: { ...base.personalData, collectsPersonalData: true, legalBasis: 'public-task', purpose: { sv: 'Handläggning' } },
    form,
    prefill,
    signing: { required: coSignerFields.length > 0, coSignerFields },
    receipt: { email: false, includeAnswers: false },
    delivery: { connectors: [] },
  };
}

const oneField = (field: ChildField) => definitionOf([{ id: 'steg', title: { sv: 'Steg' }, fields: [field] }]);

describe('pattern presets', () => {
  for (const preset of PATTERN_PRESETS) {
    it(`${preset.id} accepts its valid examples and refuses its invalid ones (ajv)`, () => {
      const validate = createAjv().compile({ type: 'string', pattern: preset.pattern });
      for (const example of preset.examples.valid) expect(validate(example), example).toBe(true);
      for (const example of preset.examples.invalid) expect(validate(example), example).toBe(false);
    });
  }
});

describe('field catalogue', () => {
  it('has every type of the issue, in the palette, with a label in both languages', () => {
    expect(fieldPalette().map((p) => p.typeId)).toEqual([...FIELD_TYPE_IDS]);
    for (const entry of fieldPalette()) expect(entry.label.en).toBeTruthy();
  });

  for (const type of fieldTypes()) {
    it(`${type.id}: a new field makes a valid definition and reads back to its properties`, () => {
      const { properties } = newField(type.id, 'field');
      const definition = oneField({ key: 'field', typeId: type.id as ChildField['typeId'], properties });
      const validation = validateDefinition(definition);
      expect(validation.problems).toEqual([]);
      expect(readFieldProperties(definition, 'field')).toEqual({ typeId: type.id, properties });
      expect(() => createAjv().compile(definition.form.schema)).not.toThrow();
    });

    it(`${type.id}: the type is inferred from the shape when form.fields does not say it`, () => {
      if (type.id === 'co-signer-request') return; // recognised by signing.coSignerFields, tested below
      const { properties } = newField(type.id, 'field');
      const definition = oneField({ key: 'field', typeId: type.id as ChildField['typeId'], properties });
      delete definition.form.fields;
      expect(readFieldProperties(definition, 'field')?.typeId).toBe(type.id);
    });
  }

  it('every property a type lists is a known kind and the label is mandatory', () => {
    for (const type of fieldTypes()) {
      expect(type.properties[0]).toMatchObject({ name: 'label', mandatory: true });
    }
  });

  it('reads every top-level field of every template as a catalogue type', () => {
    for (const template of TEMPLATES) {
      const names = template.form.steps.flatMap((s) => s.fields);
      for (const name of names) {
        const read = readFieldProperties(template, name);
        expect(read, `${template.id}.${name}`).toBeDefined();
        expect(read?.properties.label.sv, `${template.id}.${name}`).toBe(template.form.texts[name]?.label.sv);
      }
    }
  });

  it('reads the preschool template: groups with children, address, consent, multiple choice', () => {
    const preschool = TEMPLATES.find((t) => t.id === 'forskoleplats') as EServiceDefinition;
    const guardian = readFieldProperties(preschool, 'guardian');
    expect(guardian?.typeId).toBe('group');
    expect(guardian?.properties.children?.map((c) => [c.key, c.typeId])).toEqual([
      ['givenName', 'short-text'],
      ['surname', 'short-text'],
      ['personalIdentityNumber', 'personnummer'],
      ['address', 'address'],
      ['email', 'email'],
      ['phone', 'phone'],
    ]);
    expect(readFieldProperties(preschool, 'consent')?.typeId).toBe('consent');
    expect(readFieldProperties(preschool, 'preferredPreschools')?.properties).toMatchObject({
      required: true,
      minItems: 1,
      maxItems: 3,
      options: expect.arrayContaining([{ value: 'solrosen', label: expect.objectContaining({ sv: expect.any(String) }) }]),
    });
    expect(readFieldProperties(preschool, 'specialNeedsDescription')?.properties).toMatchObject({ required: true, minLength: 10 });
  });

  it('a new question starts required and the designer marks the optional ones; a repeating group asks for no row', () => {
    const asking = fieldTypes().filter((type) => type.properties.some((p) => p.name === 'required'));
    const optional = asking.filter((type) => newField(type.id, 'field').required !== true).map((type) => type.id);
    expect(optional).toEqual(['repeating-group']);
    // the default made from the label, as for any required field (SK-TXT-002)
    expect(newField('short-text', 'field').texts['']?.errorMessage).toEqual({ sv: 'Fyll i ”Kort text”.', en: 'Fill in “Short text”.' });
    expect(newField('information', 'field').required).toBe(false);
  });

  it('a new repeating group asks for no row until it is required, then for at least one', () => {
    const added = newField('repeating-group', 'children');
    expect(added.schema.minItems).toBe(0);
    expect(added.required).toBe(false);
    const required = createField('repeating-group', 'children', { label: { sv: 'Barn' }, required: true, children: [] });
    expect(required.schema.minItems).toBe(1);
  });

  it('a repeating group of children round-trips with its rows, noun and nested types', () => {
    const children: ChildField = {
      key: 'children',
      typeId: 'repeating-group',
      properties: {
        label: { sv: 'Barn i hushållet', en: 'Children in the household' },
        required: true,
        minItems: 1,
        maxItems: 6,
        itemNoun: { sv: 'barn', en: 'child' },
        children: [
          { key: 'name', typeId: 'short-text', properties: { label: { sv: 'Namn' }, required: true, maxLength: 100 } },
          { key: 'personalIdentityNumber', typeId: 'personnummer', properties: { label: { sv: 'Personnummer' }, required: true, personalData: true } },
          { key: 'school', typeId: 'single-choice', properties: { label: { sv: 'Skola' }, display: 'dropdown', options: [{ value: 'a', label: { sv: 'A' } }] } },
        ],
      },
    };
    const definition = oneField(children);
    expect(validateDefinition(definition).problems).toEqual([]);
    expect(definition.form.texts['children.name']?.label.sv).toBe('Namn');
    expect(definition.form.fields?.['children.personalIdentityNumber']).toEqual({ fieldType: 'personnummer', personalData: true });
    expect(readFieldProperties(definition, 'children')).toEqual({ typeId: 'repeating-group', properties: children.properties });
    expect(readFieldProperties(definition, 'children.school')?.properties.display).toBe('dropdown');
  });

  it('a co-signer request goes into signing.coSignerFields and is recognised from there', () => {
    const definition = oneField({ key: 'otherGuardian', typeId: 'co-signer-request', properties: newField('co-signer-request', 'x').properties });
    expect(definition.signing.coSignerFields).toEqual(['otherGuardian']);
    delete definition.form.fields;
    expect(readFieldProperties(definition, 'otherGuardian')?.typeId).toBe('co-signer-request');
  });

  it('prefill mappings come from and go back to definition.prefill', () => {
    const definition = oneField({ key: 'pnr', typeId: 'personnummer', properties: { label: { sv: 'Pnr' }, prefill: { attribute: 'personalIdentityNumber', editable: false } } });
    expect(definition.prefill).toEqual([{ field: 'pnr', source: 'population-register', attribute: 'personalIdentityNumber', editable: false }]);
    expect(readFieldProperties(definition, 'pnr')?.properties.prefill).toEqual({ attribute: 'personalIdentityNumber', editable: false });
  });

  it('a pattern preset is stored as its regex and read back as the preset; other regexes stay custom', () => {
    const preset = createField('short-text', 'reg', { label: { sv: 'Reg' }, pattern: { preset: 'registration-number' } });
    expect(preset.schema.pattern).toBe(PATTERN_PRESETS[0].pattern);
    const definition = oneField({ key: 'reg', typeId: 'short-text', properties: { label: { sv: 'Reg' }, pattern: { custom: '^X+$' } } });
    expect(readFieldProperties(definition, 'reg')?.properties.pattern).toEqual({ custom: '^X+$' });
  });

  it('refuses unknown types and keys that cannot be field keys', () => {
    expect(() => createField('slider', 'x', { label: { sv: 'x' } })).toThrow(/Unknown field type/);
    expect(() => createField('short-text', 'a.b', { label: { sv: 'x' } })).toThrow(/field key/);
    expect(fieldType('nope')).toBeUndefined();
  });
});

describe('ranked choice', () => {
  it('is told from a multiple choice by its widget, also without a recorded type, and its answer is a ranking', () => {
    const source = (typeId: string) => {
      const { schema, uiSchema } = createField(typeId, 'r', newField(typeId, 'r').properties);
      return { schema, uiSchema, texts: {}, settings: {}, required: false, prefill: [], coSignerPaths: [] };
    };
    expect(inferFieldType(source('ranked-choice'))).toBe('ranked-choice');
    expect(inferFieldType(source('multiple-choice'))).toBe('multiple-choice');
    const form = (typeId: string) => ({ schema: { type: 'object', properties: { r: source(typeId).schema } }, uiSchema: { r: source(typeId).uiSchema } });
    expect(isRankedChoice(form('ranked-choice'), 'r')).toBe(true);
    expect(isRankedChoice(form('multiple-choice'), 'r')).toBe(false);
  });
});

/** What the server's answer validator says about one field's answer, per type. */
describe('answer validation per field type', () => {
  const cases: { typeId: ChildField['typeId']; properties?: Partial<ChildField['properties']>; valid: unknown[]; invalid: unknown[] }[] = [
    { typeId: 'short-text', properties: { maxLength: 5, pattern: { preset: 'digits' } }, valid: ['123'], invalid: ['12a', '123456', 5] },
    { typeId: 'long-text', properties: { minLength: 3 }, valid: ['abc\ndef'], invalid: ['ab'] },
    { typeId: 'number', properties: { minimum: 1, maximum: 10, integer: true }, valid: [1, 10], invalid: [0, 11, 2.5, '3'] },
    { typeId: 'email', valid: ['anna@example.se'], invalid: ['anna', 'anna@'] },
    { typeId: 'phone', valid: ['08-123 456 78', '+46701234567'], invalid: ['abc', '12'] },
    { typeId: 'personnummer', valid: ['19811218-9876', '198112189876'], invalid: ['19811218-9875', '811218-9876', '19811318-9876'] },
    { typeId: 'organisationsnummer', valid: ['556036-0793', '2120000142'], invalid: ['556036-0794', '5160360793', '811218-9876'] },
    // a sole trader's organisation number is the owner's personal identity number, in 10 or 12 digits
    { typeId: 'organisationsnummer', properties: { allowSoleTraders: true }, valid: ['556036-0793', '811218-9876', '19811218-9876'], invalid: ['556036-0794', '811218-9875', '811318-9876'] },
    { typeId: 'postal-code', valid: ['123 45', '12345'], invalid: ['023 45', '1234'] },
    { typeId: 'date', properties: { minDate: '2025-01-01', maxDate: '2027-12-31' }, valid: ['2026-02-28'], invalid: ['2026-02-30', '2024-12-31', '2028-01-01', '28/2/2026'] },
    { typeId: 'date-range', valid: [{ from: '2026-01-01', to: '2026-02-01' }], invalid: [{ from: '2026-01-01' }, { from: 'x', to: '2026-02-01' }] },
    { typeId: 'single-choice', valid: ['alternativ-1'], invalid: ['alternativ-3'] },
    { typeId: 'multiple-choice', properties: { maxItems: 1 }, valid: [['alternativ-2']], invalid: [['alternativ-1', 'alternativ-2'], ['x'], ['alternativ-1', 'alternativ-1']] },
    {
      typeId: 'ranked-choice',
      properties: { minItems: 2 },
      valid: [['alternativ-3', 'alternativ-1'], ['alternativ-1', 'alternativ-3'], ['alternativ-2', 'alternativ-3', 'alternativ-1']],
      invalid: [['alternativ-1'], ['alternativ-1', 'alternativ-1'], ['alternativ-1', 'x'], [], 'alternativ-1'],
    },
    { typeId: 'yes-no', valid: [true, false], invalid: ['ja'] },
    { typeId: 'file-upload', valid: ['5b3f0d1e-2c4a-4d8e-9f10-1a2b3c4d5e6f'], invalid: ['fil.pdf'] },
    {
      typeId: 'file-upload',
      properties: { maxFiles: 2 },
      valid: [['5b3f0d1e-2c4a-4d8e-9f10-1a2b3c4d5e6f', '6c4f1e2f-3d5b-4e9f-8a21-2b3c4d5e6f70']],
      invalid: [['5b3f0d1e-2c4a-4d8e-9f10-1a2b3c4d5e6f', '6c4f1e2f-3d5b-4e9f-8a21-2b3c4d5e6f70', '7d5a2f3a-4e6c-4fa0-9b32-3c4d5e6f7081'], ['fil.pdf']],
    },
    { typeId: 'address', valid: [{ street: 'Storgatan 1', postalCode: '123 45', city: 'Solbacka' }], invalid: [{ street: 'Storgatan 1', postalCode: '1', city: 'Solbacka' }, { street: 'Storgatan 1' }] },
    { typeId: 'consent', valid: [true], invalid: [false] },
    { typeId: 'information', valid: [null], invalid: ['svar'] },
    { typeId: 'co-signer-request', valid: ['19811218-9876'], invalid: ['19811218-9875'] },
  ];
  for (const { typeId, properties, valid, invalid } of cases) {
    it(`${typeId}: accepts ${JSON.stringify(valid)} and refuses ${JSON.stringify(invalid)}`, () => {
      const definition = oneField({ key: 'answer', typeId, properties: { ...newField(typeId, 'answer').properties, required: true, ...properties } });
      const validate = compileAnswerValidator(definition);
      for (const value of valid) expect(validate({ answer: value }).errors, JSON.stringify(value)).toEqual([]);
      for (const value of invalid) expect(validate({ answer: value }).valid, JSON.stringify(value)).toBe(false);
    });
  }

  it('a required field is refused when missing; information text never is', () => {
    const definition = definitionOf([
      {
        id: 'steg',
        title: { sv: 'Steg' },
        fields: [
          { key: 'intro', typeId: 'information', properties: newField('information', 'intro').properties },
          { key: 'name', typeId: 'short-text', properties: { label: { sv: 'Namn' }, required: true } },
        ],
      },
    ]);
    const validate = compileAnswerValidator(definition);
    expect(validate({ name: 'Anna' }).valid).toBe(true);
    expect(validate({}).errors.map((e) => e.field)).toEqual(['name']);
    expect([...collectFieldPaths(definition.form.schema).keys()]).toContain('intro');
  });
});

describe('designer model of any definition', () => {
  for (const template of TEMPLATES) {
    it(`${template.id}: reads as a model and rebuilds into a form that accepts and refuses the same answers`, () => {
      const model = readDesignerModel(template);
      expect(model.unreadable).toEqual({ fields: [], conditions: 0 });
      const { form, prefill, coSignerFields } = assembleForm(model.steps);
      form.schema = applyFieldConditions(form.schema, model.conditions);
      const rebuilt: EServiceDefinition = {
        ...template,
        form: { ...form, ...(template.form.calculations ? { calculations: template.form.calculations } : {}) },
        prefill,
        signing: { ...template.signing, ...(coSignerFields.length > 0 ? { coSignerFields } : {}) },
      };
      expect(validateDefinition(rebuilt).problems).toEqual([]);
      expect(rebuilt.form.steps).toEqual(template.form.steps);
      expect(new Set(prefill.map((m) => m.field))).toEqual(new Set(template.prefill.map((m) => m.field)));

      const original = compileAnswerValidator(template);
      const again = compileAnswerValidator(rebuilt);
      const example = EXAMPLE_ANSWERS[template.id] as Record<string, unknown>;
      expect(again(example).errors).toEqual([]);
      for (const name of Object.keys(example)) {
        const { [name]: _dropped, ...without } = example;
        expect(again(without).valid, `without ${name}`).toBe(original(without).valid);
      }
    });
  }
});
