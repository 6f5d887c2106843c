import { describe, expect, it } from 'vitest';
import type { EServiceDefinition } from '@etjanst/schemas';
import { buildPrefill, changedPrefilledFields, setPath } from './mapping.js';

const register = {
  personalIdentityNumber: '19900101-2385',
  givenName: 'Astrid',
  surname: 'Testsson',
  fullName: 'Astrid Testsson',
  postalCode: '123 45',
  children: [
    { personalIdentityNumber: '20210314-2382', givenName: 'Ella', surname: 'Testsson', fullName: 'Ella Testsson' },
    { personalIdentityNumber: '20230902-4574', givenName: 'Noah', surname: 'Testsson', fullName: 'Noah Testsson' },
  ],
};
const records = new Map([['population-register', register]]);

/** A definition with an array of children and a phone mapping (a contact attribute the format may add). */
const definition = {
  form: {
    schema: {
      type: 'object',
      properties: {
        applicant: {
          type: 'object',
          properties: { name: { type: 'string' }, postalCode: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' } },
        },
        children: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, personalIdentityNumber: { type: 'string' } } } },
      },
    },
  },
  prefill: [
    { field: 'applicant.name', source: 'population-register', attribute: 'fullName', editable: false },
    { field: 'applicant.postalCode', source: 'population-register', attribute: 'postalCode', editable: false },
    { field: 'children', source: 'population-register', attribute: 'children', editable: false },
    { field: 'applicant.phone', source: 'contact-details', attribute: 'phone', editable: true },
  ],
  receipt: { email: true, emailField: 'applicant.email', includeAnswers: false },
} as unknown as EServiceDefinition;

describe('prefill mapping', () => {
  it('fills nested paths, lists of children shaped by the item schema, and saved contact details', () => {
    const { answers, sources } = buildPrefill(definition, records, { email: 'a@example.se', phone: '070-111 22 33' });
    expect(answers).toEqual({
      applicant: { name: 'Astrid Testsson', postalCode: '123 45', email: 'a@example.se', phone: '070-111 22 33' },
      children: [
        { name: 'Ella Testsson', personalIdentityNumber: '20210314-2382' },
        { name: 'Noah Testsson', personalIdentityNumber: '20230902-4574' },
      ],
    });
    expect(sources['children']).toEqual({ source: 'population-register', attribute: 'children', editable: false });
    expect(sources['applicant.phone']).toEqual({ source: 'contact-details', attribute: 'phone', editable: true });
    expect(sources['applicant.email']).toEqual({ source: 'contact-details', attribute: 'email', editable: true });
  });

  it('fills nothing from a source that did not answer', () => {
    expect(buildPrefill(definition, new Map([['population-register', undefined]]))).toEqual({ answers: {}, sources: {} });
  });

  it('finds changed locked fields, forgiving layout but not content', () => {
    const base = { applicant: { name: 'Astrid  Testsson ', postalCode: '12345' }, children: [{ name: 'Noah Testsson', personalIdentityNumber: '202309024574' }] };
    expect(changedPrefilledFields(definition, base, records)).toEqual([]);
    expect(changedPrefilledFields(definition, { applicant: { name: 'Astrid Annan' } }, records)).toEqual([{ field: 'applicant.name', attribute: 'fullName' }]);
    // a child the register does not know
    expect(changedPrefilledFields(definition, { children: [{ name: 'Okänd Testsson', personalIdentityNumber: '20200101-0000' }] }, records)).toEqual([
      { field: 'children', attribute: 'children' },
    ]);
    // not sent, or no register value: nothing to compare
    expect(changedPrefilledFields(definition, {}, records)).toEqual([]);
    expect(changedPrefilledFields(definition, { applicant: { name: 'X' } }, new Map())).toEqual([]);
  });

  it('does not overwrite something else on the path', () => {
    const target: Record<string, unknown> = { a: 'text' };
    expect(setPath(target, 'a.b', 1)).toBe(false);
    expect(setPath(target, 'c.d.e', 1)).toBe(true);
    expect(target).toEqual({ a: 'text', c: { d: { e: 1 } } });
  });
});
