import { addBookingDays, createField, EXAMPLE_ANSWERS, stockholmDate, TEMPLATES, type BookingConfig, type EServiceDefinition } from '@etjanst/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastCheck } from '../checks/full-check.js';
import { templateFor } from '../demo/seed.js';
import { createEService, publishEService } from '../eservices/operations.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { loggedIn, TEST_PERSON } from '../test-support/sessions.js';
import { signInStaff } from '../test-support/staff.js';

const CONFIG: BookingConfig = {
  resources: [{ id: 'anna', name: { sv: 'Anna Vigselförrättare', en: 'Anna, officiant' } }],
  openingHours: Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [day, [{ from: '10:00', to: '12:00' }]])),
  slotMinutes: 30,
  capacity: 1,
  bookAheadDays: 60,
  minNoticeHours: 24,
  cancelBeforeHours: 48,
  holdMinutes: 15,
};

/** The civil wedding template with a booking field on its time-and-place step. */
function weddingWithBooking(): EServiceDefinition {
  const definition = templateFor(TEMPLATES.find((t) => t.id === 'borgerlig-vigsel') as EServiceDefinition, 'solbacka');
  definition.id = 'vigsel-bokning';
  const field = createField('booking', 'vigseltid', { label: { sv: 'Vigseltid', en: 'Wedding time' }, required: true, booking: CONFIG });
  const { form } = definition;
  (form.schema.properties as Record<string, unknown>).vigseltid = field.schema;
  form.schema.required = [...((form.schema.required as string[] | undefined) ?? []), 'vigseltid'];
  for (const [path, texts] of Object.entries(field.texts)) form.texts[path ? `vigseltid.${path}` : 'vigseltid'] = texts;
  form.fields = { ...form.fields, vigseltid: field.settings[''] ?? {} };
  form.steps.find((s) => s.id === 'tid-och-plats')?.fields.push('vigseltid');
  return definition;
}

const base = '/api/municipalities/solbacka/eservices/vigsel-bokning/versions/1';
const slotsPath = `${base}/bookings/vigseltid/slots`;
const OTHER = { personalIdentityNumber: '199001012384', givenName: 'Olle', surname: 'Annan', displayName: 'Olle Annan' };

