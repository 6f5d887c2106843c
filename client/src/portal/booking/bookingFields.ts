import type { BookingConfig, EServiceDefinition, Language } from '@etjanst/schemas';
import type { UiSchema } from '@rjsf/utils';
import type { HeldSlot } from './bookingApi';

/** What the slot picker reads from its ui:options (set by withBookingFields). */
export interface BookingFieldOptions {
  /** The field's name, which the booking routes know it by */
  bookingField: string;
  booking: BookingConfig;
}

/**
 * Where the wizard's booking fields hold slots (the version's `/bookings` path) and the slot each
 * field holds now, so the hold survives moving between steps and is released when the citizen
 * leaves the e-service. Absent in the designer's preview, where nothing can be held.
 */
export interface BookingContext {
  path: string;
  holds: Map<string, HeldSlot>;
}

/** The uiSchema with every booking field (top level, see bookingProblems) drawn by the slot picker. */
export function withBookingFields<T>(uiSchema: UiSchema<T>, fields: EServiceDefinition['form']['fields']): UiSchema<T> {
  const booked = Object.entries(fields ?? {}).flatMap(([path, settings]) => (settings.booking && !path.includes('.') ? [[path, settings.booking] as const] : []));
  if (booked.length === 0) return uiSchema;
  const result = { ...uiSchema } as Record<string, unknown>;
  for (const [path, booking] of booked) {
    const own = (result[path] ?? {}) as Record<string, unknown>;
    const options = (own['ui:options'] ?? {}) as Record<string, unknown>;
    result[path] = { ...own, 'ui:field': 'booking', 'ui:options': { ...options, bookingField: path, booking } satisfies BookingFieldOptions & Record<string, unknown> };
  }
  return result as UiSchema<T>;
}

const TEXTS = {
  sv: {
    loading: 'Hämtar lediga tider …',
    none: 'Det finns inga lediga tider de här dagarna.',
    earlier: 'Tidigare tider',
    later: 'Senare tider',
    showing: (from: string, to: string) => `Visar lediga tider ${from}–${to}`,
    seats: (n: number) => (n === 1 ? '1 plats kvar' : `${n} platser kvar`),
    holding: 'Reserverar tiden …',
    held: (slot: string, until: string) => `${slot} är reserverad åt dig till klockan ${until}. Skicka in formuläret innan dess.`,
    chosen: (slot: string) => `Vald tid: ${slot}.`,
    taken: 'Tiden blev just bokad av någon annan. Välj en annan tid.',
    preview: 'De lediga tiderna visas här när e-tjänsten är publicerad.',
    resource: 'Resurs',
  },
  en: {
    loading: 'Getting free times …',
    none: 'There are no free times on these days.',
    earlier: 'Earlier times',
    later: 'Later times',
    showing: (from: string, to: string) => `Showing free times ${from}–${to}`,
    seats: (n: number) => (n === 1 ? '1 place left' : `${n} places left`),
    holding: 'Holding the time …',
    held: (slot: string, until: string) => `${slot} is held for you until ${until}. Submit the form before then.`,
    chosen: (slot: string) => `Chosen time: ${slot}.`,
    taken: 'The time was just taken by someone else. Pick another time.',
    preview: 'The free times are shown here once the e-service is published.',
    resource: 'Resource',
  },
};

export const bookingTexts = (language: Language) => TEXTS[language] ?? TEXTS.sv;
export type BookingTexts = ReturnType<typeof bookingTexts>;
