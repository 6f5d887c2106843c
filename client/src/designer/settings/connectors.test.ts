import { bilingual, faultReport, optionTexts } from '@etjanst/schemas';
import { describe, expect, it } from 'vitest';
import type { Definition } from '../model';
import { connectorProblems, optionErrorSchema, problemsOfConnector, type ConnectorType } from './connectors';

const email: ConnectorType = {
  type: 'email',
  title: bilingual('E-post', 'E-mail'),
  strictlyConfidential: 'refused',
  optionsSchema: {
    type: 'object',
    required: ['to'],
    additionalProperties: false,
    properties: { to: { type: 'string', format: 'email', ...optionTexts({ title: bilingual('Funktionsbrevlåda', 'Functional mailbox') }) } },
  },
};
const withConnectors = (connectors: Definition['delivery']['connectors']): Definition => ({ ...faultReport, delivery: { connectors } });

describe('connector options in the designer', () => {
  it('finds what the server would refuse: an option, at the option, and a type the server does not list', () => {
    const definition = withConnectors([
      { id: 'ok', type: 'email', options: { to: 'a@b.se' } },
      { id: 'tom', type: 'email', options: {} },
      { id: 'okand', type: 'chattnotis', options: {} },
    ]);
    expect(connectorProblems(definition, [email])).toEqual([
      { pointer: '/delivery/connectors/1/options/to', code: 'delivery.options-invalid', message: { sv: 'Mottagaren ”tom”: Fyll i ”Funktionsbrevlåda”.', en: 'The connector “tom”: Fill in “Functional mailbox”.' } },
      {
        pointer: '/delivery/connectors/2/type',
        code: 'delivery.unknown-type',
        message: { sv: 'Mottagaren ”okand”: plattformen har ingen mottagartyp ”chattnotis”.', en: 'The connector “okand”: the platform has no connector type “chattnotis”.' },
      },
    ]);
    // until the server's list has come, the types are left to the server
    expect(connectorProblems(definition, undefined)).toEqual([]);
  });

  it('splits a connector\'s problems into its options\' (pointers within the options) and the rest', () => {
    const problems = [
      { pointer: '/delivery/connectors/1/options/rules/0/unit', message: 'enhet' },
      { pointer: '/delivery/connectors/1/options', message: 'okänt fält' },
      { pointer: '/delivery/connectors/1/id', message: 'dubblett' },
      { pointer: '/delivery/connectors/10/options/to', message: 'en annan mottagare' },
      { pointer: '/delivery/connectors', message: 'ingen mottagare' },
    ];
    expect(problemsOfConnector(problems, 1)).toEqual({
      options: [
        { pointer: '/rules/0/unit', message: 'enhet' },
        { pointer: '', message: 'okänt fält' },
      ],
      other: [{ pointer: '/delivery/connectors/1/id', message: 'dubblett' }],
    });
  });

  it('puts messages where rjsf shows them: at each field, the options\' own at the root, each once', () => {
    expect(
      optionErrorSchema([
        { pointer: '/rules/0/unit', message: 'enhet' },
        { pointer: '/to', message: 'adress' },
        { pointer: '/to', message: 'adress' },
        { pointer: '', message: 'okänt fält' },
        { pointer: '/a~1b', message: 'snedstreck' },
      ]),
    ).toEqual({ __errors: ['okänt fält'], rules: { 0: { unit: { __errors: ['enhet'] } } }, to: { __errors: ['adress'] }, 'a/b': { __errors: ['snedstreck'] } });
  });
});
