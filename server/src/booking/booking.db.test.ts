import { defaultBookingConfig, type BookingConfig } from '@etjanst/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Problem } from '../problems/problem.js';
import { openTestDatabase, type TestDatabaseHandle } from '../test-support/database.js';
import { holdSlot, listFreeSlots, type BookingField } from './operations.js';
import { bookHeldSeat, releaseExpiredHolds } from './repository.js';

// Monday 1 March 2027, 08:00 in Stockholm; Friday's 10:00 slot is the one fought over
const now = new Date('2027-03-01T07:00:00Z');
const START = '2027-03-05T10:00:00+01:00';
const config = (capacity: number): BookingConfig => ({
  ...defaultBookingConfig(),
  resources: [{ id: 'anna', name: { sv: 'Anna Vigselförrättare' } }],
  openingHours: { friday: [{ from: '10:00', to: '12:00' }] },
  capacity,
  minNoticeHours: 0,
});
const person = (i: number) => `19800101${String(1000 + i)}`;
const REQUESTS = 40;

describe(`booking seats under concurrency (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let database: TestDatabaseHandle;
  const ctx = () => ({ db: database.db, municipalityId: 'bokby', actor: 'test' });
  const field = (name: string, capacity: number): BookingField => ({
    scope: { municipalityId: 'bokby', eserviceId: 'vigsel', field: name },
    version: 1,
    config: config(capacity),
    label: { sv: 'Vigseltid', en: 'Wedding time' },
  });

  beforeAll(async () => {
    database = await openTestDatabase();
    await database.db.insertInto('municipalities').values({ id: 'bokby', name: { sv: 'Bokby' }, receipt_prefix: 'BOK' }).execute();
  });
  afterAll(async () => database?.close());

  /** Every citizen asks for the slot at the same moment; the outcome of each. */
  const race = (booking: BookingField, from: number) =>
    Promise.allSettled(Array.from({ length: REQUESTS }, (_, i) => holdSlot(ctx(), booking, person(from + i), { resource: 'anna', start: START }, now)));

  for (const capacity of [1, 3]) {
    it(`${REQUESTS} citizens holding the last seats of a slot at once: exactly ${capacity} get one, the rest are told it was just taken`, async () => {
      const booking = field(`tid${capacity}`, capacity + 2);
      // two seats already gone: the capacity left is `capacity`
      for (const i of [0, 1]) await holdSlot(ctx(), booking, person(900 + i), { resource: 'anna', start: START }, now);
      const outcomes = await race(booking, 0);
      const held = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(held).toHaveLength(capacity);
      expect(refused).toHaveLength(REQUESTS - capacity);
      for (const reason of refused) {
        expect(reason).toBeInstanceOf(Problem);
        expect(reason).toMatchObject({ status: 409, code: 'booking-slot-taken', detail: { sv: 'Tiden blev just bokad av någon annan. Välj en annan tid.', en: 'The time was just taken by someone else. Pick another time.' } });
      }
      const seats = await database.db.selectFrom('booking_seats').select('state').where('field', '=', `tid${capacity}`).execute();
      expect(seats).toHaveLength(capacity + 2);
      const slots = await listFreeSlots(ctx(), booking, { from: '2027-03-05', to: '2027-03-05' }, now);
      expect(slots.map((s) => s.time)).not.toContain('10:00');
    });
  }

  it('releases an abandoned hold when its minutes run out, and books a held seat only for its holder', async () => {
    const booking = field('tid', 1);
    const held = await holdSlot(ctx(), booking, person(1), { resource: 'anna', start: START }, now);
    expect(held).toEqual({ resource: 'anna', start: START, end: '2027-03-05T10:30:00+01:00', heldUntil: '2027-03-01T08:15:00+01:00' });
    await expect(holdSlot(ctx(), booking, person(2), { resource: 'anna', start: START }, now)).rejects.toMatchObject({ status: 409 });
    // 15 minutes later the first citizen's hold has run out: the second may take the seat
    const later = new Date(now.getTime() + 15 * 60_000 + 1);
    expect((await listFreeSlots(ctx(), booking, { from: '2027-03-05', to: '2027-03-05' }, later))[0]).toMatchObject({ time: '10:00', free: 1 });
    await holdSlot(ctx(), booking, person(2), { resource: 'anna', start: START }, later);
    const scope = booking.scope;
    const seat = { resource: 'anna', startsAt: new Date(START), capacity: 1, now: later, submissionId: crypto.randomUUID() };
    await database.db.transaction().execute(async (trx) => {
      expect(await bookHeldSeat(trx, scope, { ...seat, personalIdentityNumber: person(3) })).toBe('not-held');
      // the first citizen's run-out hold was taken over: it cannot become a booking
      expect(await bookHeldSeat(trx, scope, { ...seat, personalIdentityNumber: person(1) })).toBe('full');
    });
  });

  it('the release job deletes only holds whose minutes ran out', async () => {
    const booking = field('utgangen', 2);
    await holdSlot(ctx(), booking, person(10), { resource: 'anna', start: START }, now);
    const later = new Date(now.getTime() + 10 * 60_000);
    await holdSlot(ctx(), booking, person(11), { resource: 'anna', start: START }, later);
    const seats = () => database.db.selectFrom('booking_seats').select('personal_identity_number').where('field', '=', 'utgangen').execute();
    // 16 minutes on, the first hold (15 minutes) has run out, the second has not
    expect(await releaseExpiredHolds(database.db, new Date(now.getTime() + 16 * 60_000))).toBeGreaterThanOrEqual(1);
    expect(await seats()).toEqual([{ personal_identity_number: person(11) }]);
  });
});
