import { describe, expect, it } from 'vitest';
import type { EServiceDefinition } from '../definition/format.js';
import { validateDefinition } from '../definition/validate-definition.js';
import { assembleForm } from '../fields/catalogue/assemble.js';
import { newField } from '../fields/catalogue/catalogue.js';
import { TEMPLATES } from '../templates/index.js';
import type { BookingConfig } from './config.js';

/** A definition whose only field is a booking field with the given configuration changes. */
function withBooking(change: (config: BookingConfig) => void): EServiceDefinition {
  const properties = newField('booking', 'tid').properties;
  change(properties.booking as BookingConfig);
  const base = TEMPLATES.find((t) => t.id === 'felanmalan') as EServiceDefinition;
  const { form } = assembleForm([{ id: 'steg', title: { sv: 'Steg' }, fields: [{ key: 'tid', typeId: 'booking', properties }] }]);
  return { ...structuredClone(base), form, prefill: [], signing: { required: false }, receipt: { email: false, includeAnswers: false } };
}

const codes = (definition: unknown) => validateDefinition(definition).problems.map((p) => [p.code, p.pointer]);

describe('booking field definition', () => {
  it('a new booking field is a valid definition', () => {
    expect(codes(withBooking(() => undefined))).toEqual([]);
  });

  it('names opening hours that end before they start or hold no slot, in Swedish and English', () => {
    const definition = withBooking((c) => {
      c.openingHours.monday = [{ from: '12:00', to: '09:00' }];
      c.openingHours.tuesday = [{ from: '09:00', to: '09:20' }];
    });
    expect(codes(definition)).toEqual([
      ['booking.opening-backwards', '/form/fields/tid/booking/openingHours/monday/0'],
      ['booking.opening-too-short', '/form/fields/tid/booking/openingHours/tuesday/0'],
    ]);
    expect(validateDefinition(definition).problems[1]?.message).toEqual({
      sv: 'Öppettiden 09:00–09:20 på tisdag är kortare än en bokningsbar tid (30 minuter).',
      en: 'The opening hours 09:00–09:20 on Tuesday are shorter than one slot (30 minutes).',
    });
  });

  it('refuses duplicate resources, no opening hours, an answer naming other resources and a config missing', () => {
    const duplicate = withBooking((c) => c.resources.push({ ...c.resources[0]!, name: { sv: 'Kopia' } }));
    expect(codes(duplicate)).toContainEqual(['booking.duplicate-resource', '/form/fields/tid/booking/resources/1/id']);
    expect(codes(withBooking((c) => (c.openingHours = {})))).toEqual([['booking.never-open', '/form/fields/tid/booking/openingHours']]);
    const other = withBooking(() => undefined);
    other.form.fields!.tid!.booking!.resources[0]!.id = 'annan';
    expect(codes(other)).toEqual([['booking.resources-mismatch', '/form/schema/properties/tid']]);
    const missing = withBooking(() => undefined);
    delete missing.form.fields!.tid!.booking;
    expect(codes(missing)).toEqual([['booking.config-missing', '/form/fields/tid/booking']]);
  });

  it('refuses a slot length out of bounds through the format', () => {
    expect(codes(withBooking((c) => (c.slotMinutes = 2)))).toEqual([['format.minimum', '/form/fields/tid/booking/slotMinutes']]);
  });
});
