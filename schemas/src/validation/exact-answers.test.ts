import { describe, expect, it } from 'vitest';
import type { EServiceDefinition, FieldTexts, JsonSchemaObject } from '../definition/format.js';
import { applyFieldConditions } from '../conditions/compile.js';
import { faultReport } from '../templates/fault-report.js';
import { EXAMPLE_ANSWERS, TEMPLATES } from '../templates/index.js';
import { createAjv } from './ajv.js';
import { describeAjvError } from './ajv-messages.js';
import { answerSchema, answerValidatorFrom, compileAnswerValidator, compileDraftAnswerValidator, type AnswerValidation } from './submission-validator.js';

/** A one-step definition around a form schema, with a label per top-level field. */
function definitionWith(schema: JsonSchemaObject, texts: Record<string, FieldTexts> = {}): EServiceDefinition {
  const definition = structuredClone(faultReport);
  const properties = Object.keys(schema.properties as object);
  const labels = Object.fromEntries(properties.map((name) => [name, { label: { sv: `Fråga ${name}`, en: `Question ${name}` } }]));
  definition.form = { schema: { type: 'object', ...schema }, uiSchema: {}, texts: { ...labels, ...texts }, steps: [{ id: 'steg', title: { sv: 'Steg' }, fields: properties }] };
  return definition;
}

const summary = (result: AnswerValidation) => result.errors.map(({ pointer, keyword }) => `${pointer} ${keyword}`);

/** The validator's verdict and bare ajv's on the same compiled schema, for each answer. */
function verdicts(definition: EServiceDefinition, answers: unknown[]) {
  const validate = compileAnswerValidator(definition);
  const bare = createAjv().compile(answerSchema(definition));
  return answers.map((answer) => {
    const result = validate(answer);
    // valid exactly when the schema says so, and then with nothing more to say
    expect(result.valid, JSON.stringify(answer)).toBe(bare(answer));
    expect(result.errors.length === 0, JSON.stringify(answer)).toBe(result.valid);
    return result;
  });
}

describe('answers are valid exactly when the answer schema says so', () => {
  it('enforces `not`, worded at its field', () => {
    const definition = definitionWith({ properties: { code: { type: 'string', not: { const: 'admin' } } } });
    const [ok, refused] = verdicts(definition, [{ code: 'anna' }, { code: 'admin' }]);
    expect(ok).toEqual({ valid: true, errors: [] });
    expect(refused?.errors).toEqual([
      { pointer: '/code', field: 'code', keyword: 'not', message: { sv: 'Svaret på ”Fråga code” är inte tillåtet.', en: 'The answer to “Question code” is not allowed.' } },
    ]);
  });

  it('refuses a oneOf that more than one alternative matches, and one that none matches', () => {
    const definition = definitionWith({ properties: { amount: { oneOf: [{ type: 'number', maximum: 10 }, { type: 'integer', minimum: 5 }] } } });
    const [one, both, none] = verdicts(definition, [{ amount: 3.5 }, { amount: 7 }, { amount: 12.5 }]);
    expect(one?.valid).toBe(true);
    expect(both?.errors.map((e) => [e.pointer, e.keyword, e.message.en])).toEqual([
      ['/amount', 'oneOf', 'The answer to “Question amount” fits several alternatives but may fit only one.'],
    ]);
    // none matched: the closest alternative says what is wrong (12.5 is a number above 10)
    expect(none?.errors.map((e) => [e.pointer, e.keyword, e.message.sv])).toEqual([['/amount', 'maximum', '”Fråga amount” får vara högst 10.']]);
  });

  it('words anyOf by its closest alternative, preferring the one whose choice (const) matched', () => {
    const definition = definitionWith({
      properties: { pet: { type: 'string' }, petName: { type: 'string' } },
      anyOf: [
        { properties: { pet: { const: 'none' } } },
        { properties: { pet: { const: 'dog' } }, required: ['petName'] },
      ],
    });
    const [, missing] = verdicts(definition, [{ pet: 'none' }, { pet: 'dog' }]);
    expect(summary(missing!)).toEqual(['/petName required']);
  });

  it('words the keywords ajv reports for the citizen, at the field they concern', () => {
    const definition = definitionWith({
      properties: {
        tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, contains: { const: 'a' } },
        pair: { type: 'array', items: [{ type: 'string' }], additionalItems: false },
        hours: { type: 'number', multipleOf: 0.5 },
        start: { type: 'string', format: 'date', formatMinimum: '2026-01-01' },
        fixed: { const: 'x' },
        extra: { type: 'object', minProperties: 1, maxProperties: 1, propertyNames: { pattern: '^[a-z]+$' }, additionalProperties: true },
        never: false,
        first: { type: 'string' },
        second: { type: 'string' },
      },
      dependencies: { first: ['second'] },
    });
    const [result] = verdicts(definition, [
      { tags: ['a', 'a'], pair: ['x', 'y'], hours: 1.2, start: '2025-12-31', fixed: 'y', extra: { Aa: 1 }, never: 1, first: 'f' },
    ]);
    expect(result?.errors.map((e) => [e.pointer, e.keyword, e.message.sv])).toEqual([
      ['/tags', 'uniqueItems', '”Fråga tags” innehåller dubbletter.'],
      ['/pair', 'additionalItems', '”Fråga pair” får ha högst 1 rader eller val.'],
      ['/hours', 'multipleOf', '”Fråga hours” ska vara jämnt delbart med 0.5.'],
      ['/start', 'formatMinimum', '”Fråga start” får vara tidigast 2026-01-01.'],
      ['/fixed', 'const', 'Välj ett av alternativen för ”Fråga fixed”.'],
      ['/extra/Aa', 'propertyNames', 'Formuläret frågar inte efter ”Aa”.'],
      ['/never', 'false schema', 'Formuläret tar inte emot något svar på ”Fråga never”.'],
      ['/second', 'dependencies', 'Fyll i ”Fråga second”.'],
    ]);
    const [contains, size] = verdicts(definition, [{ tags: ['b'] }, { extra: {} }]);
    expect(contains?.errors.map((e) => [e.pointer, e.message.en])).toEqual([['/tags', '“Question tags” lacks a required choice or row.']]);
    expect(size?.errors.map((e) => [e.pointer, e.message.en])).toEqual([['/extra', 'Fill in at least 1 answer in “Question extra”.']]);
  });

  it('has wording of its own for every keyword this ajv can report', () => {
    // these report nothing themselves: the schemas they hold (or refer to) do
    const silent = new Set(['$comment', 'id', '$ref', 'nullable', 'allOf', 'then', 'else', 'properties', 'patternProperties', 'items']);
    const keywords = [...Object.keys(createAjv().RULES.all).filter((keyword) => !silent.has(keyword)), 'false schema'];
    expect(keywords).toEqual(expect.arrayContaining(['not', 'oneOf', 'anyOf', 'const', 'dependencies', 'additionalProperties', 'propertyNames', 'contains', 'uniqueItems']));
    for (const keyword of keywords) {
      const message = describeAjvError({ keyword, params: {}, instancePath: '', schemaPath: '' }, 'Fält');
      expect(message.sv, keyword).not.toMatch(/^”Fält”: /); // ajv-i18n's fallback
    }
  });

  it('gives every message in plain Swedish and English, never ajv’s own words', () => {
    const definition = definitionWith({
      properties: { a: { type: 'string', not: { enum: ['x'] } }, b: { anyOf: [{ type: 'string' }, { type: 'number' }] }, c: { type: 'array', maxItems: 1, minItems: 1 } },
      required: ['a'],
    });
    const [result] = verdicts(definition, [{ a: 'x', b: true, c: [] }]);
    for (const { message } of result?.errors ?? []) {
      expect(message.sv).not.toMatch(/must|should|måste vara giltig/);
      expect(message.en).not.toMatch(/must NOT|should|must match/);
    }
  });
});

