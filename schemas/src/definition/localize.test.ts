import { describe, expect, it } from 'vitest';
import { faultReport } from '../templates/fault-report.js';
import { preschoolPlace } from '../templates/preschool-place.js';
import { servingLicence } from '../templates/serving-licence.js';
import type { EServiceDefinition } from './format.js';
import { localizeForm, textIn } from './localize.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;
const localized = (definition: EServiceDefinition, language: 'sv' | 'en') =>
  localizeForm(definition.form, language) as { schema: Loose; uiSchema: Loose };

describe('textIn', () => {
  it('picks the language and falls back to Swedish', () => {
    expect(textIn({ sv: 'Hej', en: 'Hello' }, 'en')).toBe('Hello');
    expect(textIn({ sv: 'Hej' }, 'en')).toBe('Hej');
    expect(textIn(undefined, 'sv')).toBeUndefined();
  });
});

describe('localizeForm', () => {
  it('puts titles and help texts in the chosen language', () => {
    const sv = localized(faultReport, 'sv');
    const en = localized(faultReport, 'en');
    expect(sv.schema.properties.location.title).toBe('Var är det?');
    expect(en.schema.properties.location.title).toBe('Where is it?');
    expect(sv.uiSchema.location['ui:help']).toBe('Skriv en adress eller en plats.');
    expect(en.uiSchema.location['ui:help']).toBe('Write an address or a place.');
    expect(en.uiSchema.category).toEqual({
      'ui:widget': 'radio',
      'ui:enumNames': { street: 'Street or pavement', lighting: 'Lighting', park: 'Park or playground', other: 'Something else' },
    });
  });

  it('labels fields declared in a then-branch, also nested objects there', () => {
    expect(localized(faultReport, 'en').schema.allOf[0].then.properties.email.title).toBe('Your e-mail address');
    const otherGuardian = localized(preschoolPlace, 'sv').schema.allOf[0].then.properties.otherGuardian;
    expect(otherGuardian.title).toBe('Den andra vårdnadshavaren');
    expect(otherGuardian.properties.personalIdentityNumber.title).toBe('Personnummer');
    expect(localized(preschoolPlace, 'sv').uiSchema.otherGuardian.personalIdentityNumber['ui:help']).toBe(
      'Den andra vårdnadshavaren får ett meddelande om att skriva under.',
    );
  });

  it('names the options of a boolean radio', () => {
    const { uiSchema } = localized(faultReport, 'en');
    expect(uiSchema.wantsAnswer).toEqual({ 'ui:widget': 'radio', 'ui:enumNames': { true: 'Yes', false: 'No' } });
    expect(localized(faultReport, 'sv').uiSchema.wantsAnswer['ui:enumNames']).toEqual({ true: 'Ja', false: 'Nej' });
  });

  it('names the options of an array of enum (checkboxes) on the field and on its items', () => {
    const { schema, uiSchema } = localized(servingLicence, 'sv');
    const names = { indoor: 'Inomhus', outdoor: 'Uteservering' };
    expect(schema.properties.servingAreas.title).toBe('Var ska ni servera?');
    expect(uiSchema.servingAreas['ui:widget']).toBe('checkboxes');
    expect(uiSchema.servingAreas['ui:enumNames']).toEqual(names);
    expect(uiSchema.servingAreas.items['ui:enumNames']).toEqual(names);
  });

  it('labels nested object fields and the fields of repeating groups', () => {
    const { schema, uiSchema } = localized(servingLicence, 'en');
    expect(schema.properties.restaurantAddress.title).toBe('Restaurant address');
    expect(schema.properties.restaurantAddress.properties.postalCode.title).toBe('Postal code');
    const person = schema.properties.responsiblePersons;
    expect(person.title).toBe('Persons with significant influence');
    expect(person.items.properties.personalIdentityNumber.title).toBe('Personal identity number');
    expect(uiSchema.responsiblePersons['ui:options']).toEqual({ orderable: false });
    expect(uiSchema.responsiblePersons.items.role).toEqual({
      'ui:widget': 'select',
      'ui:enumNames': {
        owner: 'Owner',
        'board-member': 'Board member',
        'managing-director': 'Managing director',
        'restaurant-manager': 'Serving manager',
      },
    });
  });

  it('falls back to Swedish where English is missing', () => {
    const form = structuredClone(faultReport.form);
    form.texts.location = { label: { sv: 'Plats' }, help: { sv: 'Skriv platsen.' } };
    const { schema, uiSchema } = localizeForm(form, 'en') as { schema: Loose; uiSchema: Loose };
    expect(schema.properties.location.title).toBe('Plats');
    expect(uiSchema.location['ui:help']).toBe('Skriv platsen.');
  });

  it('does not change the stored form and returns copies', () => {
    const before = structuredClone(servingLicence.form);
    const result = localizeForm(servingLicence.form, 'en');
    expect(servingLicence.form).toEqual(before);
    expect(result.schema).not.toBe(servingLicence.form.schema);
    expect(result.uiSchema).not.toBe(servingLicence.form.uiSchema);
    expect((servingLicence.form.schema.properties as Loose).companyName.title).toBeUndefined();
    localizeForm(preschoolPlace.form, 'sv');
    expect(JSON.stringify(preschoolPlace.form.schema)).not.toContain('"title"');
  });

  it('leaves the schema otherwise as it was', () => {
    const { schema } = localized(preschoolPlace, 'en');
    const strip = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(strip)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'title').map(([k, v]) => [k, strip(v)]))
          : value;
    expect(strip(schema)).toEqual(preschoolPlace.form.schema);
  });
});
