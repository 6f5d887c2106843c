import { describe, expect, it } from 'vitest';
import { faultReport } from '../templates/fault-report.js';
import { servingLicence } from '../templates/serving-licence.js';
import type { EServiceDefinition } from './format.js';
import { validateDefinition, type DefinitionProblem } from './validate-definition.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mutable = Record<string, any>;

/** A copy of a valid definition, changed by `change`. */
const broken = (change: (definition: Mutable) => void, base: EServiceDefinition = faultReport): unknown => {
  const copy = structuredClone(base) as Mutable;
  change(copy);
  return copy;
};

const problemsOf = (input: unknown): DefinitionProblem[] => {
  const result = validateDefinition(input);
  expect(result.valid).toBe(false);
  return result.problems;
};

const codesAndPointers = (input: unknown) => problemsOf(input).map(({ code, pointer }) => ({ code, pointer }));

describe('validateDefinition', () => {
  it('accepts a valid definition and hands it back', () => {
    const result = validateDefinition(faultReport);
    expect(result).toEqual({ valid: true, definition: faultReport, problems: [] });
  });

  describe('the format itself', () => {
    it('refuses a missing formatVersion', () => {
      const problems = problemsOf(broken((d) => delete d.formatVersion));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ code: 'format.required', pointer: '/formatVersion' });
      expect(problems[0]?.message.sv).toBe('E-tjänstens definition: Fyll i ”formatVersion”.');
      expect(problems[0]?.message.en).toBe('The e-service definition: Fill in “formatVersion”.');
    });

    it('refuses another formatVersion', () => {
      expect(codesAndPointers(broken((d) => (d.formatVersion = '2.0')))).toEqual([
        { code: 'format.const', pointer: '/formatVersion' },
      ]);
    });

    it('refuses an id that is not a slug', () => {
      expect(codesAndPointers(broken((d) => (d.id = 'Felanmälan Ny')))).toEqual([{ code: 'format.pattern', pointer: '/id' }]);
      expect(codesAndPointers(broken((d) => (d.id = 'fel--anmalan')))).toEqual([{ code: 'format.pattern', pointer: '/id' }]);
    });

    it('takes any connector type that is a slug (extensions add types; the server decides which exist), nothing else', () => {
      const withType = (type: unknown) => broken((d) => (d.delivery.connectors = [{ id: 'notis', type, options: {} }]));
      expect(validateDefinition(withType('chattnotis')).valid).toBe(true);
      for (const type of ['Chattnotis', 'chatt notis', '1chatt', '', 42]) {
        expect(codesAndPointers(withType(type)), String(type)).toEqual([{ code: expect.stringMatching(/^format\./), pointer: '/delivery/connectors/0/type' }]);
      }
    });

    it('refuses languages without Swedish', () => {
      // ajv also reports the failed `contains` attempt on /languages/0 (const 'sv'): noise, but harmless
      expect(codesAndPointers(broken((d) => (d.languages = ['en'])))).toContainEqual({
        code: 'format.contains',
        pointer: '/languages',
      });
      expect(codesAndPointers(broken((d) => (d.languages = ['sv', 'sv'])))).toEqual([
        { code: 'format.uniqueItems', pointer: '/languages' },
      ]);
    });

    it('takes a retention period as an ISO 8601 duration longer than zero, the period the retention job applies', () => {
      const withPeriod = (period: string) => broken((d) => (d.personalData.retention = { period }));
      for (const period of ['P2Y', 'P18M', 'P1Y6M', 'P30D', 'P10Y']) expect(validateDefinition(withPeriod(period)).valid, period).toBe(true);
      for (const period of ['2 år', 'P', 'PT1H', 'P-1Y']) expect(codesAndPointers(withPeriod(period)), period).toEqual([{ code: expect.stringMatching(/^format\.(pattern|minLength)$/), pointer: '/personalData/retention/period' }]);
      for (const period of ['P0D', 'P0Y0M', 'P00Y']) {
        const problems = problemsOf(withPeriod(period));
        expect(problems.map(({ code, pointer }) => ({ code, pointer })), period).toEqual([{ code: 'personal-data.retention-zero', pointer: '/personalData/retention/period' }]);
        expect(problems[0]!.message.en).toMatch(/longer than zero/);
      }
    });

    it('refuses unknown properties at the top level', () => {
      expect(codesAndPointers(broken((d) => (d.colour = 'blue'))))
        .toEqual([{ code: 'format.additionalProperties', pointer: '' }]);
    });

    it.each([
      ['null', null],
      ['an array', [faultReport]],
      ['a string', JSON.stringify(faultReport)],
      ['a number', 42],
    ])('refuses %s as a whole', (_name, input) => {
      const problems = problemsOf(input);
      expect(problems).toEqual([
        expect.objectContaining({ code: 'format.type', pointer: '' }),
      ]);
      expect(problems[0]?.message.sv).not.toBe('');
      expect(problems[0]?.message.en).not.toBe('');
    });
  });

  describe('the form schema', () => {
    it('refuses an invalid JSON Schema', () => {
      const problems = problemsOf(broken((d) => (d.form.schema.properties.location.type = 'strng')));
      expect(problems.map((p) => ({ code: p.code, pointer: p.pointer }))).toEqual([
        { code: 'form.schema-invalid', pointer: '/form/schema' },
      ]);
      expect(problems[0]?.message.en).toContain('invalid');
    });

    it('refuses an unknown keyword such as a typo of maxLength', () => {
      const problems = problemsOf(broken((d) => (d.form.schema.properties.location.maxlength = 200)));
      expect(problems.map((p) => ({ code: p.code, pointer: p.pointer }))).toEqual([
        { code: 'form.schema-not-compilable', pointer: '/form/schema' },
      ]);
      expect(problems[0]?.message.en).toContain('maxlength');
    });

    it('refuses an unknown format', () => {
      expect(codesAndPointers(broken((d) => (d.form.schema.allOf[0].then.properties.email.format = 'epost')))).toEqual([
        { code: 'form.schema-not-compilable', pointer: '/form/schema' },
      ]);
    });
  });

  describe('references to fields', () => {
    it('refuses a uiSchema entry for an unknown field, also nested', () => {
      expect(codesAndPointers(broken((d) => (d.form.uiSchema.locaton = { 'ui:widget': 'textarea' })))).toEqual([
        { code: 'ui-schema.unknown-field', pointer: '/form/uiSchema/locaton' },
      ]);
      expect(
        codesAndPointers(
          broken((d) => (d.form.uiSchema.responsiblePersons.items.rol = { 'ui:widget': 'select' }), servingLicence),
        ),
      ).toEqual([{ code: 'ui-schema.unknown-field', pointer: '/form/uiSchema/responsiblePersons/items/rol' }]);
    });

    it('accepts uiSchema entries for fields declared only in a condition', () => {
      expect(validateDefinition(broken((d) => (d.form.uiSchema.email = { 'ui:autofocus': true }))).valid).toBe(true);
    });

    it('refuses field settings for an unknown field and accepts them for a real one', () => {
      expect(codesAndPointers(broken((d) => (d.form.fields = { nickname: { personalData: true } })))).toEqual([
        { code: 'reference.unknown-field', pointer: '/form/fields/nickname' },
      ]);
      const [firstStep] = servingLicence.form.steps;
      const realField = firstStep?.fields[0] ?? '';
      expect(validateDefinition(broken((d) => (d.form.fields = { [realField]: { personalData: true, fieldType: 'short-text' } }), servingLicence)).valid).toBe(true);
    });

    it('refuses texts for an unknown field, escaping the pointer', () => {
      expect(
        codesAndPointers(broken((d) => (d.form.texts['contact/email'] = { label: { sv: 'E-post' } }))),
      ).toEqual([{ code: 'reference.unknown-field', pointer: '/form/texts/contact~1email' }]);
      const problems = problemsOf(broken((d) => (d.form.texts['restaurantAddress.zip'] = { label: { sv: 'Post' } }), servingLicence));
      expect(problems).toEqual([
        expect.objectContaining({ code: 'reference.unknown-field', pointer: '/form/texts/restaurantAddress.zip' }),
      ]);
      expect(problems[0]?.message.sv).toContain('restaurantAddress.zip');
    });

    it('refuses a step naming an unknown field', () => {
      expect(codesAndPointers(broken((d) => d.form.steps[0].fields.push('photo')))).toEqual([
        { code: 'reference.unknown-field', pointer: '/form/steps/0/fields/3' },
      ]);
    });

    it('refuses a step naming a nested field path instead of a top-level field', () => {
      expect(
        codesAndPointers(broken((d) => d.form.steps[0].fields.push('restaurantAddress.city'), servingLicence)),
      ).toEqual([{ code: 'reference.unknown-field', pointer: '/form/steps/0/fields/4' }]);
    });

    it('refuses a field on two steps', () => {
      expect(codesAndPointers(broken((d) => d.form.steps[1].fields.push('location')))).toEqual([
        { code: 'steps.field-twice', pointer: '/form/steps/1/fields/2' },
      ]);
    });

    it('refuses a field on no step, also one declared only in a condition', () => {
      expect(codesAndPointers(broken((d) => d.form.steps[0].fields.splice(1, 1)))).toEqual([
        { code: 'steps.field-missing', pointer: '/form/steps' },
      ]);
      const problems = problemsOf(broken((d) => d.form.steps[1].fields.pop()));
      expect(problems).toEqual([expect.objectContaining({ code: 'steps.field-missing', pointer: '/form/steps' })]);
      expect(problems[0]?.message.en).toBe('The field “Your e-mail address” is not on any step.');
    });

    it('refuses a consent that starts ticked: an attestation is ticked by the citizen, never preset', () => {
      const preTicked = broken((d) => {
        d.form.schema.properties.consent = { type: 'boolean', const: true, default: true };
        d.form.schema.required.push('consent');
        d.form.texts.consent = { label: { sv: 'Jag intygar att uppgifterna stämmer', en: 'I confirm that the information is correct' } };
        d.form.steps[1].fields.push('consent');
      });
      const problems = problemsOf(preTicked);
      expect(problems.map(({ code, pointer }) => ({ code, pointer }))).toEqual([{ code: 'field.consent-preticked', pointer: '/form/schema/properties/consent/default' }]);
      expect(problems[0]?.message.sv).toBe('Kryssrutan ”Jag intygar att uppgifterna stämmer” ska kryssas i av den som fyller i e-tjänsten; ta bort förvalet (default).');
      // without the preset it is a valid consent
      delete (preTicked as Mutable).form.schema.properties.consent.default;
      expect(validateDefinition(preTicked).valid).toBe(true);
    });

    it('refuses two steps with the same id', () => {
      expect(codesAndPointers(broken((d) => (d.form.steps[1].id = d.form.steps[0].id)))).toEqual([
        { code: 'steps.duplicate-id', pointer: '/form/steps/1/id' },
      ]);
    });

    it('refuses a field condition that looks at a later step, naming the fields by their labels', () => {
      const problems = problemsOf(
        broken((d) => {
          d.form.steps[1].fields = ['wantsAnswer'];
          d.form.steps[0].fields.push('email');
        }),
      );
      expect(problems.map((p) => ({ code: p.code, pointer: p.pointer }))).toEqual([
        { code: 'conditions.later-field', pointer: '/form/schema/allOf/0' },
      ]);
      expect(problems[0]?.message.sv).not.toContain('wantsAnswer');
    });

    it('refuses a condition in dependencies whose fields lie on two steps', () => {
      const input = broken((d) => {
        d.form.schema.dependencies = { category: ['wantsAnswer'] };
      });
      expect(codesAndPointers(input)).toEqual([
        { code: 'steps.condition-spans-steps', pointer: '/form/schema/dependencies/category' },
      ]);
    });

    it('refuses prefill to an unknown field', () => {
      const input = broken((d) => {
        d.prefill = [{ field: 'email', source: 'population-register', attribute: 'givenName', editable: true }];
        d.prefill.push({ field: 'name', source: 'population-register', attribute: 'fullName', editable: true });
      });
      expect(codesAndPointers(input)).toEqual([{ code: 'reference.unknown-field', pointer: '/prefill/1/field' }]);
    });

    it('refuses a prefill from an unknown register attribute', () => {
      const input = broken((d) => {
        d.prefill = [{ field: 'email', source: 'population-register', attribute: 'email', editable: true }];
      });
      expect(problemsOf(input).map((p) => p.pointer)).toContain('/prefill/0/attribute');
    });

    it('refuses co-signer and receipt fields that do not exist', () => {
      const input = broken((d) => {
        d.signing.coSignerFields = ['otherGuardian.personalIdentityNumber'];
        d.receipt.emailField = 'mail';
      });
      expect(codesAndPointers(input)).toEqual([
        { code: 'reference.unknown-field', pointer: '/signing/coSignerFields/0' },
        { code: 'reference.unknown-field', pointer: '/receipt/emailField' },
      ]);
    });

    it('refuses two connectors with the same id', () => {
      const input = broken((d) => {
        d.delivery.connectors.push({ id: 'kontaktcenter', type: 'webhook', options: { url: 'https://example.se/hook' } });
      });
      expect(codesAndPointers(input)).toEqual([{ code: 'delivery.duplicate-id', pointer: '/delivery/connectors/1/id' }]);
    });

    it('reports every reference problem at once, each in Swedish and English', () => {
      const problems = problemsOf(
        broken((d) => {
          d.form.uiSchema.nope = {};
          d.form.texts.nope = { label: { sv: 'Nej' } };
          d.form.steps[0].fields.push('nope');
        }),
      );
      expect(problems.map((p) => p.code)).toEqual([
        'ui-schema.unknown-field',
        'reference.unknown-field',
        'reference.unknown-field',
      ]);
      for (const p of problems) {
        expect(p.message.sv.length).toBeGreaterThan(0);
        expect(p.message.en.length).toBeGreaterThan(0);
        expect(p.message.sv).not.toBe(p.message.en);
      }
    });
  });
});
