import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DEMO_STAFF_OIDC_CLIENT_ID, DEMO_STAFF_OIDC_METHOD, DEMO_STAFF_OIDC_PROVIDER } from '../../demo/staff-groups.js';
import { startStaffOidcSimulator, type StaffOidcSimulator } from '../../simulators/staff-oidc/simulator.js';
import { call, startTestApp, type TestApp } from '../../test-support/app.js';
import { addGrant, findAccountByLogin } from '../accounts.js';
import { DEFAULT_STAFF_SESSION_SETTINGS } from '../sessions.js';
import { OidcTestBrowser, oidcLoginSteps, refusalCode, setsStaffCookie } from './oidc-test-browser.js';
import { callbackUrl, staffOidcLoginMethod } from './plugin.js';

/**
 * The whole staff OpenID Connect login over real HTTP: the test app with the OIDC login method,
 * the oidc-provider simulator, and a small cookie-carrying browser that follows redirects by
 * hand, so each step of the flow can be looked at, replayed or forged.
 */

const OTHER_CLIENT = 'annan-tjanst';
let app: TestApp;
let simulator: StaffOidcSimulator;
/** Set by the audience test: token requests go out with the other client's credentials. */
let tokenRequestsAsOtherClient = false;
const tokenAnswers: string[] = [];
/** A "provider" that takes connections and never answers */
let silent: Server;

