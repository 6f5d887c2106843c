import type { BookingConfig } from './config.js';
import { WEEKDAYS } from './vocabulary.js';

/** Bookings are in the municipality's own time: Swedish e-services, Swedish clocks (DST included). */
export const BOOKING_TIME_ZONE = 'Europe/Stockholm';

/** One bookable slot of one resource. `start`/`end` carry the Stockholm offset of that day. */
export interface Slot {
  resource: string;
  /** ISO 8601 with offset, e.g. 2027-03-29T10:00:00+02:00: the answer's `start` */
  start: string;
  end: string;
  /** Stockholm calendar day and time, for grouping by day */
  date: string;
  time: string;
  /** seats left (capacity minus taken and held) */
  free: number;
}

const MINUTE = 60_000;
const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: BOOKING_TIME_ZONE, timeZoneName: 'longOffset' });

/** Stockholm's offset from UTC at an instant, in minutes (60 in winter, 120 in summer). */
export function stockholmOffsetMinutes(instant: Date): number {
  const name = offsetFormat.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The Stockholm calendar day (YYYY-MM-DD) of an instant. */
export function stockholmDate(instant: Date): string {
  return new Date(instant.getTime() + stockholmOffsetMinutes(instant) * MINUTE).toISOString().slice(0, 10);
}

/**
 * The instant of a Stockholm wall-clock time, or undefined for a time the spring DST change skips
 * (02:00–03:00). In the autumn hour that occurs twice, the first (summer-time) one.
 */
export function stockholmInstant(date: string, minutes: number): Date | undefined {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE;
  for (const guess of [wall - 120 * MINUTE, wall - 60 * MINUTE]) {
    const instant = new Date(guess);
    if (guess + stockholmOffsetMinutes(instant) * MINUTE === wall) return instant;
  }
  return undefined;
}

/** ISO 8601 with Stockholm's offset at that instant: what a citizen recognises as the time. */
export function stockholmIso(instant: Date): string {
  const offset = stockholmOffsetMinutes(instant);
  const local = new Date(instant.getTime() + offset * MINUTE).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  return `${local}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** The storage key of a slot: resource and UTC start, the same for any spelling of the instant. */
export const slotKey = (resource: string, start: Date): string => `${resource}@${start.toISOString()}`;

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const weekdayOf = (date: string) => WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7] ?? 'monday';

export interface SlotQuery {
  config: BookingConfig;
  /** one resource, or every resource of the field */
  resource?: string;
  /** Stockholm days, inclusive (YYYY-MM-DD) */
  from: string;
  to: string;
  now: Date;
  /** seats taken or held per slotKey */
  taken?: ReadonlyMap<string, number>;
}

/**
 * Every slot of the days from..to that may be booked now: on an opening hour, not on a closed
 * date, at least `minNoticeHours` ahead and at most `bookAheadDays` days ahead, with a seat left.
 * In date, time and resource order.
 */
export function freeSlots(query: SlotQuery): Slot[] {
  return allSlots(query).filter((slot) => slot.free > 0);
}

/** Like freeSlots, but full slots too (free 0): to tell "full" from "no such slot". */
export function allSlots({ config, resource, from, to, now, taken }: SlotQuery): Slot[] {
  const earliest = now.getTime() + config.minNoticeHours * 60 * MINUTE;
  const lastDay = addDays(stockholmDate(now), config.bookAheadDays);
  const closed = new Set(config.closedDates ?? []);
  const resources = config.resources.filter((r) => resource === undefined || r.id === resource);
  const slots: Slot[] = [];
  for (let date = from; date <= to && date <= lastDay; date = addDays(date, 1)) {
    if (closed.has(date)) continue;
    for (const opening of config.openingHours[weekdayOf(date)] ?? []) {
      const close = toMinutes(opening.to);
      for (let minute = toMinutes(opening.from); minute + config.slotMinutes <= close; minute += config.slotMinutes) {
        const start = stockholmInstant(date, minute);
        if (!start || start.getTime() < earliest) continue;
        const end = new Date(start.getTime() + config.slotMinutes * MINUTE);
        for (const r of resources) {
          slots.push({
            resource: r.id,
            start: stockholmIso(start),
            end: stockholmIso(end),
            date,
            time: `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`,
            free: Math.max(0, config.capacity - (taken?.get(slotKey(r.id, start)) ?? 0)),
          });
        }
      }
    }
  }
  return slots.sort((a, b) => a.date.localeCompare(b.date) || a.time.localeCompare(b.time) || a.resource.localeCompare(b.resource));
}

/** The slot a chosen `{ resource, start }` names, if the configuration offers it now (full or not). */
export function offeredSlot(config: BookingConfig, resource: string, start: string, now: Date): Slot | undefined {
  const instant = new Date(start);
  if (Number.isNaN(instant.getTime())) return undefined;
  const date = stockholmDate(instant);
  return allSlots({ config, resource, from: date, to: date, now }).find((slot) => Date.parse(slot.start) === instant.getTime());
}

/** Whether a booking starting at `start` may still be cancelled at `now`. */
export const mayCancel = (config: BookingConfig, start: Date, now: Date): boolean =>
  now.getTime() <= start.getTime() - config.cancelBeforeHours * 60 * MINUTE;

/** The day `days` after a Stockholm day (YYYY-MM-DD). */
export const addBookingDays = addDays;
