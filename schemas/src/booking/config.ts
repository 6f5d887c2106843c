import { Type, type Static } from '@sinclair/typebox';
import { LocalizedTextSchema } from '../definition/localized-text.js';

const Time = Type.String({ pattern: '^(?:[01]\\d|2[0-3]):[0-5]\\d$', description: 'Local time in Stockholm, HH:MM' });

const OpeningSchema = Type.Object(
  { from: Time, to: Time },
  { additionalProperties: false, description: 'Slots start from `from`; the last one ends at or before `to`' },
);

const Day = Type.Array(OpeningSchema, { maxItems: 10 });

const ResourceSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'Stable id of the resource (stored with every booking)' }),
    name: LocalizedTextSchema,
  },
  { additionalProperties: false, description: 'What is booked: an officiant, a room' },
);

/**
 * The booking field's configuration, kept in `form.fields[path].booking`. The answer is
 * `{ resource, start }`; which slots exist follows from this configuration in Stockholm time.
 */
export const BookingConfigSchema = Type.Object(
  {
    resources: Type.Array(ResourceSchema, { minItems: 1, maxItems: 50 }),
    openingHours: Type.Object(
      {
        monday: Type.Optional(Day),
        tuesday: Type.Optional(Day),
        wednesday: Type.Optional(Day),
        thursday: Type.Optional(Day),
        friday: Type.Optional(Day),
        saturday: Type.Optional(Day),
        sunday: Type.Optional(Day),
      },
      { additionalProperties: false, description: 'Opening hours per weekday; a day without any is closed' },
    ),
    slotMinutes: Type.Integer({ minimum: 5, maximum: 480, description: 'Length of one slot' }),
    capacity: Type.Integer({ minimum: 1, maximum: 1000, description: 'Bookings one slot of one resource takes' }),
    bookAheadDays: Type.Integer({ minimum: 1, maximum: 730, description: 'How many days ahead one may book' }),
    minNoticeHours: Type.Integer({ minimum: 0, maximum: 8760, description: 'How late one may book: at least this many hours before the start' }),
    cancelBeforeHours: Type.Integer({ minimum: 0, maximum: 8760, description: 'A booking may be cancelled until this many hours before the start' }),
    closedDates: Type.Optional(Type.Array(Type.String({ format: 'date' }), { maxItems: 1000, description: 'Days without slots (holidays), YYYY-MM-DD' })),
    holdMinutes: Type.Integer({ minimum: 1, maximum: 120, description: 'How long a chosen slot is held while the form is finished' }),
  },
  { additionalProperties: false },
);
export type BookingConfig = Static<typeof BookingConfigSchema>;
export type Opening = Static<typeof OpeningSchema>;
