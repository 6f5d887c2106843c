import { describe, expect, it } from 'vitest';
import { newField } from './catalogue/index.js';
import { preschoolPlace } from '../templates/preschool-place.js';
import { autocompleteTokens, withAutocomplete } from './autocomplete.js';

describe('autocomplete of the citizen’s own details (WCAG 1.3.5)', () => {
  it('names the guardian’s own name, address, e-mail and phone in the preschool application, and nothing about the child', () => {
    const tokens = autocompleteTokens(preschoolPlace.form.schema, preschoolPlace.prefill);
    expect(Object.fromEntries(tokens)).toEqual({
      'guardian.givenName': 'given-name',
      'guardian.surname': 'family-name',
      'guardian.address.street': 'street-address',
      'guardian.address.postalCode': 'postal-code',
      'guardian.address.city': 'address-level2',
      'guardian.email': 'email',
      'guardian.phone': 'tel',
    });
  });

  it('sets ui:autocomplete in the uiSchema, keeping a token the definition sets itself', () => {
    const ui = withAutocomplete({ guardian: { email: { 'ui:options': { inputType: 'email' } }, phone: { 'ui:autocomplete': 'off' } } }, new Map([
      ['guardian.email', 'email'],
      ['guardian.phone', 'tel'],
      ['guardian.address.city', 'address-level2'],
    ]));
    expect(ui).toEqual({
      guardian: {
        email: { 'ui:options': { inputType: 'email' }, 'ui:autocomplete': 'email' },
        phone: { 'ui:autocomplete': 'off' },
        address: { city: { 'ui:autocomplete': 'address-level2' } },
      },
    });
  });

  it('gives the e-mail, phone and address field types of the catalogue their tokens, not those in a repeating group’s rows', () => {
    const schema = {
      type: 'object',
      properties: {
        email: newField('email', 'email').schema,
        home: newField('address', 'home').schema,
        witnesses: { type: 'array', items: { type: 'object', properties: { email: { type: 'string', format: 'email' } } } },
      },
    };
    expect(Object.fromEntries(autocompleteTokens(schema))).toEqual({
      email: 'email',
      'home.street': 'street-address',
      'home.postalCode': 'postal-code',
      'home.city': 'address-level2',
    });
  });
});
