import { bilingual, type BilingualMessage } from '../i18n/bilingual.js';
import { objectProperties } from '../definition/fields.js';
import type { EServiceDefinition } from '../definition/format.js';
import type { BookingConfig } from './config.js';
import { WEEKDAYS } from './vocabulary.js';

interface BookingProblem {
  pointer: string;
  code: string;
  message: BilingualMessage;
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const DAY_NAMES: Record<(typeof WEEKDAYS)[number], { sv: string; en: string }> = {
  monday: { sv: 'måndag', en: 'Monday' },
  tuesday: { sv: 'tisdag', en: 'Tuesday' },
  wednesday: { sv: 'onsdag', en: 'Wednesday' },
  thursday: { sv: 'torsdag', en: 'Thursday' },
  friday: { sv: 'fredag', en: 'Friday' },
  saturday: { sv: 'lördag', en: 'Saturday' },
  sunday: { sv: 'söndag', en: 'Sunday' },
};

/** The booking fields of a definition: top-level fields whose settings carry a booking configuration. */
export function bookingFields(definition: EServiceDefinition): { field: string; config: BookingConfig }[] {
  return Object.entries(definition.form.fields ?? {}).flatMap(([field, settings]) => (settings.booking ? [{ field, config: settings.booking }] : []));
}

/**
 * What the format's schema cannot say about a booking field: it is a top-level field of the
 * booking type, its answer names exactly its resources, resource ids are unique, and every
 * opening hour ends after it starts and holds at least one slot.
 */
export function bookingProblems(definition: EServiceDefinition): BookingProblem[] {
  const problems: BookingProblem[] = [];
  const topLevel = objectProperties(definition.form.schema);
  const add = (pointer: string, code: string, sv: string, en: string) => problems.push({ pointer, code, message: bilingual(sv, en) });
  for (const [field, settings] of Object.entries(definition.form.fields ?? {})) {
    const at = `/form/fields/${escapePointer(field)}`;
    const label = definition.form.texts[field]?.label;
    const name = { sv: label?.sv ?? field, en: label?.en ?? label?.sv ?? field };
    if (settings.fieldType === 'booking' && !settings.booking) {
      add(`${at}/booking`, 'booking.config-missing', `Tidsbokningen ”${name.sv}” saknar bokningsbara tider.`, `The booking “${name.en}” has no bookable times.`);
    }
    const config = settings.booking;
    if (!config) continue;
    const resources = config.resources.map((r) => r.id);
    const answer = topLevel.get(field);
    const resourceEnum = (objectProperties(answer ?? {}).get('resource')?.enum ?? []) as unknown[];
    if (!answer || field.includes('.')) {
      add(at, 'booking.not-top-level', `Tidsbokningen ”${name.sv}” måste vara ett fält direkt i formuläret, inte i en grupp.`, `The booking “${name.en}” must be a field of the form itself, not inside a group.`);
    } else if (resourceEnum.length !== new Set(resources).size || resources.some((id) => !resourceEnum.includes(id))) {
      add(`/form/schema/properties/${escapePointer(field)}`, 'booking.resources-mismatch', `Svaret på tidsbokningen ”${name.sv}” nämner inte samma resurser som bokningen.`, `The answer to the booking “${name.en}” does not name the same resources as the booking.`);
    }
    config.resources.forEach((resource, i) => {
      if (resources.indexOf(resource.id) !== i) {
        add(`${at}/booking/resources/${i}/id`, 'booking.duplicate-resource', `Resursen ”${resource.id}” finns två gånger i tidsbokningen ”${name.sv}”.`, `The resource “${resource.id}” appears twice in the booking “${name.en}”.`);
      }
    });
    for (const day of WEEKDAYS) {
      (config.openingHours[day] ?? []).forEach((opening, i) => {
        const pointer = `${at}/booking/openingHours/${day}/${i}`;
        const length = toMinutes(opening.to) - toMinutes(opening.from);
        if (length <= 0) {
          add(pointer, 'booking.opening-backwards', `Öppettiden ${opening.from}–${opening.to} på ${DAY_NAMES[day].sv} slutar inte efter att den börjar.`, `The opening hours ${opening.from}–${opening.to} on ${DAY_NAMES[day].en} do not end after they start.`);
        } else if (length < config.slotMinutes) {
          add(pointer, 'booking.opening-too-short', `Öppettiden ${opening.from}–${opening.to} på ${DAY_NAMES[day].sv} är kortare än en bokningsbar tid (${config.slotMinutes} minuter).`, `The opening hours ${opening.from}–${opening.to} on ${DAY_NAMES[day].en} are shorter than one slot (${config.slotMinutes} minutes).`);
        }
      });
    }
    if (WEEKDAYS.every((day) => (config.openingHours[day] ?? []).length === 0)) {
      add(`${at}/booking/openingHours`, 'booking.never-open', `Tidsbokningen ”${name.sv}” har inga öppettider.`, `The booking “${name.en}” has no opening hours.`);
    }
  }
  return problems;
}
