import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBankIdSimulator, type BankIdSimulator } from '../../simulators/bankid/simulator.js';
import type { RouteDeclaration } from '../../http/route-table.js';
import { startTestApp, TEST_SESSION_SETTINGS, type TestApp } from '../../test-support/app.js';
import { Browser } from '../../test-support/browser.js';
import { lateBound } from '../../test-support/late-routes.js';
import { BankIdClient } from './client.js';
import { RFA } from './messages.js';
import { bankIdLoginMethod } from './plugin.js';
import { parseBankIdQrData, verifyBankIdQrData } from './qr.js';
import { bankIdLoginRoutes } from './routes.js';

const login = '/api/municipalities/solbacka/login/bankid';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`BankID login routes (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let sim: BankIdSimulator;
  let client: BankIdClient;
  let app: TestApp;
  // The app's database exists only once startTestApp has opened it, so the routes are attached after.
  let bankIdRoutes: RouteDeclaration[] = [];
  const attach = (bankIdClient: BankIdClient) => {
    bankIdRoutes = bankIdLoginRoutes({ db: app.database.db, client: bankIdClient, sessions: TEST_SESSION_SETTINGS });
  };

  beforeAll(async () => {
    sim = await startBankIdSimulator();
    client = new BankIdClient({ baseUrl: sim.url, ca: sim.ca, ...sim.clientCert });
    const plugin = bankIdLoginMethod({ db: undefined as never, client, sessions: TEST_SESSION_SETTINGS });
    app = await startTestApp({ loginMethods: [{ ...plugin, tenantRoutes: { path: 'bankid', routes: lateBound(plugin.tenantRoutes.routes, () => bankIdRoutes) } }] });
    attach(client);
  });
  afterAll(async () => {
    await app?.close();
    client?.close();
    await sim?.close();
  });

  const tester = (path: string, body: unknown) =>
    fetch(`${sim.testerUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const storedOrder = (id: string) => app.database.db.selectFrom('bankid_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('logs a citizen in: start, animated QR code, scan, approve, session', async () => {
    const browser = new Browser(() => app);
    const started = await browser.call('POST', login);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ orderId: expect.any(String), autoStartToken: expect.any(String), status: 'pending', message: RFA.RFA1 });
    expect(started.headers.getSetCookie().find((c) => c.startsWith('etjanst_bankid_flow='))).toMatch(/HttpOnly/i);
    const order = await storedOrder(started.body.orderId);
    const sent = JSON.stringify(started.body);
    expect(sent).not.toContain(order.qr_start_secret);
    expect(sent).not.toContain(order.order_ref);
    expect(order).toMatchObject({ municipality_id: 'solbacka', kind: 'auth', status: 'pending' });

    const first = await browser.call('GET', `${login}/${started.body.orderId}`);
    const { last_collect_at: collectedAt } = await storedOrder(started.body.orderId);
    await sleep(1100);
    const second = await browser.call('GET', `${login}/${started.body.orderId}`);
    // BankID is asked at most every other second, however often the browser polls
    expect((await storedOrder(started.body.orderId)).last_collect_at).toEqual(collectedAt);
    expect(second.body).toMatchObject({ status: 'pending', hintCode: 'outstandingTransaction', message: RFA.RFA1 });
    expect(second.body.qrData).not.toBe(first.body.qrData);
    const qr = parseBankIdQrData(second.body.qrData);
    expect(qr).toMatchObject({ qrStartToken: order.qr_start_token, seconds: expect.any(Number) });
    expect(qr!.seconds).toBeGreaterThanOrEqual(1);
    expect(verifyBankIdQrData(qr!, order.qr_start_secret!)).toBe(true);

    expect((await tester('/api/scan', { qrData: second.body.qrData })).status).toBe(200);
    await tester(`/api/orders/${order.order_ref}/approve`, { personalNumber: '199001012385' });
    const done = await browser.pollUntilEnded(`${login}/${started.body.orderId}`);
    expect(done.body).toEqual({ status: 'complete', person: { displayName: 'Astrid Testsson' } });
    expect(done.headers.getSetCookie().some((c) => c.startsWith('etjanst_session='))).toBe(true);
    // the login asked for BankID's risk assessment, which is kept with the completion data
    expect((await storedOrder(started.body.orderId)).completion).toMatchObject({ risk: 'low', user: { personalNumber: '199001012385' } });
    expect(browser.cookies.has('etjanst_bankid_flow')).toBe(false);

    const session = await browser.call('GET', '/api/session');
    expect(session.body).toMatchObject({
      authenticated: true,
      municipalityId: 'solbacka',
      person: { personalIdentityNumber: '199001012385', givenName: 'Astrid', surname: 'Testsson', displayName: 'Astrid Testsson' },
      loa: 3,
      method: 'bankid',
    });
    expect(await storedOrder(started.body.orderId)).toMatchObject({ status: 'complete', completed_at: expect.any(Date) });
  });

  it('refuses an order to another browser, to no browser and in another municipality (404 order-not-found)', async () => {
    const owner = new Browser(() => app);
    const { body } = await owner.call('POST', login);
    const stranger = new Browser(() => app);
    await stranger.call('POST', login); // a flow cookie of its own
    for (const response of [
      await stranger.call('GET', `${login}/${body.orderId}`),
      await new Browser(() => app).call('GET', `${login}/${body.orderId}`),
      await owner.call('GET', `/api/municipalities/ekdala/login/bankid/${body.orderId}`),
      await stranger.call('DELETE', `${login}/${body.orderId}`),
      await owner.call('GET', `${login}/not-a-uuid`),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'order-not-found', messages: { sv: { detail: expect.stringMatching(/annan webbläsare/) }, en: { detail: expect.stringMatching(/another browser/) } } });
    }
    expect((await owner.call('GET', `${login}/${body.orderId}`)).status).toBe(200);
  });

  it.each([
    ['userCancel', RFA.RFA6],
    ['startFailed', RFA.RFA17B],
    ['certificateErr', RFA.RFA16],
    ['expiredTransaction', RFA.RFA8],
  ])('shows %s with its Swedish and English message', async (hintCode, message) => {
    const browser = new Browser(() => app);
    const { body } = await browser.call('POST', login);
    const { order_ref } = await storedOrder(body.orderId);
    await tester(`/api/orders/${order_ref}/fail`, { hintCode });
    const ended = await browser.pollUntilEnded(`${login}/${body.orderId}`);
    expect(ended.body).toEqual({ status: 'failed', hintCode, message });
    expect(browser.cookies.has('etjanst_session')).toBe(false);
  });

  it('says RFA13 and RFA17A when the app was started on this device', async () => {
    const browser = new Browser(() => app);
    const { body } = await browser.call('POST', `${login}?autostart=true`);
    expect(body.message).toEqual(RFA.RFA13);
    const { order_ref } = await storedOrder(body.orderId);
    await tester(`/api/orders/${order_ref}/fail`, { hintCode: 'startFailed' });
    expect((await browser.pollUntilEnded(`${login}/${body.orderId}?autostart=true`)).body.message).toEqual(RFA.RFA17A);
  });

  it('cancels an order pending longer than the timeout and reports expiredTransaction', async () => {
    const browser = new Browser(() => app);
    const { body } = await browser.call('POST', login);
    await sql`update bankid_orders set started_at = ${new Date(Date.now() - 181_000)} where id = ${body.orderId}`.execute(app.database.db);
    const polled = await browser.call('GET', `${login}/${body.orderId}`);
    expect(polled.body).toEqual({ status: 'failed', hintCode: 'expiredTransaction', message: RFA.RFA8 });
    const { order_ref } = await storedOrder(body.orderId);
    await expect(client.collect(order_ref)).rejects.toMatchObject({ errorCode: 'invalidParameters' });
  });

  it('DELETE cancels the order at BankID and forgets the flow', async () => {
    const browser = new Browser(() => app);
    const { body } = await browser.call('POST', login);
    expect((await browser.call('DELETE', `${login}/${body.orderId}`)).status).toBe(204);
    const order = await storedOrder(body.orderId);
    expect(order).toMatchObject({ status: 'cancelled', hint_code: 'userCancel' });
    await expect(client.collect(order.order_ref)).rejects.toMatchObject({ errorCode: 'invalidParameters' });
    expect((await browser.call('GET', `${login}/${body.orderId}`)).status).toBe(404);
  });

  it('answers 503 bankid-unavailable with RFA5 when BankID cannot be reached', async () => {
    const unreachable = new BankIdClient({ baseUrl: 'https://127.0.0.1:9/rp/v6.0', ca: sim.ca, ...sim.clientCert, timeoutMs: 2000 });
    attach(unreachable);
    try {
      const response = await new Browser(() => app).call('POST', login);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'bankid-unavailable', messages: { sv: { detail: RFA.RFA5.sv }, en: { detail: RFA.RFA5.en } } });
    } finally {
      unreachable.close();
      attach(client);
    }
  });
});
