// What the portal and the field catalogue need of booking, apart from its TypeBox schemas
// (config.ts): a module the citizen's page imports must not pull TypeBox into its bundle.
import type { BookingConfig } from './config.js';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A new booking field's configuration: one resource, weekdays 9–16, 30-minute slots. */
export function defaultBookingConfig(): BookingConfig {
  const day = () => [{ from: '09:00', to: '16:00' }];
  return {
    resources: [{ id: 'resurs-1', name: { sv: 'Resurs 1', en: 'Resource 1' } }],
    openingHours: { monday: day(), tuesday: day(), wednesday: day(), thursday: day(), friday: day() },
    slotMinutes: 30,
    capacity: 1,
    bookAheadDays: 90,
    minNoticeHours: 24,
    cancelBeforeHours: 48,
    holdMinutes: 15,
  };
}
