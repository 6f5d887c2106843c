import {
  addBookingDays,
  allSlots,
  bilingual,
  bookingFields,
  freeSlots,
  isUuid,
  mayCancel,
  offeredSlot,
  slotKey,
  stockholmDate,
  stockholmIso,
  type BookingConfig,
  type EServiceDefinition,
  type Slot,
} from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import { findOpenVersion } from '../eservices/open-version.js';
import type { TenantContext } from '../eservices/operations.js';
import { badRequest, conflict, notFound, Problem, unprocessable } from '../problems/problem.js';
import type { AnswerCheck } from '../submissions/operations.js';
import { blockedSlots, bookHeldSeat, cancelSeat, citizenBookings, countTakenSeats, findBooking, holdSeat, releaseHold, seatsOfRange, setSlotBlocked, type BookingScope } from './repository.js';

/** The longest range of days one request for free slots may cover. */
export const MAX_SLOT_DAYS = 31;

export interface BookingField {
  scope: BookingScope;
  version: number;
  config: BookingConfig;
  label: { sv: string; en: string };
}

const labelOf = (definition: EServiceDefinition, field: string) => {
  const label = definition.form.texts[field]?.label;
  return { sv: label?.sv ?? field, en: label?.en ?? label?.sv ?? field };
};

/** The booking field `field` of a published version, or 404. */
export async function findBookingField(ctx: TenantContext, eserviceId: string, version: number, field: string): Promise<BookingField> {
  const { pinned } = await findOpenVersion(ctx.db, ctx.municipalityId, eserviceId, version);
  const config = pinned.definition.form.fields?.[field]?.booking;
  if (!config) throw notFound(bilingual(`Tidsbokningen ”${field}”`, `The booking “${field}”`));
  return { scope: { municipalityId: ctx.municipalityId, eserviceId, field }, version, config, label: labelOf(pinned.definition, field) };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The free slots of the Stockholm days from..to (default: the next 14 days), at most
 * MAX_SLOT_DAYS of them, with the seats left in each.
 */
export async function listFreeSlots(
  ctx: TenantContext,
  booking: BookingField,
  range: { from?: string | undefined; to?: string | undefined; resource?: string | undefined },
  now: Date,
): Promise<Slot[]> {
  const from = range.from ?? stockholmDate(now);
  const to = range.to ?? addBookingDays(from, 13);
  if (!DATE.test(from) || !DATE.test(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
    throw badRequest('booking-range-invalid', bilingual('Ange ”from” och ”to” som datum (ÅÅÅÅ-MM-DD).', 'Give “from” and “to” as dates (YYYY-MM-DD).'));
  }
  if (to < from || addBookingDays(from, MAX_SLOT_DAYS - 1) < to) {
    throw badRequest('booking-range-invalid', bilingual(`Fråga efter högst ${MAX_SLOT_DAYS} dagar åt gången, med ”to” efter ”from”.`, `Ask for at most ${MAX_SLOT_DAYS} days at a time, with “to” after “from”.`));
  }
  // a day's slots start within it: a day before and after covers any offset
  const [start, end] = [new Date(`${addBookingDays(from, -1)}T00:00:00Z`), new Date(`${addBookingDays(to, 2)}T00:00:00Z`)];
  const [taken, blocked] = await Promise.all([countTakenSeats(ctx.db, booking.scope, start, end, now), blockedSlots(ctx.db, booking.scope, start, end)]);
  const seats = new Map(taken.map((t) => [slotKey(t.resource, t.startsAt), t.seats]));
  // a slot a handler blocked has no seat left
  for (const slot of blocked) seats.set(slotKey(slot.resource, slot.starts_at), booking.config.capacity);
  return freeSlots({ config: booking.config, resource: range.resource, from, to, now, taken: seats });
}

/** The 409 of a slot whose last seat someone else took: the citizen picks another. */
const JUST_TAKEN = bilingual('Tiden blev just bokad av någon annan. Välj en annan tid.', 'The time was just taken by someone else. Pick another time.');
export const slotTaken = (field: string, extensions: Record<string, unknown> = {}) => conflict('booking-slot-taken', JUST_TAKEN, { field, ...extensions });

const notOffered = (booking: BookingField) =>
  unprocessable(
    'booking-slot-unavailable',
    bilingual(`Tiden går inte att boka i ”${booking.label.sv}”. Välj en av de lediga tiderna.`, `The time cannot be booked in “${booking.label.en}”. Pick one of the free times.`),
    { field: booking.scope.field },
  );

/** The slot a request names ({ resource, start }), if the configuration offers it now. */
function chosenSlot(booking: BookingField, body: unknown, now: Date): Slot {
  const { resource, start } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof resource !== 'string' || typeof start !== 'string') {
    throw badRequest('booking-malformed', bilingual('Skicka ”resource” och ”start” (ISO 8601) för tiden.', 'Send “resource” and “start” (ISO 8601) for the time.'));
  }
  const slot = offeredSlot(booking.config, resource, start, now);
  if (!slot) throw notOffered(booking);
  return slot;
}

/** Holds a seat of the chosen slot for the citizen for the field's hold minutes; 409 when none is left. */
export async function holdSlot(ctx: TenantContext, booking: BookingField, personalIdentityNumber: string, body: unknown, now: Date) {
  const slot = chosenSlot(booking, body, now);
  const heldUntil = new Date(now.getTime() + booking.config.holdMinutes * 60_000);
  const outcome = await holdSeat(ctx.db, booking.scope, {
    resource: slot.resource,
    startsAt: new Date(slot.start),
    personalIdentityNumber,
    version: booking.version,
    capacity: booking.config.capacity,
    now,
    heldUntil,
  });
  if (!outcome.held) throw slotTaken(booking.scope.field, { resource: slot.resource, start: slot.start });
  return { resource: slot.resource, start: slot.start, end: slot.end, heldUntil: stockholmIso(heldUntil) };
}

export const releaseSlot = (ctx: TenantContext, booking: BookingField, personalIdentityNumber: string) => releaseHold(ctx.db, booking.scope, personalIdentityNumber);

const slotAnswer = (answers: unknown, field: string): { resource: string; start: string } | undefined => {
  const value = typeof answers === 'object' && answers !== null ? (answers as Record<string, unknown>)[field] : undefined;
  const { resource, start } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return typeof resource === 'string' && typeof start === 'string' ? { resource, start } : undefined;
};

/**
 * The submission hook of booking fields: each answered one must name a slot the citizen holds;
 * in the submission's transaction the hold becomes the submission's booking, or the submission
 * is refused at the field (422 not held by this citizen, 409 taken meanwhile).
 */
export const bookingCheck: AnswerCheck = async ({ ctx, definition, answers, applicant }) => {
  const now = new Date();
  const answered = bookingFields(definition).flatMap(({ field, config }) => {
    const answer = slotAnswer(answers, field);
    return answer ? [{ field, config, answer }] : [];
  });
  if (answered.length === 0) return;
  const refused = (field: string) => {
    const label = labelOf(definition, field);
    return unprocessable(
      'booking-not-held',
      bilingual(`Tiden i ”${label.sv}” är inte reserverad för dig. Välj en ledig tid igen.`, `The time in “${label.en}” is not held for you. Pick a free time again.`),
      { errors: [{ pointer: `/${field}`, field, keyword: 'booking', message: bilingual(`Välj en ledig tid i ”${label.sv}” igen.`, `Pick a free time in “${label.en}” again.`) }] },
    );
  };
  if (!applicant) throw refused(answered[0]!.field);
  return async (trx, submissionId) => {
    for (const { field, config, answer } of answered) {
      // the definition's id is the e-service's (the server refuses a definition saved under another)
      const outcome = await bookHeldSeat(trx, { municipalityId: ctx.municipalityId, eserviceId: definition.id, field }, {
        resource: answer.resource,
        startsAt: new Date(answer.start),
        personalIdentityNumber: applicant.person.personalIdentityNumber,
        capacity: config.capacity,
        now,
        submissionId,
      });
      if (outcome === 'not-held') throw refused(field);
      if (outcome === 'full') throw slotTaken(field, { errors: [{ pointer: `/${field}`, field, keyword: 'booking', message: JUST_TAKEN }] });
    }
  };
};

const tooLate = (config: BookingConfig) =>
  new Problem(
    409,
    'booking-cancel-too-late',
    bilingual('För sent att avboka eller boka om', 'Too late to cancel or rebook'),
    bilingual(
      `Bokningen kan avbokas eller bokas om senast ${config.cancelBeforeHours} timmar före tiden. Kontakta kommunen.`,
      `The booking can be cancelled or rebooked no later than ${config.cancelBeforeHours} hours before the time. Contact the municipality.`,
    ),
  );

/** A citizen's booked seat and its field's configuration (in the version it was booked with), or 404. */
async function ownBooking(ctx: TenantContext, id: string, personalIdentityNumber: string) {
  const seat = isUuid(id) ? await findBooking(ctx.db, ctx.municipalityId, id, personalIdentityNumber) : undefined;
  if (!seat || seat.state !== 'booked') throw notFound(bilingual('Bokningen', 'The booking'));
  const { pinned } = await findOpenVersion(ctx.db, ctx.municipalityId, seat.eservice_id, seat.version, { mustBeOpen: false });
  return { seat, definition: pinned.definition, config: pinned.definition.form.fields?.[seat.field]?.booking };
}

/** Cancels a citizen's booking while the field's cancellation deadline allows it. */
export async function cancelBooking(ctx: TenantContext, id: string, personalIdentityNumber: string, now: Date): Promise<void> {
  const { seat, config } = await ownBooking(ctx, id, personalIdentityNumber);
  if (config && !mayCancel(config, seat.starts_at, now)) throw tooLate(config);
  if (!(await cancelSeat(ctx.db, id, now))) throw notFound(bilingual('Bokningen', 'The booking'));
}

/**
 * Moves a citizen's booking to a slot they hold (held first through the field's hold route), before
 * the cancellation deadline: in one transaction the hold becomes the submission's booking and the
 * old booking is cancelled, so the citizen never has both or neither. The submission's answers keep
 * the time first asked for (they were signed and delivered); the booking is what holds now, and
 * the case, Mina sidor and the receipt show it (receipts/content.ts, withCurrentBookings).
 */
export async function rebook(ctx: TenantContext, id: string, personalIdentityNumber: string, body: unknown, now: Date) {
  const { seat } = await ownBooking(ctx, id, personalIdentityNumber);
  const booking = await findBookingField(ctx, seat.eservice_id, seat.version, seat.field);
  if (!mayCancel(booking.config, seat.starts_at, now)) throw tooLate(booking.config);
  const slot = chosenSlot(booking, body, now);
  const submissionId = seat.submission_id;
  if (!submissionId) throw notFound(bilingual('Bokningen', 'The booking'));
  await ctx.db.transaction().execute(async (trx) => {
    const outcome = await bookHeldSeat(trx, booking.scope, {
      resource: slot.resource,
      startsAt: new Date(slot.start),
      personalIdentityNumber,
      capacity: booking.config.capacity,
      now,
      submissionId,
    });
    if (outcome === 'not-held') {
      throw unprocessable('booking-not-held', bilingual(`Tiden i ”${booking.label.sv}” är inte reserverad för dig. Välj en ledig tid igen.`, `The time in “${booking.label.en}” is not held for you. Pick a free time again.`));
    }
    if (outcome === 'full') throw slotTaken(booking.scope.field);
    if (!(await cancelSeat(trx, id, now))) throw notFound(bilingual('Bokningen', 'The booking'));
  });
  return { resource: slot.resource, start: slot.start, end: slot.end };
}

/** The citizen's bookings to come, with whether each may still be cancelled or moved. */
export async function listCitizenBookings(ctx: TenantContext, personalIdentityNumber: string, now: Date) {
  const seats = await citizenBookings(ctx.db, ctx.municipalityId, personalIdentityNumber, now);
  const versions = new Map<string, Promise<{ pinned: { definition: EServiceDefinition } }>>();
  const definitionOf = (eserviceId: string, version: number) => {
    const key = `${eserviceId}@${version}`;
    if (!versions.has(key)) versions.set(key, findOpenVersion(ctx.db, ctx.municipalityId, eserviceId, version, { mustBeOpen: false }));
    return versions.get(key)!;
  };
  return Promise.all(
    seats.map(async (seat) => {
      const { definition } = (await definitionOf(seat.eservice_id, seat.version)).pinned;
      const config = definition.form.fields?.[seat.field]?.booking;
      const resource = config?.resources.find((r) => r.id === seat.resource);
      const cancelUntil = config ? new Date(seat.starts_at.getTime() - config.cancelBeforeHours * 3600_000) : seat.starts_at;
      return {
        id: seat.id,
        eserviceId: seat.eservice_id,
        version: seat.version,
        field: seat.field,
        title: definition.catalogue.title,
        label: labelOf(definition, seat.field),
        resource: seat.resource,
        resourceName: resource?.name ?? { sv: seat.resource },
        // to name the resources of the times offered when rebooking
        resources: config?.resources ?? [],
        start: stockholmIso(seat.starts_at),
        end: stockholmIso(new Date(seat.starts_at.getTime() + (config?.slotMinutes ?? 0) * 60_000)),
        receiptNumber: seat.receipt_number,
        cancelUntil: stockholmIso(cancelUntil),
        mayChange: config ? mayCancel(config, seat.starts_at, now) : false,
      };
    }),
  );
}

/** The booking field of the e-service's published version (the calendar handlers look after), or 404. */
export async function publishedBookingField(ctx: TenantContext, eserviceId: string, field: string): Promise<BookingField> {
  const eservice = await ctx.db.selectFrom('eservices').select('published_version').where('municipality_id', '=', ctx.municipalityId).where('id', '=', eserviceId).executeTakeFirst();
  if (!eservice?.published_version) throw notFound(bilingual(`Tidsbokningen ”${field}”`, `The booking “${field}”`));
  return findBookingField(ctx, eserviceId, eservice.published_version, field);
}

/**
 * A handler's day of a booking field: every slot of the day (notice and days ahead do not apply)
 * per resource, with its bookings (receipt numbers), the holds under way and whether it is blocked.
 */
export async function dayView(ctx: TenantContext, booking: BookingField, date: unknown, resource: unknown, now: Date) {
  if (typeof date !== 'string' || !DATE.test(date) || Number.isNaN(Date.parse(date))) {
    throw badRequest('booking-range-invalid', bilingual('Ange ”date” som datum (ÅÅÅÅ-MM-DD).', 'Give “date” as a date (YYYY-MM-DD).'));
  }
  const only = typeof resource === 'string' && resource !== '' ? resource : undefined;
  const config = { ...booking.config, minNoticeHours: 0, bookAheadDays: 730 };
  const slots = allSlots({ config, resource: only, from: date, to: date, now: new Date(`${addBookingDays(date, -1)}T00:00:00Z`) });
  const [start, end] = [new Date(`${addBookingDays(date, -1)}T00:00:00Z`), new Date(`${addBookingDays(date, 2)}T00:00:00Z`)];
  const [seats, blocked] = await Promise.all([seatsOfRange(ctx.db, booking.scope, start, end, now), blockedSlots(ctx.db, booking.scope, start, end)]);
  const blockedKeys = new Set(blocked.map((b) => slotKey(b.resource, b.starts_at)));
  return {
    date,
    capacity: booking.config.capacity,
    resources: booking.config.resources
      .filter((r) => only === undefined || r.id === only)
      .map((r) => ({
        id: r.id,
        name: r.name,
        slots: slots
          .filter((slot) => slot.resource === r.id)
          .map((slot) => {
            const key = slotKey(r.id, new Date(slot.start));
            const here = seats.filter((seat) => slotKey(seat.resource, seat.starts_at) === key);
            return {
              start: slot.start,
              end: slot.end,
              time: slot.time,
              blocked: blockedKeys.has(key),
              bookings: here.filter((seat) => seat.state === 'booked').map((seat) => ({ id: seat.id, receiptNumber: seat.receipt_number })),
              held: here.filter((seat) => seat.state === 'held').length,
            };
          }),
      })),
  };
}

/** Blocks or unblocks one slot of the field (it must be one of the configuration's slots). */
export async function setBlocked(ctx: TenantContext & { actor: string }, booking: BookingField, body: unknown, blocked: boolean, now: Date) {
  const { resource, start } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof resource !== 'string' || typeof start !== 'string') {
    throw badRequest('booking-malformed', bilingual('Skicka ”resource” och ”start” (ISO 8601) för tiden.', 'Send “resource” and “start” (ISO 8601) for the time.'));
  }
  const instant = new Date(start);
  const day = Number.isNaN(instant.getTime()) ? undefined : stockholmDate(instant);
  const config = { ...booking.config, minNoticeHours: 0, bookAheadDays: 730 };
  const slot = day
    ? allSlots({ config, resource, from: day, to: day, now: new Date(`${addBookingDays(day, -1)}T00:00:00Z`) }).find((s) => Date.parse(s.start) === instant.getTime())
    : undefined;
  if (!slot) throw notOffered(booking);
  await ctx.db.transaction().execute(async (trx) => {
    await setSlotBlocked(trx, booking.scope, resource, instant, blocked ? { actor: ctx.actor, at: now } : undefined);
    await recordAudit(trx, {
      municipalityId: ctx.municipalityId,
      actor: ctx.actor,
      action: blocked ? 'booking.slot-blocked' : 'booking.slot-unblocked',
      subjectType: 'eservice',
      subjectId: booking.scope.eserviceId,
      details: { field: booking.scope.field, resource, start: slot.start },
    });
  });
  return { resource, start: slot.start, blocked };
}
