import { createField, EXAMPLE_ANSWERS, TEMPLATES, type BookingConfig, type EServiceDefinition } from '@etjanst/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastCheck } from '../checks/full-check.js';
import { templateFor } from '../demo/seed.js';
import { createEService, publishEService } from '../eservices/operations.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { loggedIn, TEST_PERSON } from '../test-support/sessions.js';

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
});
