import { describe, expect, it } from 'vitest';
import { faultReport } from '../templates/fault-report.js';
import { TEMPLATES } from '../templates/index.js';
import { preschoolPlace } from '../templates/preschool-place.js';
import { createAjv } from '../validation/ajv.js';
import type { EServiceDefinition, FormStep } from './format.js';
import { stepSchema, stepUiSchema } from './steps.js';

const step = (definition: EServiceDefinition, id: string): FormStep => {
  const found = definition.form.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
};
const faultFields = faultReport.form.schema.properties as Record<string, unknown>;

describe('stepSchema', () => {
  it("keeps only the step's properties and required, without conditions that do not concern it", () => {
    const schema = stepSchema(faultReport.form, step(faultReport, 'arende'));
    expect(schema).toEqual({
      type: 'object',
      properties: {
        category: faultFields.category,
        location: faultFields.location,
        description: faultFields.description,
      },
      required: ['category', 'location', 'description'],
    });
  });

  it("keeps the conditions that lie within the step, with their then-branch fields", () => {
    const schema = stepSchema(faultReport.form, step(faultReport, 'kontakt'));
    expect(Object.keys(schema.properties as object)).toEqual(['wantsAnswer']);
    expect(schema.required).toEqual(['wantsAnswer']);
    expect(schema.allOf).toEqual(faultReport.form.schema.allOf);
  });

  it('keeps each of several conditions only on its own step', () => {
    const wishes = stepSchema(preschoolPlace.form, step(preschoolPlace, 'onskemal'));
    const other = stepSchema(preschoolPlace.form, step(preschoolPlace, 'annan-vardnadshavare'));
    const child = stepSchema(preschoolPlace.form, step(preschoolPlace, 'barnet'));
    const allOf = preschoolPlace.form.schema.allOf as unknown[];
    expect(other.allOf).toEqual([allOf[0]]);
    expect(wishes.allOf).toEqual([allOf[1]]);
    expect(child.allOf).toBeUndefined();
    expect(wishes.required).toEqual(['startDate', 'hoursPerWeek', 'preferredPreschools', 'hasSpecialNeeds', 'consent']);
  });

  it('does not change the form', () => {
    const before = structuredClone(faultReport.form);
    stepSchema(faultReport.form, step(faultReport, 'kontakt'));
    expect(faultReport.form).toEqual(before);
  });

  it('keeps dependencies of the step fields and drops those of other steps', () => {
    const form: EServiceDefinition['form'] = {
      ...faultReport.form,
      schema: {
        ...faultReport.form.schema,
        dependencies: {
          location: ['description'],
          wantsAnswer: { properties: { wantsAnswer: { const: true } } },
          category: { properties: { wantsAnswer: { const: true } } },
        },
      },
    };
    expect(stepSchema(form, step(faultReport, 'arende')).dependencies).toEqual({ location: ['description'] });
    expect(stepSchema(form, step(faultReport, 'kontakt')).dependencies).toEqual({
      wantsAnswer: { properties: { wantsAnswer: { const: true } } },
    });
  });

  it("asks on each step for exactly what the whole schema asks for that step's fields", () => {
    const ajv = createAjv();
    const contact = ajv.compile(stepSchema(faultReport.form, step(faultReport, 'kontakt')));
    expect(contact({ wantsAnswer: false })).toBe(true);
    expect(contact({ wantsAnswer: true })).toBe(false);
    expect(contact({ wantsAnswer: true, email: 'a@b.se' })).toBe(true);
    // the other step's required fields are not asked for here
    expect(contact.errors ?? []).toEqual([]);
  });

  it('gives a compilable schema for every step of every template', () => {
    const ajv = createAjv();
    for (const template of TEMPLATES) {
      for (const s of template.form.steps) {
        expect(() => ajv.compile(stepSchema(template.form, s)), `${template.id}/${s.id}`).not.toThrow();
      }
    }
  });
});

describe('stepUiSchema', () => {
  it("keeps the step's entries and global ui: keys and orders the fields as the step does", () => {
    const uiSchema = { 'ui:submitButtonOptions': { norender: true }, ...faultReport.form.uiSchema };
    expect(stepUiSchema(uiSchema, step(faultReport, 'kontakt'))).toEqual({
      'ui:submitButtonOptions': { norender: true },
      wantsAnswer: { 'ui:widget': 'radio' },
      email: { 'ui:options': { inputType: 'email' } },
      'ui:order': ['wantsAnswer', 'email', '*'],
    });
    expect(stepUiSchema(faultReport.form.uiSchema, step(faultReport, 'arende'))).toEqual({
      category: { 'ui:widget': 'radio' },
      description: { 'ui:widget': 'textarea' },
      'ui:order': ['category', 'location', 'description', '*'],
    });
  });
});
