import { describe, expect, it } from 'vitest';
import { collectFieldPaths, isJsonObject, propertyDeclarers } from '../definition/fields.js';
import type { EServiceDefinition, JsonSchemaObject } from '../definition/format.js';
import { validateDefinition } from '../definition/validate-definition.js';
import { compileAnswerValidator, type AnswerValidator } from '../validation/submission-validator.js';
import { TEMPLATES } from './index.js';
import { EXAMPLE_ANSWERS } from './example-answers.js';

/** Required field paths at every depth: top level, then-branches, nested objects and array items. */
function requiredFieldPaths(schema: JsonSchemaObject): Set<string> {
  const found = new Set<string>();
  const walkObject = (node: JsonSchemaObject, prefix: string): void => {
    for (const declarer of propertyDeclarers(node)) {
      for (const name of Array.isArray(declarer.required) ? declarer.required : []) {
        found.add(prefix ? `${prefix}.${String(name)}` : String(name));
      }
      if (!isJsonObject(declarer.properties)) continue;
      for (const [name, child] of Object.entries(declarer.properties)) {
        if (isJsonObject(child)) walkValue(child, prefix ? `${prefix}.${name}` : name);
      }
    }
  };
  const walkValue = (node: JsonSchemaObject, path: string): void => {
    if (node.type === 'array' && isJsonObject(node.items)) walkValue(node.items, path);
    else if (node.type === 'object') walkObject(node, path);
  };
  walkObject(schema, '');
  return found;
}


const validators = new Map<string, AnswerValidator>();
/** Compiling costs tens of milliseconds; compile each template once. */
const validatorFor = (template: EServiceDefinition): AnswerValidator => {
  let validator = validators.get(template.id);
  if (!validator) validators.set(template.id, (validator = compileAnswerValidator(template)));
  return validator;
};

const RAW_AJV = /must have required property|must be equal|must match|must NOT|must be string|must be object/;

describe('templates', () => {
  it('are the six example e-services in catalogue order, with unique ids', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual([
      'forskoleplats',
      'vuxenutbildning',
      'borgerlig-vigsel',
      'bygglov',
      'serveringstillstand',
      'felanmalan',
    ]);
    expect(new Set(TEMPLATES.map((t) => t.id)).size).toBe(TEMPLATES.length);
  });

  it('all belong to the demo municipality with contacts at its domain', () => {
    for (const template of TEMPLATES) {
      expect(template.owner.organisation).toBe('solbacka');
      expect(template.owner.contact.email).toMatch(/@solbacka\.example\.se$/);
    }
  });

  describe.each(TEMPLATES.map((t) => [t.id, t] as [string, EServiceDefinition]))('%s', (id, template) => {
    it('passes validateDefinition with no problems', () => {
      const result = validateDefinition(template);
      expect(result.problems).toEqual([]);
      expect(result.valid).toBe(true);
    });

    it('has a Swedish and an English label for every field path', () => {
      const paths = [...collectFieldPaths(template.form.schema).keys()];
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) {
        const texts = template.form.texts[path];
        expect(texts, path).toBeDefined();
        expect(texts?.label.sv, path).toBeTruthy();
        expect(texts?.label.en, path).toBeTruthy();
        for (const key of ['help', 'errorMessage'] as const) {
          if (texts?.[key]) expect(texts[key]?.en, `${path} ${key}`).toBeTruthy();
        }
        for (const [value, label] of Object.entries(texts?.options ?? {})) {
          expect(label.en, `${path} option ${value}`).toBeTruthy();
        }
      }
    });

    it('has options texts for exactly the enum values of every choice field', () => {
      for (const [path, schema] of collectFieldPaths(template.form.schema)) {
        const items = isJsonObject(schema.items) ? schema.items : undefined;
        const values = Array.isArray(schema.enum)
          ? schema.enum
          : items && Array.isArray(items.enum)
            ? items.enum
            : schema.type === 'boolean' && template.form.uiSchema[path] !== undefined &&
                (template.form.uiSchema[path] as JsonSchemaObject)['ui:widget'] === 'radio'
              ? [true, false]
              : undefined;
        if (!values) continue;
        expect(Object.keys(template.form.texts[path]?.options ?? {}).sort(), path).toEqual(values.map(String).sort());
      }
    });

    it('has a Swedish and English error message for every required field, also in conditions', () => {
      const required = requiredFieldPaths(template.form.schema);
      expect(required.size).toBeGreaterThan(0);
      for (const path of required) {
        const message = template.form.texts[path]?.errorMessage;
        expect(message?.sv, path).toBeTruthy();
        expect(message?.en, path).toBeTruthy();
      }
    });

    it('accepts a complete answer set', () => {
      const answers = EXAMPLE_ANSWERS[id];
      expect(answers, `valid answers for ${id}`).toBeDefined();
      expect(validatorFor(template)(answers)).toEqual({ valid: true, errors: [] });
    });

    it('refuses an empty answer set with worded messages for the required fields', () => {
      const result = validatorFor(template)({});
      expect(result.valid).toBe(false);
      const topLevelRequired = (template.form.schema.required as string[]) ?? [];
      expect(result.errors.map((e) => e.field).sort()).toEqual([...topLevelRequired].sort());
      for (const error of result.errors) {
        expect(error.keyword).toBe('required');
        const custom = template.form.texts[error.field]?.errorMessage;
        expect(error.message).toEqual({ sv: custom?.sv, en: custom?.en });
        expect(error.message.sv).not.toMatch(RAW_AJV);
        expect(error.message.en).not.toMatch(RAW_AJV);
      }
    });

    it('lists the same fields on its steps as the validator needs', () => {
      const onSteps = template.form.steps.flatMap((s) => s.fields);
      const topLevel = [...collectFieldPaths(template.form.schema).keys()].filter((p) => !p.includes('.'));
      expect([...onSteps].sort()).toEqual([...topLevel].sort());
    });
  });
});

