import { describe, expect, it } from 'vitest';
import { applyFieldConditions } from '../conditions/compile.js';
import { assembleForm, designerModelProblems, type DesignerStep } from '../fields/catalogue/assemble.js';
import { TEMPLATES } from '../templates/index.js';
import type { EServiceDefinition } from './format.js';
import { validateDefinition } from './validate-definition.js';

const STEPS: DesignerStep[] = [
  {
    id: 'uppgifter',
    title: { sv: 'Uppgifter' },
    fields: [
      { key: 'hasPet', typeId: 'yes-no', properties: { label: { sv: 'Har du husdjur?' }, required: true } },
      { key: 'pet', typeId: 'short-text', properties: { label: { sv: 'Vilket djur?', en: 'Which animal?' }, pattern: { preset: 'letters' } } },
      { key: 'photo', typeId: 'file-upload', properties: { label: { sv: 'Foto' }, fileTypes: ['image/jpeg'] } },
    ],
  },
];

function definition(mutate: (d: EServiceDefinition) => void = () => undefined): EServiceDefinition {
  const base = TEMPLATES.find((t) => t.id === 'felanmalan') as EServiceDefinition;
  const { form } = assembleForm(STEPS);
  form.schema = applyFieldConditions(form.schema, [{ target: 'pet', when: { field: 'hasPet', operator: 'is', value: true } }]);
  const result = { ...structuredClone(base), form, prefill: [], signing: { required: false }, receipt: { email: false, includeAnswers: false } };
  mutate(result);
  return result;
}

const problemsOf = (d: EServiceDefinition) => validateDefinition(d).problems.map((p) => ({ pointer: p.pointer, code: p.code, sv: p.message.sv, en: p.message.en }));

describe('bad input in a definition', () => {
  it('the example is valid', () => {
    expect(problemsOf(definition())).toEqual([]);
  });

  it('an empty label, or one of only spaces, names the field', () => {
    expect(problemsOf(definition((d) => (d.form.texts.photo!.label.sv = '')))).toEqual([
      expect.objectContaining({ pointer: '/form/texts/photo/label/sv', code: 'texts.empty-label', sv: expect.stringContaining('photo'), en: expect.stringContaining('photo') }),
    ]);
    expect(problemsOf(definition((d) => (d.form.texts.photo!.label = { sv: 'Foto', en: '   ' })))).toEqual([
      expect.objectContaining({ pointer: '/form/texts/photo/label/en', code: 'texts.empty-label' }),
    ]);
  });

  it('a field without texts has no label', () => {
    expect(problemsOf(definition((d) => delete d.form.texts.photo))).toEqual([
      expect.objectContaining({ pointer: '/form/texts/photo', code: 'texts.missing-label', sv: 'Fältet ”photo” saknar etikett.' }),
    ]);
  });

  it('a condition on a deleted field names the field, and the field it shows by its label', () => {
    const problems = problemsOf(
      definition((d) => {
        delete (d.form.schema.properties as Record<string, unknown>).hasPet;
        d.form.schema.required = [];
        delete d.form.texts.hasPet;
        delete d.form.fields?.hasPet;
        delete d.form.uiSchema.hasPet;
        d.form.steps[0]!.fields = ['pet', 'photo'];
      }),
    );
    expect(problems).toEqual([expect.objectContaining({ pointer: '/form/schema/allOf/0', code: 'reference.unknown-field', sv: 'Villkoret för ”Vilket djur?” gäller fältet ”hasPet”, som inte finns i formuläret.' })]);
  });

  it('an invalid regular expression names the field, even inside a condition', () => {
    const problems = problemsOf(definition((d) => (((d.form.schema.allOf as { then: { properties: { pet: { pattern: string } } } }[])[0]!.then.properties.pet.pattern = '^[a-z+$'))));
    expect(problems).toEqual([
      expect.objectContaining({ pointer: '/form/schema/allOf/0/then/properties/pet/pattern', code: 'field.invalid-pattern', sv: expect.stringContaining('”pet”'), en: expect.stringContaining('“pet”') }),
    ]);
  });

  it('a file upload with an empty file type list names the field', () => {
    const problems = problemsOf(definition((d) => ((d.form.uiSchema.photo as { 'ui:options': { accept: string[] } })['ui:options'].accept = [])));
    expect(problems).toEqual([
      expect.objectContaining({ pointer: '/form/uiSchema/photo/ui:options/accept', code: 'field.no-file-types', sv: expect.stringContaining('”Foto”') }),
    ]);
  });

  it('two steps with one id, one field on two steps', () => {
    const problems = problemsOf(
      definition((d) => {
        d.form.steps.push({ id: 'uppgifter', title: { sv: 'Igen' }, fields: ['photo'] });
      }),
    );
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([
      ['/form/steps/1/id', 'steps.duplicate-id'],
      ['/form/steps/1/fields/0', 'steps.field-twice'],
    ]);
  });
});

describe('bad input in a designer model', () => {
  it('finds duplicate step ids and field keys, in groups too, and invalid keys', () => {
    const steps: DesignerStep[] = [
      ...STEPS,
      {
        id: 'uppgifter',
        title: { sv: 'Mer' },
        fields: [
          { key: 'pet', typeId: 'long-text', properties: { label: { sv: 'Om djuret' } } },
          {
            key: 'kids',
            typeId: 'repeating-group',
            properties: {
              label: { sv: 'Barn' },
              children: [
                { key: 'name', typeId: 'short-text', properties: { label: { sv: 'Namn' } } },
                { key: 'name', typeId: 'short-text', properties: { label: { sv: 'Efternamn' } } },
                { key: '2nd', typeId: 'short-text', properties: { label: { sv: 'Andra' } } },
              ],
            },
          },
        ],
      },
    ];
    expect(designerModelProblems(steps).map((p) => [p.pointer, p.code, p.message.sv])).toEqual([
      ['/1/id', 'steps.duplicate-id', 'Steget ”uppgifter” finns två gånger.'],
      ['/1/fields/0/key', 'fields.duplicate-key', 'Nyckeln ”pet” används av fler än ett fält (”Om djuret”).'],
      ['/1/fields/1/properties/children/1/key', 'fields.duplicate-key', 'Nyckeln ”name” används av fler än ett fält (”Efternamn”).'],
      ['/1/fields/1/properties/children/2/key', 'fields.invalid-key', expect.stringContaining('”2nd”')],
    ]);
    expect(designerModelProblems(STEPS)).toEqual([]);
  });
});
