import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/tables.js';

/** A booking field of an e-service: its slots are shared by all the e-service's versions. */
export interface BookingScope {
  municipalityId: string;
  eserviceId: string;
  field: string;
}

export interface SeatRequest {
  resource: string;
  startsAt: Date;
  personalIdentityNumber: string;
}

const inScope = (scope: BookingScope) =>
  ({ municipality_id: scope.municipalityId, eservice_id: scope.eserviceId, field: scope.field }) as const;

/** The seats a slot has given away at `now`: booked ones and holds not yet run out. */
const activeSeats = (now: Date) => sql<boolean>`(state = 'booked' or (state = 'held' and held_until > ${now}))`;

/** Seats taken or held per slot (resource and UTC start) with starts in [from, to). */
export async function countTakenSeats(db: Kysely<Database>, scope: BookingScope, from: Date, to: Date, now: Date) {
  const rows = await db
    .selectFrom('booking_seats')
    .select(['resource', 'starts_at', (eb) => eb.fn.countAll<string>().as('seats')])
    .where('municipality_id', '=', scope.municipalityId)
    .where('eservice_id', '=', scope.eserviceId)
    .where('field', '=', scope.field)
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .where(activeSeats(now))
    .groupBy(['resource', 'starts_at'])
    .execute();
  return rows.map((row) => ({ resource: row.resource, startsAt: row.starts_at, seats: Number(row.seats) }));
}

/**
 * Locks a slot's row (made on first use): every taking of a seat of the slot goes through this
 * lock, so the count that follows is not changed by another transaction before it commits.
 * Says whether a handler has blocked the slot.
 */
async function lockSlot(trx: Kysely<Database>, scope: BookingScope, resource: string, startsAt: Date): Promise<{ blocked: boolean }> {
  const slot = { ...inScope(scope), resource, starts_at: startsAt };
  await trx.insertInto('booking_slots').values(slot).onConflict((oc) => oc.doNothing()).execute();
  const row = await trx
    .selectFrom('booking_slots')
    .select('blocked_at')
    .where('municipality_id', '=', slot.municipality_id)
    .where('eservice_id', '=', slot.eservice_id)
    .where('field', '=', slot.field)
    .where('resource', '=', resource)
    .where('starts_at', '=', startsAt)
    .forUpdate()
    .executeTakeFirst();
  return { blocked: !!row?.blocked_at };
}

async function seatsInUse(trx: Kysely<Database>, scope: BookingScope, resource: string, startsAt: Date, now: Date, except?: string): Promise<number> {
  let query = trx
    .selectFrom('booking_seats')
    .select((eb) => eb.fn.countAll<string>().as('seats'))
    .where('municipality_id', '=', scope.municipalityId)
    .where('eservice_id', '=', scope.eserviceId)
    .where('field', '=', scope.field)
    .where('resource', '=', resource)
    .where('starts_at', '=', startsAt)
    .where(activeSeats(now));
  if (except) query = query.where('id', '!=', except);
  return Number((await query.executeTakeFirstOrThrow()).seats);
}

export type HoldOutcome = { held: true; heldUntil: Date } | { held: false };

/**
 * Holds a seat of a slot for a citizen until `heldUntil`, if fewer than `capacity` are in use;
 * the citizen's earlier hold on the field (another slot chosen before) is released.
 */
export async function holdSeat(
  db: Kysely<Database>,
  scope: BookingScope,
  request: SeatRequest & { version: number; capacity: number; now: Date; heldUntil: Date },
): Promise<HoldOutcome> {
  return db.transaction().execute(async (trx) => {
    await releaseHold(trx, scope, request.personalIdentityNumber);
    const { blocked } = await lockSlot(trx, scope, request.resource, request.startsAt);
    if (blocked) return { held: false };
    if ((await seatsInUse(trx, scope, request.resource, request.startsAt, request.now)) >= request.capacity) return { held: false };
    await trx
      .insertInto('booking_seats')
      .values({
        ...inScope(scope),
        resource: request.resource,
        starts_at: request.startsAt,
        version: request.version,
        personal_identity_number: request.personalIdentityNumber,
        state: 'held',
        held_until: request.heldUntil,
      })
      .execute();
    return { held: true, heldUntil: request.heldUntil };
  });
}

