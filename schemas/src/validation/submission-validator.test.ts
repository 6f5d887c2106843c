import { describe, expect, it } from 'vitest';
import type { EServiceDefinition } from '../definition/format.js';
import { faultReport } from '../templates/fault-report.js';
import { servingLicence } from '../templates/serving-licence.js';
import { compileAnswerValidator, type AnswerValidation } from './submission-validator.js';

const validateFault = compileAnswerValidator(faultReport);
const validateLicence = compileAnswerValidator(servingLicence);

const fault = { category: 'street', location: 'Storgatan 12', description: 'Ett stort hål i vägen.', wantsAnswer: false };
const person = { name: 'Anna Ek', personalIdentityNumber: '19121212-1212', role: 'owner' };
const licence = {
  organisationNumber: '556016-0680',
  companyName: 'Krogen AB',
  email: 'krogen@example.se',
  phone: '08-123 456 78',
  restaurantName: 'Krogen',
  restaurantAddress: { street: 'Torget 2', postalCode: '123 45', city: 'Solbacka' },
  licenceType: 'catering',
  servingAreas: ['indoor'],
  servingEndTime: '23:00',
  responsiblePersons: [person],
  knowledgeTestPassed: true,
};

const errorsOf = (result: AnswerValidation) => (result.valid ? [] : result.errors);