describe('booking a slot with a submission', () => {
  let app: TestApp;
  let klara: { cookie: string; 'x-csrf-token': string };
  let olle: { cookie: string; 'x-csrf-token': string };
  beforeAll(async () => {
    app = await startTestApp();
    const ctx = { db: app.database.db, municipalityId: 'solbacka', actor: 'test' };
    await createEService(ctx, weddingWithBooking());
    await publishEService(ctx, 'vigsel-bokning', fastCheck);
    const as = async (person: typeof TEST_PERSON) => {
      const session = await loggedIn(app.database.db, { municipalityId: 'solbacka', person });
      return { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
    };
    [klara, olle] = [await as(TEST_PERSON), await as(OTHER)];
  }, 120_000);
  afterAll(async () => app?.close());

  const submit = (headers: Record<string, string>, slot: { resource: string; start: string }) =>
    call(app.baseUrl, 'POST', `${base}/submissions`, { answers: { ...EXAMPLE_ANSWERS['borgerlig-vigsel'], vigseltid: slot }, language: 'sv' }, headers);

  it('lists free slots to anyone, in Stockholm time, within a bounded range of days', async () => {
    const slots = await call(app.baseUrl, 'GET', slotsPath, undefined, { cookie: '' });
    expect(slots.status).toBe(200);
    expect(slots.body.items.length).toBeGreaterThan(0);
    expect(slots.body.items[0]).toMatchObject({ resource: 'anna', time: '10:00', free: 1 });
    expect(slots.body.items[0].start).toMatch(/T10:00:00\+0[12]:00$/);
    const tooLong = await call(app.baseUrl, 'GET', `${slotsPath}?from=2030-01-01&to=2030-03-01`, undefined, { cookie: '' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.code).toBe('booking-range-invalid');
  });

  it('holds a slot for one citizen, books it with their submission and refuses it to another at the field', async () => {
    // three days ahead: well before the 48-hour cancellation deadline
    const items: { resource: string; start: string; date: string }[] = (await call(app.baseUrl, 'GET', slotsPath, undefined, { cookie: '' })).body.items;
    const slot = items.find((s) => Date.parse(s.start) > Date.now() + 72 * 3600_000)!;
    const chosen = { resource: slot.resource, start: slot.start };
    const held = await call(app.baseUrl, 'POST', `${base}/bookings/vigseltid/hold`, chosen, klara);
    expect(held.status).toBe(201);
    const taken = await call(app.baseUrl, 'POST', `${base}/bookings/vigseltid/hold`, chosen, olle);
    expect(taken.status).toBe(409);
    expect(taken.headers.get('content-type')).toContain('application/problem+json');
    expect(taken.body).toMatchObject({ code: 'booking-slot-taken', detail: 'Tiden blev just bokad av någon annan. Välj en annan tid.' });
    const refused = await submit(olle, chosen);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('booking-not-held');
    expect(refused.body.errors).toMatchObject([{ pointer: '/vigseltid', field: 'vigseltid', keyword: 'booking' }]);
    const submitted = await submit(klara, chosen);
    expect(submitted.status).toBe(201);
    const seat = await app.database.db.selectFrom('booking_seats').selectAll().where('submission_id', '=', submitted.body.submissionId).executeTakeFirstOrThrow();
    expect(seat).toMatchObject({ state: 'booked', resource: 'anna', held_until: null });
    const after = await call(app.baseUrl, 'GET', `${slotsPath}?from=${slot.date}&to=${slot.date}`, undefined, { cookie: '' });
    expect(after.body.items.map((s: { start: string }) => s.start)).not.toContain(slot.start);

    // cancelled well before the deadline, the seat is free again; it cannot be cancelled twice
    expect((await call(app.baseUrl, 'DELETE', `/api/municipalities/solbacka/bookings/${seat.id}`, undefined, olle)).status).toBe(404);
    expect((await call(app.baseUrl, 'DELETE', `/api/municipalities/solbacka/bookings/${seat.id}`, undefined, klara)).status).toBe(204);
    const freed = await call(app.baseUrl, 'GET', `${slotsPath}?from=${slot.date}&to=${slot.date}`, undefined, { cookie: '' });
    expect(freed.body.items.map((s: { start: string }) => s.start)).toContain(slot.start);
    expect((await call(app.baseUrl, 'DELETE', `/api/municipalities/solbacka/bookings/${seat.id}`, undefined, klara)).status).toBe(404);
  });

  it('refuses a time that is not one of the slots', async () => {
    const response = await call(app.baseUrl, 'POST', `${base}/bookings/vigseltid/hold`, { resource: 'anna', start: '2020-01-01T10:00:00+01:00' }, klara);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('booking-slot-unavailable');
  });

  it('lists, rebooks and cancels a booking before the deadline and refuses both after it', async () => {
    const items: { resource: string; start: string }[] = (await call(app.baseUrl, 'GET', `${slotsPath}?from=${dayAfter(3)}&to=${dayAfter(6)}`, undefined, { cookie: '' })).body.items;
    const [first, second] = items.filter((s) => Date.parse(s.start) > Date.now() + 72 * 3600_000);
    const hold = (slot: { resource: string; start: string }) => call(app.baseUrl, 'POST', `${base}/bookings/vigseltid/hold`, { resource: slot.resource, start: slot.start }, klara);
    expect((await hold(first!)).status).toBe(201);
    const submitted = await submit(klara, { resource: first!.resource, start: first!.start });
    expect(submitted.status).toBe(201);
    const mine = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/bookings', undefined, klara);
    const booked = mine.body.items.find((b: { receiptNumber: string }) => b.receiptNumber === submitted.body.receiptNumber);
    expect(booked).toMatchObject({ field: 'vigseltid', resource: 'anna', mayChange: true, label: { sv: 'Vigseltid' } });
    expect(Date.parse(booked.start)).toBe(Date.parse(first!.start));
    expect((await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/bookings', undefined, olle)).body.items).toEqual([]);

    // rebooking takes a slot the citizen holds: first without one, then with
    const rebookPath = `/api/municipalities/solbacka/bookings/${booked.id}/rebook`;
    const unheld = await call(app.baseUrl, 'POST', rebookPath, { resource: second!.resource, start: second!.start }, klara);
    expect(unheld).toMatchObject({ status: 422, body: { code: 'booking-not-held' } });
    expect((await hold(second!)).status).toBe(201);
    expect((await call(app.baseUrl, 'POST', rebookPath, { resource: second!.resource, start: second!.start }, olle)).status).toBe(404);
    const moved = await call(app.baseUrl, 'POST', rebookPath, { resource: second!.resource, start: second!.start }, klara);
    expect(moved.status).toBe(200);
    const seats = await app.database.db.selectFrom('booking_seats').select(['id', 'state', 'starts_at']).where('submission_id', '=', submitted.body.submissionId).orderBy('starts_at').execute();
    expect(seats.map((seat) => [seat.state, seat.starts_at.getTime()])).toEqual([['cancelled', Date.parse(first!.start)], ['booked', Date.parse(second!.start)]]);
    // the old time is free again, the new one taken
    const free = (await call(app.baseUrl, 'GET', `${slotsPath}?from=${dayAfter(3)}&to=${dayAfter(6)}`, undefined, { cookie: '' })).body.items.map((s: { start: string }) => Date.parse(s.start));
    expect(free).toContain(Date.parse(first!.start));
    expect(free).not.toContain(Date.parse(second!.start));

    // the handler's case and the citizen's submission show the booking as it stands, not the time first asked for
    // (the wedding has a fee: paid here, payment/ tests paying; a case reaches the inbox once paid)
    await app.database.db.updateTable('submissions').set({ state: 'submitted', paid_at: new Date() }).where('id', '=', submitted.body.submissionId).execute();
    const handler = await signInStaff(app.database.db, [{ role: 'handler', municipalityId: 'solbacka', departmentId: 'kommunstyrelse' }], 'Hanna Handläggare');
    const caseView = async () => (await call(app.baseUrl, 'GET', `/api/municipalities/solbacka/departments/kommunstyrelse/inbox/cases/${submitted.body.receiptNumber}`, undefined, { cookie: handler.cookie })).body;
    const ownView = async () => (await call(app.baseUrl, 'GET', `/api/me/submissions/${submitted.body.submissionId}`, undefined, klara)).body;
    type Row = { label: string; value?: string; rows?: Row[] };
    const bookingRows = (view: { sections: { rows: Row[] }[] }) => view.sections.flatMap((section) => section.rows).find((row) => row.label === 'Vigseltid')?.rows;
    const movedTo = { field: 'vigseltid', resource: 'anna', start: expect.any(String), cancelled: false };
    for (const view of [await caseView(), await ownView()]) {
      expect(view.bookings).toEqual([movedTo]);
      expect(Date.parse(view.bookings[0].start)).toBe(Date.parse(second!.start));
      expect(bookingRows(view)).toEqual([
        { label: 'Resurs', value: 'Anna Vigselförrättare' },
        { label: 'Tid', value: view.bookings[0].start },
      ]);
    }
    // as submitted: what the citizen signed and what was delivered
    expect(Date.parse((await caseView()).answers.vigseltid.start)).toBe(Date.parse(first!.start));
    const rebooked = seats.find((seat) => seat.state === 'booked')!;
    expect((await call(app.baseUrl, 'DELETE', `/api/municipalities/solbacka/bookings/${rebooked.id}`, undefined, klara)).status).toBe(204);
    const afterCancel = await caseView();
    expect(afterCancel.bookings).toEqual([{ ...movedTo, cancelled: true }]);
    expect(bookingRows(afterCancel)).toContainEqual({ label: 'Bokning', value: 'Avbokad' });

    // a booking inside the 48-hour deadline can be neither cancelled nor moved
    const soon = (await call(app.baseUrl, 'GET', `${slotsPath}?from=${dayAfter(1)}&to=${dayAfter(2)}`, undefined, { cookie: '' })).body.items.find(
      (s: { start: string }) => Date.parse(s.start) < Date.now() + 47 * 3600_000,
    );
    expect((await hold(soon)).status).toBe(201);
    const near = await submit(klara, { resource: soon.resource, start: soon.start });
    expect(near.status).toBe(201);
    const nearSeat = await app.database.db.selectFrom('booking_seats').select('id').where('submission_id', '=', near.body.submissionId).executeTakeFirstOrThrow();
    const late = await call(app.baseUrl, 'DELETE', `/api/municipalities/solbacka/bookings/${nearSeat.id}`, undefined, klara);
    expect(late).toMatchObject({ status: 409, body: { code: 'booking-cancel-too-late' } });
    expect(late.body.messages.sv.detail).toBe('Bokningen kan avbokas eller bokas om senast 48 timmar före tiden. Kontakta kommunen.');
    expect(late.headers.get('content-type')).toContain('application/problem+json');
    expect((await hold(first!)).status).toBe(201);
    const lateMove = await call(app.baseUrl, 'POST', `/api/municipalities/solbacka/bookings/${nearSeat.id}/rebook`, { resource: first!.resource, start: first!.start }, klara);
    expect(lateMove).toMatchObject({ status: 409, body: { code: 'booking-cancel-too-late' } });
    const listed = (await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/bookings', undefined, klara)).body.items;
    expect(listed.find((b: { id: string }) => b.id === nearSeat.id)).toMatchObject({ mayChange: false });
  });
  it("shows the owning department's handlers a day per resource and lets them block and unblock a slot", async () => {
    const date = dayAfter(8);
    const [booked, other] = (await call(app.baseUrl, 'GET', `${slotsPath}?from=${date}&to=${date}`, undefined, { cookie: '' })).body.items as { resource: string; start: string }[];
    expect((await call(app.baseUrl, 'POST', `${base}/bookings/vigseltid/hold`, booked, klara)).status).toBe(201);
    const submitted = await submit(klara, { resource: booked!.resource, start: booked!.start });
    expect(submitted.status).toBe(201);
    const handler = await signInStaff(app.database.db, [{ role: 'handler', municipalityId: 'solbacka', departmentId: 'kommunstyrelse' }], 'Hanna Handläggare');
    const elsewhere = await signInStaff(app.database.db, [{ role: 'handler', municipalityId: 'solbacka', departmentId: 'miljo' }], 'Mia Miljö');
    const staffPath = '/api/municipalities/solbacka/eservices/vigsel-bokning/bookings/vigseltid';
    const day = () => call(app.baseUrl, 'GET', `${staffPath}/day?date=${date}`, undefined, { cookie: handler.cookie });

    const view = await day();
    expect(view.status).toBe(200);
    expect(view.body.resources.map((r: { id: string }) => r.id)).toEqual(['anna']);
    const slots = view.body.resources[0].slots as { start: string; time: string; blocked: boolean; bookings: { receiptNumber: string }[]; held: number }[];
    expect(slots.map((s) => s.time)).toEqual(['10:00', '10:30', '11:00', '11:30']);
    expect(slots.find((s) => s.start === booked!.start)).toMatchObject({ blocked: false, held: 0, bookings: [{ receiptNumber: submitted.body.receiptNumber }] });
    expect((await call(app.baseUrl, 'GET', `${staffPath}/day?date=${date}`, undefined, { cookie: elsewhere.cookie })).status).toBe(403);
    expect((await call(app.baseUrl, 'GET', `${staffPath}/day?date=morgon`, undefined, { cookie: handler.cookie })).body.code).toBe('booking-range-invalid');

    // a blocked slot is not offered and cannot be held; unblocked it can
    const slot = { resource: other!.resource, start: other!.start };
    const blocked = await call(app.baseUrl, 'PUT', `${staffPath}/blocks`, slot, handler.headers);
    expect(blocked).toMatchObject({ status: 200, body: { blocked: true } });
    expect((await call(app.baseUrl, 'PUT', `${staffPath}/blocks`, slot, elsewhere.headers)).status).toBe(403);
    const offered = async () => (await call(app.baseUrl, 'GET', `${slotsPath}?from=${date}&to=${date}`, undefined, { cookie: '' })).body.items.map((s: { start: string }) => s.start);
    expect(await offered()).not.toContain(other!.start);
    expect((await call(app.baseUrl, 'POST', `${base}/bookings/vigseltid/hold`, slot, olle)).body.code).toBe('booking-slot-taken');
    expect((await day()).body.resources[0].slots.find((s: { start: string }) => s.start === other!.start)).toMatchObject({ blocked: true });
    const audit = await app.database.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'booking.slot-blocked').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ field: 'vigseltid', resource: 'anna', start: other!.start });

    expect((await call(app.baseUrl, 'DELETE', `${staffPath}/blocks`, slot, handler.headers)).body).toMatchObject({ blocked: false });
    expect(await offered()).toContain(other!.start);
    expect((await call(app.baseUrl, 'POST', `${base}/bookings/vigseltid/hold`, slot, olle)).status).toBe(201);
    const notASlot = await call(app.baseUrl, 'PUT', `${staffPath}/blocks`, { resource: 'anna', start: `${date}T10:15:00+01:00` }, handler.headers);
    expect(notASlot).toMatchObject({ status: 422, body: { code: 'booking-slot-unavailable' } });
  });

});

/** The Stockholm day `days` from today (YYYY-MM-DD). */
const dayAfter = (days: number) => addBookingDays(stockholmDate(new Date()), days);
