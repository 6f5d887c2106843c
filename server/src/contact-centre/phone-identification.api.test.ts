import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BankIdClient } from '../identity/bankid/client.js';
import { bankIdLoginMethod } from '../identity/bankid/plugin.js';
import { startBankIdSimulator, type BankIdSimulator } from '../simulators/bankid/simulator.js';
import { call, startTestApp, TEST_SESSION_SETTINGS, type TestApp } from '../test-support/app.js';
import { signInStaff, type StaffSignIn } from '../test-support/staff.js';

const PATH = '/api/municipalities/ekdala/contact-centre/phone-identifications';

describe(`contact centre: identifying a caller with BankID phone authentication (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let sim: BankIdSimulator;
  let client: BankIdClient;
  let app: TestApp;
  let handler: StaffSignIn;
  let colleague: StaffSignIn;

  beforeAll(async () => {
    sim = await startBankIdSimulator();
    client = new BankIdClient({ baseUrl: sim.url, ca: sim.ca, ...sim.clientCert });
    app = await startTestApp({ loginMethods: ({ db }) => [bankIdLoginMethod({ db, client, sessions: TEST_SESSION_SETTINGS })] });
    handler = await signInStaff(app.database.db, [{ role: 'handler', municipalityId: 'ekdala', departmentId: 'miljo' }], 'Kerstin Kontaktcenter');
    colleague = await signInStaff(app.database.db, [{ role: 'handler', municipalityId: 'ekdala', departmentId: 'utbildning' }], 'Kalle Kollega');
  });
  afterAll(async () => {
    await app?.close();
    client?.close();
    await sim?.close();
  });

  const tester = async (path: string, body: unknown) => {
    const response = await fetch(`${sim.testerUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return response.status;
  };
  const orderRefOf = async (orderId: string) => (await app.database.db.selectFrom('bankid_orders').select('order_ref').where('id', '=', orderId).executeTakeFirstOrThrow()).order_ref;

  it('identifies the caller once they confirm the call and identify themselves in the app', async () => {
    const [caller] = sim.persons;
    const started = await call(app.baseUrl, 'POST', PATH, { personalNumber: caller!.personalNumber, callInitiator: 'user' }, handler.headers);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ orderId: expect.any(String), status: 'pending', message: { sv: expect.stringMatching(/BankID-appen/), en: expect.any(String) } });
    const stored = await app.database.db.selectFrom('bankid_orders').selectAll().where('id', '=', started.body.orderId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ kind: 'phone-auth', municipality_id: 'ekdala', qr_start_token: null, auto_start_token: null });
    const [pending] = (await (await fetch(`${sim.testerUrl}/api/orders`)).json()) as unknown[];
    expect(pending).toMatchObject({ kind: 'phone-auth', personalNumber: caller!.personalNumber, userVisibleData: 'Du identifierar dig i telefonsamtalet med Ekdala kommun.' });

    const orderRef = await orderRefOf(started.body.orderId);
    expect(await tester(`/api/orders/${orderRef}/confirm-call`, {})).toBe(200);
    expect(await tester(`/api/orders/${orderRef}/approve`, { personalNumber: caller!.personalNumber })).toBe(200);
    const done = await call(app.baseUrl, 'GET', `${PATH}/${started.body.orderId}`, undefined, handler.headers);
    expect(done.body).toEqual({ status: 'complete', person: { personalIdentityNumber: caller!.personalNumber, name: `${caller!.givenName} ${caller!.surname}` }, risk: null });

    // the order is the handler's own: a colleague cannot read or cancel it
    expect((await call(app.baseUrl, 'GET', `${PATH}/${started.body.orderId}`, undefined, colleague.headers)).status).toBe(404);
    expect((await call(app.baseUrl, 'DELETE', `${PATH}/${started.body.orderId}`, undefined, colleague.headers)).status).toBe(404);
  });

  it('reports a person who says they are not in the call, and a cancelled identification', async () => {
    const [, caller, other] = sim.persons;
    const declined = await call(app.baseUrl, 'POST', PATH, { personalNumber: caller!.personalNumber, callInitiator: 'RP' }, handler.headers);
    expect(await tester(`/api/orders/${await orderRefOf(declined.body.orderId)}/fail`, { hintCode: 'userDeclinedCall' })).toBe(200);
    const answer = await call(app.baseUrl, 'GET', `${PATH}/${declined.body.orderId}`, undefined, handler.headers);
    expect(answer.body).toMatchObject({ status: 'failed', hintCode: 'userDeclinedCall', message: { sv: expect.stringMatching(/inte är i samtal/) } });

    const cancelled = await call(app.baseUrl, 'POST', PATH, { personalNumber: other!.personalNumber, callInitiator: 'user' }, handler.headers);
    expect((await call(app.baseUrl, 'DELETE', `${PATH}/${cancelled.body.orderId}`, undefined, handler.headers)).status).toBe(204);
    expect((await call(app.baseUrl, 'GET', `${PATH}/${cancelled.body.orderId}`, undefined, handler.headers)).body).toMatchObject({ status: 'failed', hintCode: 'userCancel' });
  });

  it('refuses a personnummer that is not one, and an unknown caller kind, in Swedish and English', async () => {
    const wrongNumber = await call(app.baseUrl, 'POST', PATH, { personalNumber: '199001012384', callInitiator: 'user' }, handler.headers);
    expect(wrongNumber).toMatchObject({ status: 400, body: { code: 'invalid-personal-number', field: 'personalNumber', messages: { sv: expect.any(Object), en: expect.any(Object) } } });
    const wrongCaller = await call(app.baseUrl, 'POST', PATH, { personalNumber: sim.persons[0]!.personalNumber, callInitiator: 'someone' }, handler.headers);
    expect(wrongCaller).toMatchObject({ status: 400, body: { code: 'invalid-call-initiator' } });
  });
});
