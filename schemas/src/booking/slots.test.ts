import { describe, expect, it } from 'vitest';
import type { BookingConfig } from './config.js';
import { defaultBookingConfig } from './vocabulary.js';
import { allSlots, freeSlots, mayCancel, offeredSlot, slotKey, stockholmInstant, stockholmIso } from './slots.js';

const config = (over: Partial<BookingConfig> = {}): BookingConfig => ({
  ...defaultBookingConfig(),
  resources: [{ id: 'anna', name: { sv: 'Anna' } }, { id: 'rum', name: { sv: 'Rådhussalen' } }],
  openingHours: { friday: [{ from: '10:00', to: '11:00' }], sunday: [{ from: '01:00', to: '04:00' }] },
  slotMinutes: 30,
  capacity: 2,
  minNoticeHours: 0,
  bookAheadDays: 30,
  ...over,
});
// Monday 1 March 2027, 08:00 in Stockholm (winter time, +01:00)
const now = new Date('2027-03-01T07:00:00Z');

describe('booking slots', () => {
  it('lays out slots of every resource on the opening hours of each weekday, in Stockholm time', () => {
    const slots = freeSlots({ config: config(), from: '2027-03-05', to: '2027-03-05', now });
    expect(slots.map((s) => [s.resource, s.start, s.end, s.time])).toEqual([
      ['anna', '2027-03-05T10:00:00+01:00', '2027-03-05T10:30:00+01:00', '10:00'],
      ['rum', '2027-03-05T10:00:00+01:00', '2027-03-05T10:30:00+01:00', '10:00'],
      ['anna', '2027-03-05T10:30:00+01:00', '2027-03-05T11:00:00+01:00', '10:30'],
      ['rum', '2027-03-05T10:30:00+01:00', '2027-03-05T11:00:00+01:00', '10:30'],
    ]);
    expect(freeSlots({ config: config(), resource: 'rum', from: '2027-03-01', to: '2027-03-04', now })).toEqual([]);
  });

  it('follows summer time: the same wall-clock slot is +02:00 after the last Sunday of March', () => {
    const slots = freeSlots({ config: config({ bookAheadDays: 60 }), resource: 'anna', from: '2027-04-02', to: '2027-04-02', now });
    expect(slots[0]?.start).toBe('2027-04-02T10:00:00+02:00');
    expect(new Date(slots[0]?.start ?? '').toISOString()).toBe('2027-04-02T08:00:00.000Z');
  });

  it('skips the hour the spring change leaves out and offers the autumn hour that occurs twice once', () => {
    const spring = freeSlots({ config: config(), resource: 'anna', from: '2027-03-28', to: '2027-03-28', now }).map((s) => s.start);
    expect(spring).toEqual(['2027-03-28T01:00:00+01:00', '2027-03-28T01:30:00+01:00', '2027-03-28T03:00:00+02:00', '2027-03-28T03:30:00+02:00']);
    const autumnNow = new Date('2027-10-01T00:00:00Z');
    const autumn = freeSlots({ config: config(), resource: 'anna', from: '2027-10-31', to: '2027-10-31', now: autumnNow }).map((s) => s.start);
    expect(autumn).toEqual([
      '2027-10-31T01:00:00+02:00', '2027-10-31T01:30:00+02:00', '2027-10-31T02:00:00+02:00',
      '2027-10-31T02:30:00+02:00', '2027-10-31T03:00:00+01:00', '2027-10-31T03:30:00+01:00',
    ]);
    expect(stockholmInstant('2027-03-28', 150)).toBeUndefined();
    expect(stockholmIso(new Date('2027-10-31T01:30:00Z'))).toBe('2027-10-31T02:30:00+01:00');
  });

  it('counts taken and held seats and leaves out full slots', () => {
    const start = new Date('2027-03-05T09:00:00Z');
    const taken = new Map([[slotKey('anna', start), 2], [slotKey('rum', start), 1]]);
    const slots = allSlots({ config: config(), from: '2027-03-05', to: '2027-03-05', now, taken });
    expect(slots.slice(0, 2).map((s) => [s.resource, s.free])).toEqual([['anna', 0], ['rum', 1]]);
    expect(freeSlots({ config: config(), from: '2027-03-05', to: '2027-03-05', now, taken }).map((s) => `${s.resource} ${s.time}`)).toEqual(['rum 10:00', 'anna 10:30', 'rum 10:30']);
  });

  it('keeps to the notice, the days ahead and the closed dates', () => {
    const fridayMorning = new Date('2027-03-05T08:15:00Z'); // 09:15 in Stockholm: 10:00 is too soon
    expect(freeSlots({ config: config({ minNoticeHours: 1 }), resource: 'anna', from: '2027-03-05', to: '2027-03-05', now: fridayMorning }).map((s) => s.time)).toEqual(['10:30']);
    expect(freeSlots({ config: config({ bookAheadDays: 5 }), resource: 'anna', from: '2027-03-01', to: '2027-03-31', now }).map((s) => s.date)).toEqual(['2027-03-05', '2027-03-05']);
    expect(freeSlots({ config: config({ closedDates: ['2027-03-05'], bookAheadDays: 5 }), from: '2027-03-01', to: '2027-03-31', now })).toEqual([]);
  });

  it('recognises an offered slot by instant, however the offset is written, and nothing else', () => {
    expect(offeredSlot(config(), 'anna', '2027-03-05T09:30:00Z', now)?.time).toBe('10:30');
    expect(offeredSlot(config(), 'anna', '2027-03-05T10:15:00+01:00', now)).toBeUndefined();
    expect(offeredSlot(config(), 'nobody', '2027-03-05T10:00:00+01:00', now)).toBeUndefined();
    expect(offeredSlot(config(), 'anna', 'not a time', now)).toBeUndefined();
  });

  it('allows cancelling until the deadline before the start', () => {
    const start = new Date('2027-03-05T09:00:00Z');
    expect(mayCancel(config({ cancelBeforeHours: 48 }), start, new Date('2027-03-03T09:00:00Z'))).toBe(true);
    expect(mayCancel(config({ cancelBeforeHours: 48 }), start, new Date('2027-03-03T09:00:01Z'))).toBe(false);
  });
});