beforeAll(async () => {
  silent = createServer(() => undefined).listen(0, '127.0.0.1');
  await new Promise((resolve) => silent.once('listening', resolve));
  app = await startTestApp({
    staffLoginMethods: async ({ db, baseUrl }) => {
      const redirectUris = [callbackUrl(baseUrl, DEMO_STAFF_OIDC_PROVIDER)];
      simulator = await startStaffOidcSimulator({ clients: [{ clientId: DEMO_STAFF_OIDC_CLIENT_ID, redirectUris }, { clientId: OTHER_CLIENT, redirectUris }] });
      const [ours, other] = simulator.clients;
      // the platform's own HTTP client, except that it can be made to send the other client's credentials
      const providerFetch: typeof fetch = async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        const isToken = url.endsWith('/token');
        const headers = new Headers(init?.headers);
        if (isToken && tokenRequestsAsOtherClient) headers.set('authorization', `Basic ${Buffer.from(`${other!.clientId}:${other!.clientSecret}`).toString('base64')}`);
        const response = await fetch(input, { ...init, headers });
        if (isToken) tokenAnswers.push(await response.clone().text());
        return response;
      };
      // one method for both providers; the short timeout is for the silent one
      return [
        staffOidcLoginMethod({ db, sessions: { ...DEFAULT_STAFF_SESSION_SETTINGS, secureCookies: true }, publicUrl: baseUrl, timeoutSeconds: 2, fetch: providerFetch }, [
          { id: DEMO_STAFF_OIDC_PROVIDER, name: { sv: 'Simulator', en: 'Simulator' }, issuer: simulator.issuer, clientId: ours!.clientId, clientSecret: ours!.clientSecret, groupsClaim: 'groups' },
          { id: 'tyst', name: { sv: 'Tyst', en: 'Silent' }, issuer: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, clientId: 'x', clientSecret: 'y', groupsClaim: 'groups' },
        ]),
      ];
    },
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await simulator?.close();
  silent?.closeAllConnections();
  silent?.close();
});

const { startUrl, reachLoginPage, callbackFor, logIn } = oidcLoginSteps(() => app.baseUrl, DEMO_STAFF_OIDC_PROVIDER);
const isCallback = (url: URL) => url.pathname.endsWith(`/staff/login/oidc/${DEMO_STAFF_OIDC_PROVIDER}/callback`);

/** The newest audit row of a staff login (logged in or refused). */
const lastLoginAudit = (action: 'staff.logged-in' | 'staff.login-refused') =>
  app.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

const sessionCount = async () => Number((await sql<{ n: string }>`select count(*) as n from staff_sessions where method = ${DEMO_STAFF_OIDC_METHOD}`.execute(app.database.db)).rows[0]!.n);

describe('staff login with OpenID Connect', () => {
  it('lists the provider as a staff login method with its start path', async () => {
    const { status, body } = await call(app.baseUrl, 'get', '/api/staff/login-methods');
    expect(status).toBe(200);
    expect(body.methods).toContainEqual({ id: DEMO_STAFF_OIDC_METHOD, kind: 'oidc', name: { sv: 'Simulator', en: 'Simulator' }, startPath: `/api/staff/login/oidc/${DEMO_STAFF_OIDC_PROVIDER}/start` });
  });

  it('starts with state, nonce and an S256 PKCE challenge, bound to the browser by a Lax cookie', async () => {
    const browser = new OidcTestBrowser();
    const response = await browser.request(startUrl());
    expect(response.status).toBe(303);
    const authorization = new URL(response.headers.get('location')!);
    expect(authorization.origin).toBe(simulator.issuer);
    expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
      client_id: DEMO_STAFF_OIDC_CLIENT_ID,
      response_type: 'code',
      redirect_uri: callbackUrl(app.baseUrl, DEMO_STAFF_OIDC_PROVIDER),
      code_challenge_method: 'S256',
    });
    for (const name of ['state', 'nonce', 'code_challenge']) expect(authorization.searchParams.get(name)).toMatch(/^[\w-]{43,}$/);
    const flowCookie = response.headers.getSetCookie().find((line) => line.startsWith('etjanst_staff_oidc='));
    expect(flowCookie).toMatch(/HttpOnly/i);
    expect(flowCookie).toMatch(/SameSite=Lax/i);
    expect(flowCookie).toMatch(/Path=\/api\/staff\/login\/oidc/i);
  });

  it('logs a designer in: a staff session whose grants come from the mapped groups, designer routes open, administrator routes refused', async () => {
    const browser = new OidcTestBrowser();
    const response = await logIn(browser, 'ekdala-designer-1', '/admin/tjanster');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/tjanster');
    expect(browser.staffCookie).toBeDefined();
    const headers = { cookie: browser.staffCookie! };

    const session = await call(app.baseUrl, 'get', '/api/staff/session', undefined, headers);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ displayName: 'Dan Designer', email: 'dan.designer@ekdala.example.se', method: DEMO_STAFF_OIDC_METHOD });
    expect(session.body.grants).toEqual([{ role: 'designer', municipalityId: 'ekdala', departmentId: 'stadsbyggnad' }]);
    expect(await findAccountByLogin(app.database.db, DEMO_STAFF_OIDC_METHOD, 'ekdala-designer-1')).toMatchObject({ displayName: 'Dan Designer' });
    // the installation's audit log: who, through which provider, with which group roles
    expect(await lastLoginAudit('staff.logged-in')).toMatchObject({
      municipality_id: null,
      actor: `staff:${session.body.accountId} (Dan Designer)`,
      subject_type: 'staff-account',
      subject_id: session.body.accountId,
      details: { method: DEMO_STAFF_OIDC_METHOD, groupGrants: [{ role: 'designer', municipalityId: 'ekdala', departmentId: 'stadsbyggnad' }], ip: expect.any(String) },
    });

    expect((await call(app.baseUrl, 'get', '/api/municipalities/ekdala/eservices', undefined, headers)).status).toBe(200);
    expect((await call(app.baseUrl, 'get', '/api/municipalities/ekdala/staff', undefined, headers)).status).toBe(403);
    expect((await call(app.baseUrl, 'get', '/api/municipalities/solbacka/eservices', undefined, headers)).status).toBe(403);
  });

  it('refuses a callback with a forged state, and logs nobody in', async () => {
    const browser = new OidcTestBrowser();
    const callback = await callbackFor(browser, 'ekdala-designer-1');
    const before = await sessionCount();
    callback.searchParams.set('state', 'forged-state-that-was-never-issued-here-000');
    const response = await browser.request(callback);
    expect(response.status).toBe(400);
    expect(await refusalCode(response)).toBe('oidc-flow-unknown');
    expect(setsStaffCookie(response)).toBe(false);
    expect(await sessionCount()).toBe(before);
    // audited as an installation event, with the reason and nothing of the answer (no code, no state)
    const audited = await lastLoginAudit('staff.login-refused');
    expect(audited).toMatchObject({ municipality_id: null, actor: 'anonymous', subject_type: 'identity-provider', subject_id: DEMO_STAFF_OIDC_METHOD, details: { method: DEMO_STAFF_OIDC_METHOD, code: 'oidc-flow-unknown' } });
    expect(JSON.stringify(audited.details)).not.toContain(callback.searchParams.get('code'));
    expect(JSON.stringify(audited.details)).not.toContain('forged-state');
  });

  it('refuses a replayed callback (the same code and state a second time)', async () => {
    const browser = new OidcTestBrowser();
    const callback = await callbackFor(browser, 'ekdala-approver-1');
    const first = await browser.request(callback);
    expect(first.status).toBe(303);
    const before = await sessionCount();
    const replay = await browser.request(callback);
    expect(replay.status).toBe(400);
    expect(await refusalCode(replay)).toBe('oidc-flow-unknown');
    expect(setsStaffCookie(replay)).toBe(false);
    expect(await sessionCount()).toBe(before);
  });

  it('refuses a callback in a browser without the flow cookie, and the state is then used up', async () => {
    const browser = new OidcTestBrowser();
    const callback = await callbackFor(browser, 'ekdala-designer-1');
    const elsewhere = await new OidcTestBrowser().request(callback);
    expect(elsewhere.status).toBe(400);
    expect(await refusalCode(elsewhere)).toBe('oidc-flow-other-browser');
    expect(setsStaffCookie(elsewhere)).toBe(false);
    const late = await browser.request(callback);
    expect(await refusalCode(late)).toBe('oidc-flow-unknown');
  });

  it('refuses a login that took longer than the flow lives', async () => {
    const browser = new OidcTestBrowser();
    const callback = await callbackFor(browser, 'ekdala-designer-1');
    await sql`update staff_oidc_flows set created_at = now() - interval '11 minutes'`.execute(app.database.db);
    const response = await browser.request(callback);
    expect(response.status).toBe(400);
    expect(await refusalCode(response)).toBe('oidc-flow-expired');
    expect(setsStaffCookie(response)).toBe(false);
  });

  it('refuses an ID token issued to another client (audience), though it is validly signed', async () => {
    const browser = new OidcTestBrowser();
    const before = await sessionCount();
    tokenRequestsAsOtherClient = true;
    tokenAnswers.length = 0;
    try {
      // the code is issued to the other client, and the token request is made as it
      const callback = await callbackFor(browser, 'ekdala-designer-1', { rewriteAuthorization: (url) => url.searchParams.set('client_id', OTHER_CLIENT) });
      const response = await browser.request(callback);
      expect(response.status).toBe(401);
      expect(await refusalCode(response)).toBe('oidc-response-invalid');
      expect(setsStaffCookie(response)).toBe(false);
    } finally {
      tokenRequestsAsOtherClient = false;
    }
    // what was refused: a real ID token from the provider, for the other audience
    const idToken = JSON.parse(tokenAnswers[0]!).id_token as string;
    expect(JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString())).toMatchObject({ aud: OTHER_CLIENT, iss: simulator.issuer, sub: 'ekdala-designer-1' });
    expect(await sessionCount()).toBe(before);
    // the audit names the check that failed, and keeps neither the token nor the client's secret
    const audited = await lastLoginAudit('staff.login-refused');
    expect(audited.details).toMatchObject({ code: 'oidc-response-invalid', reason: expect.stringMatching(/aud/) });
    for (const secret of [idToken, simulator.clients[0]!.clientSecret, simulator.clients[1]!.clientSecret]) expect(JSON.stringify(audited)).not.toContain(secret);
  });

  it('refuses the provider’s error answer when the person cancels at the provider', async () => {
    const browser = new OidcTestBrowser();
    const action = await reachLoginPage(browser);
    const abort = new URL(action.pathname.replace(/\/login$/, '/abort'), action);
    const { url } = await browser.follow(abort, { form: {}, stopBefore: isCallback });
    expect(url.searchParams.get('error')).toBe('access_denied');
    const response = await browser.request(url);
    expect(response.status).toBe(401);
    expect(await refusalCode(response)).toBe('oidc-login-failed');
    expect(setsStaffCookie(response)).toBe(false);
  });

  it('applies a group change at the provider at the next login; manual grants stay', async () => {
    const first = new OidcTestBrowser();
    expect((await logIn(first, 'ekdala-handler-1')).status).toBe(303);
    const account = (await findAccountByLogin(app.database.db, DEMO_STAFF_OIDC_METHOD, 'ekdala-handler-1'))!;
    await addGrant(app.database.db, account.id, { role: 'statistics-reader', municipalityId: 'solbacka', departmentId: null, grantedBy: 'test' });
    simulator.setGroups('ekdala-handler-1', ['etjanst-ekdala-admin', 'some-unmapped-group']);
    try {
      const second = new OidcTestBrowser();
      expect((await logIn(second, 'ekdala-handler-1')).status).toBe(303);
      const session = await call(app.baseUrl, 'get', '/api/staff/session', undefined, { cookie: second.staffCookie! });
      expect(session.body.grants).toEqual([
        { role: 'municipality-admin', municipalityId: 'ekdala', departmentId: null },
        { role: 'statistics-reader', municipalityId: 'solbacka', departmentId: null },
      ]);
      expect((await call(app.baseUrl, 'get', '/api/municipalities/ekdala/staff', undefined, { cookie: second.staffCookie! })).status).toBe(200);
    } finally {
      simulator.setGroups('ekdala-handler-1', ['etjanst-ekdala-bygg-handler']);
    }
  });

  it('gives a person without any mapped group a session with no roles, which every staff route refuses', async () => {
    simulator.setGroups('ekdala-statistics-1', []);
    try {
      const browser = new OidcTestBrowser();
      expect((await logIn(browser, 'ekdala-statistics-1')).status).toBe(303);
      const headers = { cookie: browser.staffCookie! };
      const session = await call(app.baseUrl, 'get', '/api/staff/session', undefined, headers);
      expect(session.body).toMatchObject({ displayName: 'Siri Statistik', grants: [] });
      expect((await call(app.baseUrl, 'get', '/api/municipalities/ekdala/statistics', undefined, headers)).status).toBe(403);
    } finally {
      simulator.setGroups('ekdala-statistics-1', ['etjanst-ekdala-statistik']);
    }
  });

  it('refuses the login of a disabled account, though the provider let the person in', async () => {
    const browser = new OidcTestBrowser();
    expect((await logIn(browser, 'ekdala-approver-1')).status).toBe(303);
    const account = (await findAccountByLogin(app.database.db, DEMO_STAFF_OIDC_METHOD, 'ekdala-approver-1'))!;
    await app.database.db.updateTable('staff_accounts').set({ disabled_at: new Date() }).where('id', '=', account.id).execute();
    try {
      const again = new OidcTestBrowser();
      const response = await logIn(again, 'ekdala-approver-1');
      expect(response.status).toBe(403);
      expect(await refusalCode(response)).toBe('staff-account-disabled');
      expect(setsStaffCookie(response)).toBe(false);
      expect(await lastLoginAudit('staff.login-refused')).toMatchObject({ actor: `staff:${account.id} (${account.displayName})`, subject_type: 'staff-account', subject_id: account.id, details: { code: 'staff-account-disabled' } });
    } finally {
      await app.database.db.updateTable('staff_accounts').set({ disabled_at: null }).where('id', '=', account.id).execute();
    }
  });

  it('gives up on a provider that does not answer within the timeout, with a page saying so', async () => {
    const started = Date.now();
    const response = await new OidcTestBrowser().request(`${app.baseUrl}/api/staff/login/oidc/tyst/start`);
    expect(response.status).toBe(502);
    expect(await refusalCode(response)).toBe('oidc-provider-unreachable');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('returns only to a path on this site', async () => {
    for (const returnTo of ['//evil.example/admin', 'https://evil.example/', '/\\evil.example']) {
      const response = await logIn(new OidcTestBrowser(), 'solbacka-admin-1', returnTo);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/admin');
    }
  });
});