describe('conditional fields in the templates', () => {
  const byId = (id: string) => {
    const template = TEMPLATES.find((t) => t.id === id);
    if (!template) throw new Error(id);
    return template;
  };
  const withAnswers = (id: string, change: (answers: Record<string, unknown>) => void) => {
    const answers = structuredClone(EXAMPLE_ANSWERS[id]) as Record<string, unknown>;
    change(answers);
    return validatorFor(byId(id))(answers);
  };
  const fieldsOf = (result: ReturnType<AnswerValidator>) =>
    result.valid ? [] : result.errors.map((e) => e.field);

  it('preschool: other guardian asked for only when there is one', () => {
    expect(fieldsOf(withAnswers('forskoleplats', (a) => delete a.otherGuardian))).toEqual(['otherGuardian']);
    expect(
      withAnswers('forskoleplats', (a) => {
        a.hasOtherGuardian = false;
        delete a.otherGuardian;
        a.hasSpecialNeeds = false;
        delete a.specialNeedsDescription;
      }).valid,
    ).toBe(true);
  });

  it('preschool: at most three preschools, no duplicates, hours within 1-50, consent required', () => {
    expect(fieldsOf(withAnswers('forskoleplats', (a) => (a.preferredPreschools = ['solrosen', 'ekbacken', 'tallgarden', 'angsbacken'])))).toEqual(['preferredPreschools']);
    expect(fieldsOf(withAnswers('forskoleplats', (a) => (a.preferredPreschools = ['solrosen', 'solrosen'])))).toEqual(['preferredPreschools']);
    expect(fieldsOf(withAnswers('forskoleplats', (a) => (a.preferredPreschools = [])))).toEqual(['preferredPreschools']);
    expect(fieldsOf(withAnswers('forskoleplats', (a) => (a.hoursPerWeek = 51)))).toEqual(['hoursPerWeek']);
    expect(fieldsOf(withAnswers('forskoleplats', (a) => (a.consent = false)))).toEqual(['consent']);
  });

  it('preschool: the co-signer and receipt fields are real field paths', () => {
    const template = byId('forskoleplats');
    const paths = collectFieldPaths(template.form.schema);
    expect(template.signing.coSignerFields).toEqual(['otherGuardian.personalIdentityNumber']);
    expect(paths.get('otherGuardian.personalIdentityNumber')?.format).toBe('personnummer');
    expect(paths.get('guardian.email')?.format).toBe('email');
    expect(paths.size).toBeGreaterThanOrEqual(20);
    expect(paths.size).toBeLessThanOrEqual(25);
  });

  it('adult education: contact time only when study guidance is wanted', () => {
    expect(fieldsOf(withAnswers('vuxenutbildning', (a) => delete a.contactTime))).toEqual(['contactTime']);
    expect(
      withAnswers('vuxenutbildning', (a) => {
        a.needsStudyGuidance = false;
        delete a.contactTime;
      }).valid,
    ).toBe(true);
    expect(fieldsOf(withAnswers('vuxenutbildning', (a) => (a.studyPace = 60)))).toEqual(['studyPace']);
  });

  it('wedding: refuses a booking without impediment check, with the explanation', () => {
    const result = withAnswers('borgerlig-vigsel', (a) => (a.impedimentCheckDone = false));
    expect(result.valid).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.field).toBe('impedimentCheckDone');
    expect(result.errors[0]?.message.sv).toContain('Skatteverket');
    expect(result.errors[0]?.message.en).toContain('Tax Agency');
  });

  it('wedding: address only for another place, witnesses only when bringing own', () => {
    expect(fieldsOf(withAnswers('borgerlig-vigsel', (a) => delete a.placeAddress))).toEqual(['placeAddress']);
    expect(fieldsOf(withAnswers('borgerlig-vigsel', (a) => ((a.witnesses as Record<string, unknown>).second = '')))).toEqual([
      'witnesses.second',
    ]);
    expect(
      withAnswers('borgerlig-vigsel', (a) => {
        a.place = 'city-hall';
        delete a.placeAddress;
        a.bringOwnWitnesses = false;
        delete a.witnesses;
      }).valid,
    ).toBe(true);
  });

  it('building permit: company details only for companies, property designation checked', () => {
    expect(fieldsOf(withAnswers('bygglov', (a) => delete a.company))).toEqual(['company']);
    expect(
      fieldsOf(withAnswers('bygglov', (a) => ((a.company as Record<string, unknown>).organisationNumber = '551016-0680'))),
    ).toEqual(['company.organisationNumber']);
    expect(
      withAnswers('bygglov', (a) => {
        a.applicantType = 'private';
        delete a.company;
        a.measureType = 'extension';
        delete a.measureOther;
        a.hasControlOfficer = false;
        delete a.controlOfficerName;
      }).valid,
    ).toBe(true);
    expect(fieldsOf(withAnswers('bygglov', (a) => (a.propertyDesignation = 'Eken 3')))).toEqual(['propertyDesignation']);
    expect(withAnswers('bygglov', (a) => (a.propertyDesignation = 'Solbacka Östra Åsen 12:3')).valid).toBe(true);
    expect(fieldsOf(withAnswers('bygglov', (a) => delete a.controlOfficerName))).toEqual(['controlOfficerName']);
  });

  it('serving licence: one to ten responsible persons, each checked', () => {
    const person = { name: 'Anna Ek', personalIdentityNumber: '19121212-1212', role: 'board-member' };
    expect(fieldsOf(withAnswers('serveringstillstand', (a) => (a.responsiblePersons = [])))).toEqual(['responsiblePersons']);
    expect(
      fieldsOf(withAnswers('serveringstillstand', (a) => (a.responsiblePersons = Array.from({ length: 11 }, () => person)))),
    ).toEqual(['responsiblePersons']);
    expect(withAnswers('serveringstillstand', (a) => (a.responsiblePersons = Array.from({ length: 10 }, () => person))).valid).toBe(true);
    const bad = withAnswers('serveringstillstand', (a) => ((a.responsiblePersons as unknown[])[1] = { ...person, role: 'cook' }));
    expect(bad.valid ? [] : bad.errors.map((e) => e.pointer)).toEqual(['/responsiblePersons/1/role']);
  });
});
