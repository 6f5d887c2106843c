import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BankIdClient } from '../../identity/bankid/client.js';
import { bankIdLoginMethod } from '../../identity/bankid/plugin.js';
import { RFA } from '../../identity/bankid/messages.js';
import { startBankIdSimulator, type BankIdSimulator } from '../../simulators/bankid/simulator.js';
import { call, startTestApp, TEST_SESSION_SETTINGS, type TestApp } from '../../test-support/app.js';
import { Browser } from '../../test-support/browser.js';
import { addGrant, createAccount } from '../accounts.js';
import { DEFAULT_STAFF_SESSION_SETTINGS } from '../sessions.js';
import { staffEIdLoginMethod } from './method.js';

const login = '/api/staff/login/e-id/bankid';
const citizenLogin = '/api/municipalities/solbacka/login/bankid';
const inbox = (department: string) => `/api/municipalities/solbacka/departments/${department}/inbox/cases`;
// Demo staff (see demo/seed.ts): Maja handles Solbacka's kommunstyrelse and miljo. Astrid is no staff.
const MAJA = '199304249429';
const ASTRID = '199001012385';

describe(`staff e-ID login with BankID (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let sim: BankIdSimulator;
  let client: BankIdClient;
  let app: TestApp;

  beforeAll(async () => {
    sim = await startBankIdSimulator();
    client = new BankIdClient({ baseUrl: sim.url, ca: sim.ca, ...sim.clientCert });
    app = await startTestApp({
      loginMethods: ({ db }) => [bankIdLoginMethod({ db, client, sessions: TEST_SESSION_SETTINGS })],
      staffLoginMethods: ({ db }) => [staffEIdLoginMethod({ bankId: { db, client, settings: { ...DEFAULT_STAFF_SESSION_SETTINGS, secureCookies: true } } })],
    });
  });
  afterAll(async () => {
    await app?.close();
    client?.close();
    await sim?.close();
  });

  const tester = (path: string, body: unknown) =>
    fetch(`${sim.testerUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const storedOrder = (id: string) => app.database.db.selectFrom('bankid_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const staffSessionCount = async () => (await app.database.db.selectFrom('staff_sessions').select('id_hash').execute()).length;

  /** Starts a staff login in a new browser and has `personalNumber` approve it in the BankID app. */
  const logInAs = async (personalNumber: string) => {
    const browser = new Browser(() => app);
    const started = await browser.call('POST', login);
    expect(started.status).toBe(201);
    const { order_ref } = await storedOrder(started.body.orderId);
    expect((await tester(`/api/orders/${order_ref}/approve`, { personalNumber })).status).toBe(200);
    return { browser, orderId: started.body.orderId as string, done: await browser.pollUntilEnded(`${login}/${started.body.orderId}`) };
  };

  it('is offered on the staff login page', async () => {
    const methods = await call(app.baseUrl, 'GET', '/api/staff/login-methods');
    expect(methods.body.methods).toEqual([{ id: 'e-id', kind: 'e-id', name: { sv: 'E-legitimation (BankID)', en: 'e-ID (BankID)' } }]);
  });

  it('logs a person in the staff register in: a staff session with their grants, no citizen session', async () => {
    const browser = new Browser(() => app);
    const started = await browser.call('POST', login);
    // the citizens' answer, so the client's BankID panel serves both
    expect(started.body).toMatchObject({ orderId: expect.any(String), autoStartToken: expect.any(String), status: 'pending', message: RFA.RFA1, qrData: expect.any(String) });
    const flowCookie = started.headers.getSetCookie().find((c) => c.startsWith('etjanst_staff_bankid_flow='));
    expect(flowCookie).toMatch(/HttpOnly/i);
    expect(flowCookie).toMatch(/SameSite=Strict/i);
    const order = await storedOrder(started.body.orderId);
    expect(order).toMatchObject({ municipality_id: null, kind: 'auth', status: 'pending' });

    await tester(`/api/orders/${order.order_ref}/approve`, { personalNumber: MAJA });
    const done = await browser.pollUntilEnded(`${login}/${started.body.orderId}`);
    expect(done.body).toEqual({ status: 'complete', person: { displayName: 'Maja Exempeldotter' } });
    expect(browser.cookies.has('etjanst_staff')).toBe(true);
    expect(browser.cookies.has('etjanst_staff_bankid_flow')).toBe(false);
    expect(browser.cookies.has('etjanst_session')).toBe(false);

    const session = await browser.call('GET', '/api/staff/session');
    expect(session.body).toMatchObject({
      authenticated: true,
      displayName: 'Maja Exempeldotter',
      method: 'e-id:bankid',
      grants: [
        { role: 'handler', municipalityId: 'solbacka', departmentId: 'kommunstyrelse' },
        { role: 'handler', municipalityId: 'solbacka', departmentId: 'miljo' },
      ],
    });
    expect((await browser.call('GET', '/api/session')).body.authenticated).toBe(false);
    // her department's inbox opens; another department's does not
    expect((await browser.call('GET', inbox('kommunstyrelse'))).status).toBe(200);
    const elsewhere = await browser.call('GET', inbox('stadsbyggnad'));
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.code).toBe('forbidden');
    const { last_login_at } = await app.database.db.selectFrom('staff_logins').select('last_login_at').where('provider', '=', 'e-id').where('subject', '=', MAJA).executeTakeFirstOrThrow();
    expect(last_login_at).toEqual(expect.any(Date));
  });

  it('refuses a person who is not in the staff register, or holds no role: 403 not-in-staff-register, no session', async () => {
    const sessions = await staffSessionCount();
    const stranger = await logInAs(ASTRID);
    expect(stranger.done.status).toBe(403);
    expect(stranger.done.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(stranger.done.body).toMatchObject({
      code: 'not-in-staff-register',
      messages: { sv: { title: 'Du finns inte i personalregistret' }, en: { title: 'You are not in the staff register' } },
    });
    expect(stranger.browser.cookies.has('etjanst_staff')).toBe(false);
    // polling the ended order again says the same and starts nothing
    const refusals = () => app.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'staff.login-refused').orderBy('id').execute();
    const audited = await refusals();
    expect((await stranger.browser.call('GET', `${login}/${stranger.orderId}`)).body.code).toBe('not-in-staff-register');
    expect(await staffSessionCount()).toBe(sessions);
    // the refusal is audited once, naming nobody: her personal identity number is not kept
    expect(await refusals()).toHaveLength(audited.length);
    expect(audited.at(-1)).toMatchObject({ municipality_id: null, actor: 'anonymous', subject_id: 'e-id:bankid', details: { method: 'e-id:bankid', code: 'not-in-staff-register' } });
    expect(JSON.stringify(audited.at(-1))).not.toContain(ASTRID);

    // an account with an e-ID login but no role is no staff member either
    const account = await createAccount(app.database.db, { provider: 'e-id', subject: ASTRID, displayName: 'Astrid Testsson', personalIdentityNumber: ASTRID });
    expect((await logInAs(ASTRID)).done.body.code).toBe('not-in-staff-register');
    expect(await staffSessionCount()).toBe(sessions);

    // once the register gives her a role, she gets in
    await addGrant(app.database.db, account.id, { role: 'statistics-reader', municipalityId: 'ekdala', departmentId: null, grantedBy: 'test' });
    const admitted = await logInAs(ASTRID);
    expect(admitted.done.body).toEqual({ status: 'complete', person: { displayName: 'Astrid Testsson' } });
    expect((await admitted.browser.call('GET', '/api/staff/session')).body.grants).toEqual([{ role: 'statistics-reader', municipalityId: 'ekdala', departmentId: null }]);
  });

  it('binds an order to the browser that started it, apart from the citizens’ logins', async () => {
    const owner = new Browser(() => app);
    const { body } = await owner.call('POST', login);
    const citizen = await owner.call('POST', citizenLogin);
    for (const response of [
      await new Browser(() => app).call('GET', `${login}/${body.orderId}`),
      await new Browser(() => app).call('DELETE', `${login}/${body.orderId}`),
      // a staff order is not the citizens' login, nor the other way round
      await owner.call('GET', `${citizenLogin}/${body.orderId}`),
      await owner.call('GET', `${login}/${citizen.body.orderId}`),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('order-not-found');
    }
    expect((await owner.call('GET', `${login}/${body.orderId}`)).body.status).toBe('pending');
    expect((await owner.call('GET', `${citizenLogin}/${citizen.body.orderId}`)).body.status).toBe('pending');
  });

  it('DELETE cancels the order at BankID', async () => {
    const browser = new Browser(() => app);
    const { body } = await browser.call('POST', login);
    expect((await browser.call('DELETE', `${login}/${body.orderId}`)).status).toBe(204);
    const order = await storedOrder(body.orderId);
    expect(order).toMatchObject({ status: 'cancelled', hint_code: 'userCancel' });
    await expect(client.collect(order.order_ref)).rejects.toMatchObject({ errorCode: 'invalidParameters' });
    expect(browser.cookies.has('etjanst_staff_bankid_flow')).toBe(false);
  });
});
