import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import type { JsonSchemaObject } from '../definition/format.js';
import { bilingual } from '../i18n/bilingual.js';
import { connectorOptionProblems, localizeOptionsSchema, optionsChecker, optionTexts } from './connector-options.js';

const plain = (schema: unknown) => JSON.parse(JSON.stringify(schema)) as JsonSchemaObject;

// the shape of a connector plugin's options: a required e-mail, an optional text, a choice, a list of rules with a union
const schema = plain(
  Type.Object(
    {
      to: Type.String({ format: 'email', ...optionTexts({ title: bilingual('Funktionsbrevlåda', 'Functional mailbox'), description: bilingual('T.ex. a@b.se', 'E.g. a@b.se') }) }),
      prefix: Type.Optional(Type.String({ maxLength: 3 })),
      schedule: Type.Unsafe<string>({ type: 'string', enum: ['now', 'nightly'], ...optionTexts({ title: bilingual('När', 'When'), choices: { now: bilingual('Direkt', 'At once'), nightly: bilingual('På natten', 'At night') } }) }),
      rules: Type.Optional(
        Type.Array(
          Type.Object({ equals: Type.Union([Type.String(), Type.Number()], optionTexts({ title: bilingual('Svaret', 'The answer') })) }, { additionalProperties: false }),
          optionTexts({ title: bilingual('Regler', 'Rules') }),
        ),
      ),
    },
    { additionalProperties: false },
  ),
);
const problemsOf = optionsChecker(schema).check;

describe('connector options', () => {
  it('compiles with the texts keyword in strict mode and accepts valid options', () => {
    expect(problemsOf({ to: 'a@b.se', schedule: 'now', rules: [{ equals: 3 }] })).toEqual([]);
  });

  it('points a missing option at its own name and names it by its title in both languages', () => {
    expect(problemsOf({ schedule: 'now' })).toEqual([{ pointer: '/to', message: { sv: 'Fyll i ”Funktionsbrevlåda”.', en: 'Fill in “Functional mailbox”.' } }]);
  });

  it('words wrong values like the form errors, one problem per option, union noise left out', () => {
    const problems = problemsOf({ to: 'inte en adress', prefix: 'abcd', schedule: 'weekly', rules: [{ equals: true }], extra: 1 });
    expect(problems.map((p) => p.pointer).sort()).toEqual(['', '/prefix', '/rules/0/equals', '/schedule', '/to']);
    const at = (pointer: string) => problems.find((p) => p.pointer === pointer)!.message;
    expect(at('/to')).toEqual({ sv: '”Funktionsbrevlåda” ska vara en e-postadress, till exempel namn@exempel.se.', en: '“Functional mailbox” must be an e-mail address, for example name@example.com.' });
    expect(at('/schedule').sv).toBe('Välj ett av alternativen för ”När”.');
    expect(at('/rules/0/equals').sv).toBe('”Svaret” har fel sorts värde.');
    // an option without texts is named by its property
    expect(at('/prefix').en).toBe('“prefix” may have at most 3 characters.');
    expect(at('').sv).toBe('Okänt fält ”extra”.');
  });

  it('becomes problems of the definition at the connector, naming it', () => {
    expect(connectorOptionProblems({ id: 'kontaktcenter' }, 2, problemsOf({ schedule: 'now' }))).toEqual([
      { pointer: '/delivery/connectors/2/options/to', code: 'delivery.options-invalid', message: { sv: 'Mottagaren ”kontaktcenter”: Fyll i ”Funktionsbrevlåda”.', en: 'The connector “kontaktcenter”: Fill in “Functional mailbox”.' } },
    ]);
  });

  it('localizes titles, help and named choices for a form, without the texts annotation', () => {
    const en = localizeOptionsSchema(schema, 'en') as { properties: Record<string, JsonSchemaObject> };
    expect(en.properties.to).toEqual({ type: 'string', format: 'email', title: 'Functional mailbox', description: 'E.g. a@b.se' });
    expect(en.properties.schedule).toEqual({ type: 'string', title: 'When', oneOf: [{ const: 'now', title: 'At once' }, { const: 'nightly', title: 'At night' }] });
    const sv = localizeOptionsSchema(schema, 'sv') as { properties: Record<string, { title?: string; items?: { properties: Record<string, JsonSchemaObject> } }> };
    expect(sv.properties.rules?.title).toBe('Regler');
    expect(sv.properties.rules?.items?.properties.equals?.title).toBe('Svaret');
    expect(JSON.stringify(sv)).not.toContain('x-texts');
  });
});