describe('answers to questions the form does not ask', () => {
  it('are refused by the schema itself, at any depth, with the properties conditions add', () => {
    const definition = definitionWith({
      properties: { kind: { type: 'string' }, address: { type: 'object', properties: { street: { type: 'string' } } } },
      allOf: [{ if: { properties: { kind: { const: 'firm' } }, required: ['kind'] }, then: { properties: { orgNo: { type: 'string' }, contact: { type: 'object', properties: { phone: { type: 'string' } } }, address: { properties: { co: { type: 'string' } } } } } }],
      dependencies: { kind: { properties: { note: { type: 'string' } } } },
      anyOf: [{ properties: { a: { type: 'number' } } }, { properties: { b: { type: 'number' } } }],
    });
    const results = verdicts(definition, [
      { kind: 'firm', orgNo: '1', note: 'n', address: { street: 's', co: 'c' }, a: 1 },
      { kind: 'x', isAdmin: true, address: { street: 's', floor: 2 }, b: 1 },
      // the `then` does not apply, and its fields take any value: but only the members it asks for
      { kind: 'x', contact: { phone: '1', fax: '2' }, orgNo: 1 },
    ]);
    expect(results[0]?.valid).toBe(true);
    expect(summary(results[1]!)).toEqual(['/address/floor additionalProperties', '/isAdmin additionalProperties']);
    expect(summary(results[2]!)).toEqual(['/contact/fax additionalProperties']);
  });

  it('are left to the definition where it says which names it takes', () => {
    const definition = definitionWith({
      properties: {
        anything: { type: 'object', properties: { a: { type: 'number' } }, additionalProperties: { type: 'string' } },
        byPattern: { type: 'object', patternProperties: { '^x-': { type: 'number' } } },
        named: { type: 'object', propertyNames: { maxLength: 3 } },
        open: { type: 'object', additionalProperties: true },
      },
    });
    const [ok, refused] = verdicts(definition, [
      { anything: { a: 1, b: 'two' }, byPattern: { 'x-one': 1, other: 'x' }, named: { abc: [] }, open: { any: { thing: 1 } } },
      { anything: { b: 2 }, byPattern: { 'x-one': 'one' }, named: { abcd: 1 } },
    ]);
    expect(ok?.valid).toBe(true);
    expect(summary(refused!)).toEqual(['/anything/b type', '/byPattern/x-one type', '/named/abcd propertyNames']);
  });

  it('do not include objects a $ref, a const or an enum declares', () => {
    const definition = definitionWith({
      definitions: { address: { type: 'object', properties: { street: { type: 'string' } }, required: ['street'] } },
      properties: {
        home: { $ref: '#/definitions/address' },
        work: { $ref: '#/definitions/address', properties: { company: { type: 'string' } } },
        preset: { const: { level: 1, tag: 'a' } },
        choice: { enum: [{ size: 's' }, { colour: 'red' }] },
      },
    });
    const [ok, refused] = verdicts(definition, [
      { home: { street: 'a' }, work: { street: 'b', company: 'c' }, preset: { level: 1, tag: 'a' }, choice: { colour: 'red' } },
      { home: { street: 'a', company: 'c' }, work: { street: 'b', floor: 1 }, choice: { size: 'm' } },
    ]);
    expect(ok?.valid).toBe(true);
    expect(summary(refused!)).toEqual(['/home/company additionalProperties', '/work/floor additionalProperties', '/choice enum']);
  });

  it('still follow a recursive $ref', () => {
    const definition = definitionWith({
      definitions: { node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/definitions/node' } } } } },
      properties: { tree: { $ref: '#/definitions/node' } },
    });
    const [ok, refused] = verdicts(definition, [
      { tree: { name: 'a', children: [{ name: 'b', children: [{ name: 'c' }] }] } },
      { tree: { name: 'a', children: [{ name: 'b', children: [{ name: 'c', age: 3 }] }] } },
    ]);
    expect(ok?.valid).toBe(true);
    expect(summary(refused!)).toEqual(['/tree/children/0/children/0/age additionalProperties']);
  });
});

describe('fields named like Object.prototype members', () => {
  const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty'];
  const schema = JSON.parse(
    JSON.stringify({ properties: Object.fromEntries(names.map((name) => [name, { type: 'string', minLength: 2 }])), required: ['toString'] }),
  ) as JsonSchemaObject;
  const definition = definitionWith(schema);

  it('are validated like any other field', () => {
    const answers = (text: string) => JSON.parse(JSON.stringify(Object.fromEntries(names.map((name) => [name, text])))) as unknown;
    const [ok, short, missing, none] = verdicts(definition, [answers('ok'), answers('x'), JSON.parse('{"__proto__":"ok"}'), {}]);
    expect(ok?.valid).toBe(true);
    expect(short?.errors.map((e) => [e.pointer, e.keyword, e.message.en])).toEqual(
      names.map((name) => [`/${name}`, 'minLength', `“Question ${name}” must have at least 2 characters.`]),
    );
    expect(summary(missing!)).toEqual(['/toString required']);
    expect(summary(none!)).toEqual(['/toString required']);
  });

  it('are known to the draft check and the hidden-field check', () => {
    expect(compileDraftAnswerValidator(definition)(JSON.parse('{"__proto__":"x","constructor":1}')).valid).toBe(true);
    expect(summary(compileDraftAnswerValidator(definition)({ valueOf: 'x' }))).toEqual(['/valueOf additionalProperties']);
  });
});

describe('a draft holds only answers to questions the form asks, whatever their values', () => {
  const preschool = TEMPLATES.find((t) => t.id === 'forskoleplats') as EServiceDefinition;
  const validate = compileDraftAnswerValidator(preschool);
  const example = EXAMPLE_ANSWERS.forskoleplats as Record<string, unknown>;

  it('takes incomplete and not yet valid answers, and answers to hidden questions', () => {
    expect(validate({}).valid).toBe(true);
    expect(validate({ ...example, child: { givenName: 1 }, hasOtherGuardian: false, otherGuardian: { name: 'x' } }).valid).toBe(true);
  });

  it('refuses answers the form does not ask for, at any depth', () => {
    const result = validate({ ...example, isAdmin: true, otherGuardian: { ...(example.otherGuardian as object), salary: 1 } });
    expect(summary(result)).toEqual(['/otherGuardian/salary additionalProperties', '/isAdmin additionalProperties']);
  });
});

describe('answerValidatorFrom', () => {
  it('answers valid answers as valid, and names hidden answers, from any compiled answer schema', () => {
    const plain = definitionWith({ properties: { urgent: { type: 'boolean' }, why: { type: 'string' } } });
    const definition = { ...plain, form: { ...plain.form, schema: applyFieldConditions(plain.form.schema, [{ target: 'why', when: { field: 'urgent', operator: 'is', value: true } }]) } };
    const validate = answerValidatorFrom(definition, createAjv().compile(answerSchema(definition)));
    expect(validate({ urgent: true, why: 'brinner' })).toEqual({ valid: true, errors: [] });
    expect(validate({ urgent: false, why: 'brinner' }).errors).toEqual([
      {
        pointer: '/why',
        field: 'why',
        keyword: 'hidden',
        message: { sv: 'Frågan ”Fråga why” visas inte med dina svar; ta bort svaret.', en: 'The question “Question why” is not shown with your answers; remove the answer.' },
      },
    ]);
  });
});