/** Releases a citizen's hold on a booking field (none is fine); true when there was one. */
export async function releaseHold(db: Kysely<Database>, scope: BookingScope, personalIdentityNumber: string): Promise<boolean> {
  const result = await db
    .deleteFrom('booking_seats')
    .where('municipality_id', '=', scope.municipalityId)
    .where('eservice_id', '=', scope.eserviceId)
    .where('field', '=', scope.field)
    .where('personal_identity_number', '=', personalIdentityNumber)
    .where('state', '=', 'held')
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export type BookOutcome = 'booked' | 'not-held' | 'full';

/**
 * Turns the citizen's hold of the slot into a booking of the submission, in the submission's
 * transaction. A hold that has run out still books if the slot has a seat left; 'full' if its
 * seat went to someone else meanwhile; 'not-held' without a hold of this slot.
 */
export async function bookHeldSeat(trx: Kysely<Database>, scope: BookingScope, request: SeatRequest & { capacity: number; now: Date; submissionId: string }): Promise<BookOutcome> {
  await lockSlot(trx, scope, request.resource, request.startsAt);
  const hold = await trx
    .selectFrom('booking_seats')
    .select('id')
    .where('municipality_id', '=', scope.municipalityId)
    .where('eservice_id', '=', scope.eserviceId)
    .where('field', '=', scope.field)
    .where('resource', '=', request.resource)
    .where('starts_at', '=', request.startsAt)
    .where('personal_identity_number', '=', request.personalIdentityNumber)
    .where('state', '=', 'held')
    .executeTakeFirst();
  if (!hold) return 'not-held';
  if ((await seatsInUse(trx, scope, request.resource, request.startsAt, request.now, hold.id)) >= request.capacity) return 'full';
  await trx.updateTable('booking_seats').set({ state: 'booked', held_until: null, submission_id: request.submissionId }).where('id', '=', hold.id).execute();
  return 'booked';
}

/** A citizen's booking (a booked seat) of a submission, to cancel it. */
export async function findBooking(db: Kysely<Database>, municipalityId: string, id: string, personalIdentityNumber: string) {
  return db
    .selectFrom('booking_seats')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .where('personal_identity_number', '=', personalIdentityNumber)
    .executeTakeFirst();
}

/** Cancels a booking; its seat is free again. False when it was no longer booked. */
export async function cancelSeat(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('booking_seats').set({ state: 'cancelled', cancelled_at: now }).where('id', '=', id).where('state', '=', 'booked').executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The seats a submission has booked (not cancelled), in start order. */
export async function bookedSeatsOf(db: Kysely<Database>, submissionId: string) {
  return db.selectFrom('booking_seats').selectAll().where('submission_id', '=', submissionId).where('state', '=', 'booked').orderBy('starts_at').execute();
}

/**
 * Each booking field's booking of a submission as it stands: the booked seat, or, when none is
 * (cancelled by the citizen, or released when the payment expired), the seat cancelled last.
 */
export async function currentBookingsOf(db: Kysely<Database>, submissionId: string) {
  const seats = await db
    .selectFrom('booking_seats')
    .select(['field', 'resource', 'starts_at', 'state'])
    .where('submission_id', '=', submissionId)
    .where('state', 'in', ['booked', 'cancelled'])
    // per field: the booked seat first, then the cancelled ones newest first
    .orderBy('field')
    .orderBy(sql`state = 'booked'`, 'desc')
    .orderBy('cancelled_at', 'desc')
    .execute();
  return seats.filter((seat, i) => i === 0 || seats[i - 1]!.field !== seat.field);
}

const RELEASE_BATCH = 500;

/**
 * Deletes holds whose minutes ran out (they no longer count as taken, see activeSeats; this keeps
 * the table to live seats). Batches claimed with SKIP LOCKED: several instances may run it, and a
 * hold being booked or replaced right now is left to that transaction. Returns how many went.
 */
export async function releaseExpiredHolds(db: Kysely<Database>, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const released = await db
      .deleteFrom('booking_seats')
      .where('id', 'in', (eb) =>
        eb.selectFrom('booking_seats').select('id').where('state', '=', 'held').where('held_until', '<=', now).limit(RELEASE_BATCH).forUpdate().skipLocked(),
      )
      .executeTakeFirst();
    total += Number(released.numDeletedRows);
    if (Number(released.numDeletedRows) < RELEASE_BATCH) return total;
  }
}

/** A citizen's bookings from `now` on, with their submission's receipt number, in start order. */
export async function citizenBookings(db: Kysely<Database>, municipalityId: string, personalIdentityNumber: string, now: Date) {
  return db
    .selectFrom('booking_seats')
    .innerJoin('submissions', 'submissions.id', 'booking_seats.submission_id')
    .select(['booking_seats.id', 'booking_seats.eservice_id', 'booking_seats.version', 'booking_seats.field', 'booking_seats.resource', 'booking_seats.starts_at', 'submissions.receipt_number'])
    .where('booking_seats.municipality_id', '=', municipalityId)
    .where('booking_seats.personal_identity_number', '=', personalIdentityNumber)
    .where('booking_seats.state', '=', 'booked')
    .where('booking_seats.starts_at', '>=', now)
    .orderBy('booking_seats.starts_at')
    .limit(100)
    .execute();
}

/** The blocked slots of a field with starts in [from, to). */
export async function blockedSlots(db: Kysely<Database>, scope: BookingScope, from: Date, to: Date) {
  return db
    .selectFrom('booking_slots')
    .select(['resource', 'starts_at', 'blocked_at', 'blocked_by'])
    .where('municipality_id', '=', scope.municipalityId)
    .where('eservice_id', '=', scope.eserviceId)
    .where('field', '=', scope.field)
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .where('blocked_at', 'is not', null)
    .execute();
}

/** Blocks (or unblocks, with `by` undefined) a slot for new holds; the slot's row is made on first use. */
export async function setSlotBlocked(db: Kysely<Database>, scope: BookingScope, resource: string, startsAt: Date, by: { actor: string; at: Date } | undefined): Promise<void> {
  const blocked = { blocked_at: by?.at ?? null, blocked_by: by?.actor ?? null };
  await db
    .insertInto('booking_slots')
    .values({ ...inScope(scope), resource, starts_at: startsAt, ...blocked })
    .onConflict((oc) => oc.columns(['municipality_id', 'eservice_id', 'field', 'resource', 'starts_at']).doUpdateSet(blocked))
    .execute();
}

/** The seats in use (booked, or held and not run out) of a field with starts in [from, to), with the booking's receipt number. */
export async function seatsOfRange(db: Kysely<Database>, scope: BookingScope, from: Date, to: Date, now: Date) {
  return db
    .selectFrom('booking_seats')
    .leftJoin('submissions', 'submissions.id', 'booking_seats.submission_id')
    .select(['booking_seats.id', 'booking_seats.resource', 'booking_seats.starts_at', 'booking_seats.state', 'submissions.receipt_number'])
    .where('booking_seats.municipality_id', '=', scope.municipalityId)
    .where('booking_seats.eservice_id', '=', scope.eserviceId)
    .where('booking_seats.field', '=', scope.field)
    .where('booking_seats.starts_at', '>=', from)
    .where('booking_seats.starts_at', '<', to)
    .where(sql<boolean>`(booking_seats.state = 'booked' or (booking_seats.state = 'held' and booking_seats.held_until > ${now}))`)
    .orderBy('booking_seats.starts_at')
    .execute();
}
