import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BankIdClient } from '../../identity/bankid/client.js';
import { startBankIdSimulator, type BankIdSimulator } from '../../simulators/bankid/simulator.js';
import { ANONYMOUS, call, startTestApp, type TestApp } from '../../test-support/app.js';
import { Browser } from '../../test-support/browser.js';
import { addGrant } from '../accounts.js';
import { DEFAULT_STAFF_SESSION_SETTINGS, STAFF_CSRF_HEADER } from '../sessions.js';
import { staffEIdLoginMethod } from './method.js';

const login = '/api/staff/login/e-id/bankid';
const reauthenticate = '/api/staff/session/reauthenticate/e-id/bankid';
/** Giving a role in Solbacka's staff register: a sensitive action, which asks for a recent login */
const giveRole = '/api/municipalities/solbacka/staff';
// Demo staff (see demo/seed.ts): Maja handles cases in Solbacka. Astrid is a BankID test person, no staff.
const MAJA = '199304249429';
const ASTRID = '199001012385';
const MINUTE = 60_000;

describe(`a staff e-ID session proves itself again with BankID (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let sim: BankIdSimulator;
  let client: BankIdClient;
  let app: TestApp;

  beforeAll(async () => {
    sim = await startBankIdSimulator();
    client = new BankIdClient({ baseUrl: sim.url, ca: sim.ca, ...sim.clientCert });
    app = await startTestApp({
      staffLoginMethods: ({ db }) => [staffEIdLoginMethod({ bankId: { db, client, settings: { ...DEFAULT_STAFF_SESSION_SETTINGS, secureCookies: true } } })],
    });
  });
  afterAll(async () => {
    await app?.close();
    client?.close();
    await sim?.close();
  });

  const db = () => app.database.db;
  const approve = async (orderId: string, personalNumber: string) => {
    const { order_ref } = await db().selectFrom('bankid_orders').select('order_ref').where('id', '=', orderId).executeTakeFirstOrThrow();
    const approved = await fetch(`${sim.testerUrl}/api/orders/${order_ref}/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personalNumber }) });
    expect(approved.status).toBe(200);
  };
  const sessionRow = (accountId: string) => db().selectFrom('staff_sessions').selectAll().where('account_id', '=', accountId).where('ended_at', 'is', null).executeTakeFirstOrThrow();
  const audits = () => db().selectFrom('audit_log').selectAll().where('action', '=', 'staff.e-id-reauthentication').orderBy('id').execute();

  /** Maja logged in with BankID 15 minutes ago (too long for a sensitive action), and a municipality administrator of Solbacka. */
  async function majaLoggedInLongAgo() {
    const browser = new Browser(() => app);
    const started = await browser.call('POST', login);
    await approve(started.body.orderId, MAJA);
    expect((await browser.pollUntilEnded(`${login}/${started.body.orderId}`)).body.status).toBe('complete');
    const session = await browser.call('GET', '/api/staff/session');
    const accountId = session.body.accountId as string;
    if (!session.body.grants.some((g: { role: string }) => g.role === 'municipality-admin')) {
      await addGrant(db(), accountId, { role: 'municipality-admin', municipalityId: 'solbacka', departmentId: null, grantedBy: 'test' });
    }
    await db().updateTable('staff_sessions').set({ authenticated_at: new Date(Date.now() - 15 * MINUTE) }).where('account_id', '=', accountId).where('ended_at', 'is', null).execute();
    return { browser, accountId, headers: { [STAFF_CSRF_HEADER]: session.body.csrfToken as string } };
  }

  it('the same person’s BankID makes the session recently authenticated: the sensitive action is then allowed, and the proof audited', async () => {
    const { browser, accountId, headers } = await majaLoggedInLongAgo();
    expect((await browser.call('POST', giveRole, {}, headers)).body.code).toBe('reauthentication-required');

    const started = await browser.call('POST', reauthenticate, {}, headers);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ orderId: expect.any(String), autoStartToken: expect.any(String), status: 'pending', qrData: expect.any(String) });
    expect(browser.cookies.has('etjanst_staff_bankid_reauth_flow')).toBe(true);
    // the order is the re-authentication's: the login's poll does not know it
    expect((await browser.call('GET', `${login}/${started.body.orderId}`)).body.code).toBe('order-not-found');
    const before = await sessionRow(accountId);

    await approve(started.body.orderId, MAJA);
    const done = await browser.pollUntilEnded(`${reauthenticate}/${started.body.orderId}`, headers);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ status: 'complete', person: { displayName: 'Maja Exempeldotter' } });
    const after = await sessionRow(accountId);
    // the same session (no new cookie, same CSRF token), now authenticated just now
    expect(after.id_hash).toBe(before.id_hash);
    expect(Date.now() - after.authenticated_at!.getTime()).toBeLessThan(MINUTE);
    expect(browser.cookies.has('etjanst_staff_bankid_reauth_flow')).toBe(false);
    expect((await browser.call('POST', giveRole, {}, headers)).status).toBe(422);
    expect((await audits()).at(-1)).toMatchObject({ municipality_id: null, action: 'staff.e-id-reauthentication', subject_id: accountId, details: { method: 'e-id:bankid', outcome: 'success' } });
  });

  it('refuses another person’s BankID: 403 reauthentication-other-person, the session unchanged, audited without their number', async () => {
    const { browser, accountId, headers } = await majaLoggedInLongAgo();
    const before = await sessionRow(accountId);
    const started = await browser.call('POST', reauthenticate, {}, headers);
    await approve(started.body.orderId, ASTRID);
    const refused = await browser.pollUntilEnded(`${reauthenticate}/${started.body.orderId}`, headers);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'reauthentication-other-person', messages: { sv: { title: expect.any(String) }, en: { title: expect.any(String) } } });
    const after = await sessionRow(accountId);
    expect(after.authenticated_at).toEqual(before.authenticated_at);
    expect((await browser.call('GET', '/api/staff/session')).body).toMatchObject({ authenticated: true, accountId });
    expect((await browser.call('POST', giveRole, {}, headers)).body.code).toBe('reauthentication-required');
    const audited = await audits();
    expect(audited.at(-1)).toMatchObject({ subject_id: accountId, details: { outcome: 'other-person' } });
    expect(JSON.stringify(audited.at(-1))).not.toContain(ASTRID);
    // polling the ended order again says the same, and is not audited again
    expect((await browser.call('GET', `${reauthenticate}/${started.body.orderId}`, undefined, headers)).body.code).toBe('reauthentication-other-person');
    expect(await audits()).toHaveLength(audited.length);
  });

  it('is only for a staff e-ID session: without a login 401, a session of another login 403 reauthenticate-by-login', async () => {
    const orders = async () => (await db().selectFrom('bankid_orders').select('id').execute()).length;
    const before = await orders();
    expect((await call(app.baseUrl, 'POST', reauthenticate, undefined, ANONYMOUS)).status).toBe(401);
    // the test app's administrator logged in another way
    const other = await call(app.baseUrl, 'POST', reauthenticate);
    expect(other).toMatchObject({ status: 403, body: { code: 'reauthenticate-by-login' } });
    // no order was started at BankID
    expect(await orders()).toBe(before);
  });

  it('DELETE cancels the order', async () => {
    const { browser, headers } = await majaLoggedInLongAgo();
    const { body } = await browser.call('POST', reauthenticate, {}, headers);
    expect((await browser.call('DELETE', `${reauthenticate}/${body.orderId}`, undefined, headers)).status).toBe(204);
    expect(await db().selectFrom('bankid_orders').select('status').where('id', '=', body.orderId).executeTakeFirstOrThrow()).toEqual({ status: 'cancelled' });
  });
});
