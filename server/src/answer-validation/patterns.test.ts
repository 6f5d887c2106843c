import { describe, expect, it } from 'vitest';
import { TEMPLATES, type EServiceDefinition, type JsonSchemaObject } from '@etjanst/schemas';
import { answerValidatorCode } from './code.js';
import { patternProblems } from './patterns.js';
import { importAnswerValidate } from './validators.js';

/** A definition whose form has one field `code` with this schema (patternProblems reads only the form's schema). */
const withField = (schema: JsonSchemaObject) =>
  ({ form: { schema: { type: 'object', properties: { code: schema } } } }) as unknown as EServiceDefinition;
const problemsOf = (schema: JsonSchemaObject) => patternProblems(withField(schema)).map(({ pointer, code }) => ({ pointer, code }));

describe('patterns a definition may not have', () => {
  it('refuses nested repetition that backtracks catastrophically, at the pattern, in Swedish and English', () => {
    for (const pattern of ['^(a+)+$', '^(a|a)*$', '^(\\w+\\s?)*$', '.*.*.*=.*']) {
      expect(problemsOf({ type: 'string', pattern }), pattern).toEqual([{ pointer: '/form/schema/properties/code/pattern', code: 'field.pattern-catastrophic' }]);
    }
    const [problem] = patternProblems(withField({ type: 'string', pattern: '^(a+)+$' }));
    expect(problem?.message).toEqual({ sv: expect.stringContaining('”code”'), en: expect.stringContaining('“code”') });
  });

  it('refuses what RE2 cannot match in linear time: backreferences, lookahead, lookbehind', () => {
    for (const pattern of ['^(a)\\1$', '^(?<x>a)\\k<x>$', '^(?=.*\\d).{8,}$', '(?<!a)b']) {
      expect(problemsOf({ type: 'string', pattern }), pattern).toEqual([{ pointer: '/form/schema/properties/code/pattern', code: 'field.pattern-not-linear' }]);
    }
  });

  it('checks the name patterns of patternProperties too', () => {
    expect(problemsOf({ type: 'object', patternProperties: { '^(a+)+$': { type: 'string' } } })).toEqual([
      { pointer: '/form/schema/properties/code/patternProperties/^(a+)+$', code: 'field.pattern-catastrophic' },
    ]);
  });

  it('allows ordinary patterns, a quadratic one (the e-mail shape) and every template', () => {
    for (const pattern of ['^[1-9][0-9]{2} ?[0-9]{2}$', '^[^\\s@<>"]+@[^\\s@<>"]+\\.[^\\s@<>"]+$', '^\\p{L}+$', '^\\\\k<x>$']) {
      expect(problemsOf({ type: 'string', pattern }), pattern).toEqual([]);
    }
    for (const template of TEMPLATES) expect(patternProblems(template), template.id).toEqual([]);
  });
});

describe('the server’s answer validators', () => {
  const validate = async (pattern: string) => importAnswerValidate(answerValidatorCode({ type: 'object', properties: { code: { type: 'string', pattern } } }));

  it('match patterns on RE2: an answer that would backtrack for 2^40 steps is judged at once', async () => {
    const nested = await validate('^(a+)+$');
    expect(nested({ code: 'a'.repeat(40) + '!' })).toBe(false);
    expect(nested({ code: 'aaa' })).toBe(true);
  });

  it('keep patterns apart (ajv keeps one compiled pattern per key) and match them as JavaScript does', async () => {
    const properties = { postalCode: { type: 'string', pattern: '^[1-9][0-9]{2} ?[0-9]{2}$' }, name: { type: 'string', pattern: '^[A-Za-zÅÄÖåäö]+$' } };
    const both = await importAnswerValidate(answerValidatorCode({ type: 'object', properties }));
    expect(both({ postalCode: '123 45', name: 'Åsa' })).toBe(true);
    expect(both({ postalCode: 'Åsa', name: 'Åsa' })).toBe(false);
    expect(both({ postalCode: '123 45', name: '123 45' })).toBe(false);
  });

  it('cannot be generated from a pattern RE2 cannot express', () => {
    expect(() => answerValidatorCode({ type: 'object', properties: { code: { type: 'string', pattern: '^(?=.*\\d).{8,}$' } } })).toThrow();
  });
});