describe('compileAnswerValidator', () => {
  it('accepts valid answers', () => {
    expect(validateFault(fault)).toEqual({ valid: true, errors: [] });
    expect(validateLicence(licence)).toEqual({ valid: true, errors: [] });
  });

  it("uses the field's own error message in both languages", () => {
    const errors = errorsOf(validateFault({ ...fault, location: 'x' }));
    expect(errors).toEqual([
      {
        pointer: '/location',
        field: 'location',
        keyword: 'minLength',
        message: { sv: 'Skriv var det är, minst 3 tecken.', en: 'Write where it is, at least 3 characters.' },
      },
    ]);
  });

  it('words errors from the label when a field has no error message of its own', () => {
    const definition: EServiceDefinition = structuredClone(faultReport);
    delete definition.form.texts.location?.errorMessage;
    const errors = errorsOf(compileAnswerValidator(definition)({ ...fault, location: 'x' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toEqual({
      sv: '”Var är det?” ska ha minst 3 tecken.',
      en: '“Where is it?” must have at least 3 characters.',
    });
  });

  it('gives the default message made from the label ("Fyll i …") for a missing answer only; a wrong one is worded by what is wrong', () => {
    const definition: EServiceDefinition = structuredClone(faultReport);
    definition.form.texts.location = { label: { sv: 'Var är det?', en: 'Where is it?' }, errorMessage: { sv: 'Fyll i ”Var är det?”.', en: 'Fill in “Where is it?”.' } };
    const validate = compileAnswerValidator(definition);
    expect(errorsOf(validate({ ...fault, location: undefined })).map((e) => e.message)).toEqual([{ sv: 'Fyll i ”Var är det?”.', en: 'Fill in “Where is it?”.' }]);
    expect(errorsOf(validate({ ...fault, location: 'x' })).map((e) => e.message)).toEqual([{ sv: '”Var är det?” ska ha minst 3 tecken.', en: '“Where is it?” must have at least 3 characters.' }]);
  });

  it('words errors from the field path when a field has no texts at all', () => {
    const definition: EServiceDefinition = structuredClone(faultReport);
    delete definition.form.texts.location;
    const errors = errorsOf(compileAnswerValidator(definition)({ ...fault, location: undefined }));
    expect(errors.map((e) => e.message)).toEqual([{ sv: 'Fyll i ”location”.', en: 'Fill in “location”.' }]);
  });

  it('uses Swedish for English when the error message has no English', () => {
    const definition: EServiceDefinition = structuredClone(faultReport);
    definition.form.texts.location = { label: { sv: 'Plats' }, errorMessage: { sv: 'Skriv platsen.' } };
    const errors = errorsOf(compileAnswerValidator(definition)({ ...fault, location: '' }));
    expect(errors.map((e) => e.message)).toEqual([{ sv: 'Skriv platsen.', en: 'Skriv platsen.' }]);
  });

  it('asks for a then-branch field only when its condition holds', () => {
    expect(validateFault({ ...fault, wantsAnswer: false }).valid).toBe(true);
    const errors = errorsOf(validateFault({ ...fault, wantsAnswer: true }));
    expect(errors).toEqual([
      {
        pointer: '/email',
        field: 'email',
        keyword: 'required',
        message: faultReport.form.texts.email?.errorMessage,
      },
    ]);
    expect(errorsOf(validateFault({ ...fault, wantsAnswer: true, email: 'inte-en-adress' })).map((e) => e.keyword)).toEqual([
      'format',
    ]);
    expect(validateFault({ ...fault, wantsAnswer: true, email: 'namn@exempel.se' }).valid).toBe(true);
  });

  it('reports no "if" noise, only the failing field', () => {
    const errors = errorsOf(validateFault({ ...fault, wantsAnswer: true }));
    expect(errors.map((e) => e.keyword)).not.toContain('if');
  });

  it('maps a pointer into a repeating group to the field path without indices', () => {
    const answers = {
      ...licence,
      responsiblePersons: [person, { ...person, personalIdentityNumber: '19121212-1213' }],
    };
    const errors = errorsOf(validateLicence(answers));
    expect(errors).toEqual([
      {
        pointer: '/responsiblePersons/1/personalIdentityNumber',
        field: 'responsiblePersons.personalIdentityNumber',
        keyword: 'format',
        message: servingLicence.form.texts['responsiblePersons.personalIdentityNumber']?.errorMessage,
      },
    ]);
  });

  it('points at a missing property inside a group row and inside a nested object', () => {
    const { role: _role, ...withoutRole } = person;
    const errors = errorsOf(
      validateLicence({
        ...licence,
        restaurantAddress: { street: 'Torget 2', city: 'Solbacka' },
        responsiblePersons: [person, person, withoutRole],
      }),
    );
    expect(errors.map(({ pointer, field, keyword }) => ({ pointer, field, keyword }))).toEqual([
      { pointer: '/restaurantAddress/postalCode', field: 'restaurantAddress.postalCode', keyword: 'required' },
      { pointer: '/responsiblePersons/2/role', field: 'responsiblePersons.role', keyword: 'required' },
    ]);
    expect(errors[1]?.message).toEqual({ sv: 'Välj personens roll.', en: "Choose the person's role." });
  });

  it('gives one message per place even when several rules fail there', () => {
    const definition: EServiceDefinition = structuredClone(faultReport);
    (definition.form.schema.properties as Record<string, object>).location = {
      type: 'string',
      minLength: 3,
      pattern: '^[A-Z]',
    };
    const errors = errorsOf(compileAnswerValidator(definition)({ ...fault, location: 'x' }));
    expect(errors.map((e) => e.pointer)).toEqual(['/location']);
  });

  it('refuses answers that are not an object', () => {
    for (const answers of [null, [], 'svar']) {
      const errors = errorsOf(validateFault(answers));
      expect(errors.map((e) => ({ pointer: e.pointer, keyword: e.keyword }))).toEqual([{ pointer: '', keyword: 'type' }]);
      expect(errors[0]?.message.sv).not.toMatch(/must/);
    }
  });

  it('refuses answers to questions the form does not ask, at any depth', () => {
    const errors = errorsOf(
      validateLicence({
        ...licence,
        isAdmin: true,
        responsiblePersons: [person, { ...person, salary: 1 }],
      }),
    );
    expect(errors.map(({ pointer, field, keyword }) => ({ pointer, field, keyword }))).toEqual([
      { pointer: '/responsiblePersons/1/salary', field: 'responsiblePersons.salary', keyword: 'additionalProperties' },
      { pointer: '/isAdmin', field: 'isAdmin', keyword: 'additionalProperties' },
    ]);
    expect(errors[1]?.message).toEqual({ sv: 'Formuläret frågar inte efter ”isAdmin”.', en: 'The form does not ask for “isAdmin”.' });
    // a field that only a condition adds is a known field
    expect(validateFault({ ...fault, wantsAnswer: true, email: 'a@b.se' }).valid).toBe(true);
  });

  it('lists errors in the order the form asks, step by step', () => {
    const errors = errorsOf(validateFault({ wantsAnswer: true }));
    expect(errors.map((e) => e.field)).toEqual(['category', 'location', 'description', 'email']);
  });
});
