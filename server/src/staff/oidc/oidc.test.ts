import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DEMO_STAFF_OIDC_CLIENT_ID, DEMO_STAFF_OIDC_METHOD, DEMO_STAFF_OIDC_PROVIDER } from '../../demo/staff-groups.js';
import { startStaffOidcSimulator, type StaffOidcSimulator } from '../../simulators/staff-oidc/simulator.js';
import { call, startTestApp, type TestApp } from '../../test-support/app.js';
import { addGrant, findAccountByLogin } from '../accounts.js';
import { signInStaff } from '../../test-support/staff.js';
import { DEFAULT_STAFF_SESSION_SETTINGS, STAFF_CSRF_HEADER, STAFF_SESSION_COOKIE } from '../sessions.js';
import { loggedOutUrl } from './logout.js';
import { OidcTestBrowser, oidcLoginSteps, refusalCode, setsStaffCookie } from './oidc-test-browser.js';
import { callbackUrl, staffOidcLoginMethod } from './plugin.js';

/**
 * The whole staff OpenID Connect login over real HTTP: the test app with the OIDC login method,
 * the oidc-provider simulator, and a small cookie-carrying browser that follows redirects by
 * hand, so each step of the flow can be looked at, replayed or forged.
 */

const OTHER_CLIENT = 'annan-tjanst';
/** A provider whose ID tokens carry auth_time only when asked for (max_age) */
const NO_AUTH_TIME = 'utan-auth-time';
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
      simulator = await startStaffOidcSimulator({
        clients: [
          { clientId: DEMO_STAFF_OIDC_CLIENT_ID, redirectUris, postLogoutRedirectUris: [loggedOutUrl(baseUrl, DEMO_STAFF_OIDC_PROVIDER)] },
          { clientId: OTHER_CLIENT, redirectUris },
          { clientId: NO_AUTH_TIME, redirectUris: [callbackUrl(baseUrl, NO_AUTH_TIME)], authTime: false },
        ],
      });
      const [ours, other, withoutAuthTime] = simulator.clients;
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
          { id: NO_AUTH_TIME, name: { sv: 'Utan auth_time', en: 'Without auth_time' }, issuer: simulator.issuer, clientId: NO_AUTH_TIME, clientSecret: withoutAuthTime!.clientSecret, groupsClaim: 'groups' },
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

const { singleSignOnCallback } = oidcLoginSteps(() => app.baseUrl, DEMO_STAFF_OIDC_PROVIDER);
const noAuthTime = oidcLoginSteps(() => app.baseUrl, NO_AUTH_TIME);
/** Ekdala's municipality administrator at the simulator: may give roles, which asks for a recent login */
const ADMIN = 'ekdala-admin-1';
const MINUTE = 60_000;

/** The staff session of a browser's cookie, with the headers a state-changing staff request sends. */
async function staffSessionOf(browser: OidcTestBrowser) {
  const session = await call(app.baseUrl, 'get', '/api/staff/session', undefined, { cookie: browser.staffCookie ?? '' });
  const headers = { cookie: browser.staffCookie ?? '', [STAFF_CSRF_HEADER]: String(session.body.csrfToken) };
  return { body: session.body as { authenticated: boolean; accountId?: string }, headers };
}

/** Giving a role in the staff register, which asks for a recent login (the empty body is refused only after that check). */
async function giveRole(browser: OidcTestBrowser) {
  const { headers } = await staffSessionOf(browser);
  return call(app.baseUrl, 'post', '/api/municipalities/ekdala/staff', {}, headers);
}

/** The session row of a browser's staff cookie (stored by the token's SHA-256). */
const sessionRow = (browser: OidcTestBrowser) =>
  app.database.db
    .selectFrom('staff_sessions')
    .selectAll()
    .where('id_hash', '=', createHash('sha256').update(browser.cookies.get(STAFF_SESSION_COOKIE)?.value ?? '').digest('hex'))
    .executeTakeFirstOrThrow();

describe('forced re-login at the OpenID Connect provider', () => {
  it('takes the session’s time of authentication from the ID token’s auth_time: a login the provider made 15 minutes ago is not recent', async () => {
    const browser = new OidcTestBrowser();
    expect((await logIn(browser, ADMIN, '/admin', { minutesAgo: 15 })).status).toBe(303);
    const row = await sessionRow(browser);
    expect(Date.now() - row.authenticated_at!.getTime()).toBeGreaterThan(14 * MINUTE);
    expect(Date.now() - row.authenticated_at!.getTime()).toBeLessThan(16 * MINUTE);
    const refused = await giveRole(browser);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('reauthentication-required');
  });

  it('a login riding the provider’s session keeps its old auth_time; the forced re-login asks the person again and makes the login recent', async () => {
    const browser = new OidcTestBrowser();
    expect((await logIn(browser, ADMIN, '/admin', { minutesAgo: 15 })).status).toBe(303);
    // an ordinary login again: the provider answers from its session, no page, the same old auth_time
    const again = await browser.request(await singleSignOnCallback(browser));
    expect(again.status).toBe(303);
    expect((await giveRole(browser)).body.code).toBe('reauthentication-required');

    // "Logga in igen": prompt=login and max_age=0, remembered with the stored login
    const start = await browser.request(startUrl('/admin/kommun/ekdala/personal', true));
    const authorization = new URL(start.headers.get('location')!);
    expect(authorization.searchParams.get('prompt')).toBe('login');
    expect(authorization.searchParams.get('max_age')).toBe('0');
    const flow = await app.database.db.selectFrom('staff_oidc_flows').select('reauthentication').orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(flow.reauthentication).toBe(true);
    // the provider asks who logs in although its session is live
    const { response: page, url } = await browser.follow(authorization);
    expect(page!.status).toBe(200);
    const action = new URL(/<form method="post" action="([^"]+)"/.exec(await page!.text())![1]!, url);
    const { url: callback } = await browser.follow(action, { form: { subject: ADMIN, minutesAgo: '0' }, stopBefore: isCallback });
    const back = await browser.request(callback);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/admin/kommun/ekdala/personal');
    expect(Date.now() - (await sessionRow(browser)).authenticated_at!.getTime()).toBeLessThan(MINUTE);
    const allowed = await giveRole(browser);
    expect(allowed.body.code).not.toBe('reauthentication-required');
    expect(allowed.status).toBe(422); // past the recent-login check: the empty body is what is refused
  });

  it('refuses a forced re-login whose ID token says the person authenticated before it was asked for: a 401 page, audited, the earlier session unchanged', async () => {
    const browser = new OidcTestBrowser();
    expect((await logIn(browser, ADMIN)).status).toBe(303);
    const before = await staffSessionOf(browser);
    const sessions = await sessionCount();
    // a provider that ignores prompt=login and max_age, answering with an old authentication
    const response = await logIn(browser, ADMIN, '/admin', { reauthenticate: true, minutesAgo: 15 });
    expect(response.status).toBe(401);
    expect(await refusalCode(response)).toBe('staff-reauthentication-not-fresh');
    expect(setsStaffCookie(response)).toBe(false);
    expect(await sessionCount()).toBe(sessions);
    expect((await staffSessionOf(browser)).body).toMatchObject({ authenticated: true, accountId: before.body.accountId });
    expect(await lastLoginAudit('staff.login-refused')).toMatchObject({
      actor: 'anonymous',
      subject_id: DEMO_STAFF_OIDC_METHOD,
      details: { method: DEMO_STAFF_OIDC_METHOD, code: 'staff-reauthentication-not-fresh', reason: expect.stringMatching(/auth_time .* is before the forced re-login/) },
    });
  });

  it('a provider that sends auth_time only when asked: its login is never recent, the forced re-login (max_age) gets one and is', async () => {
    const browser = new OidcTestBrowser();
    expect((await noAuthTime.logIn(browser, ADMIN)).status).toBe(303);
    expect((await sessionRow(browser)).authenticated_at).toBeNull();
    expect((await noAuthTime.logIn(browser, ADMIN, '/admin', { reauthenticate: true })).status).toBe(303);
    expect(Date.now() - (await sessionRow(browser)).authenticated_at!.getTime()).toBeLessThan(MINUTE);
  });

  it('refuses a start whose reauthenticate is not 1', async () => {
    const response = await new OidcTestBrowser().request(`${startUrl()}&reauthenticate=yes`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'reauthenticate-invalid' });
  });
});

describe('single logout at the OpenID Connect provider (RP-Initiated Logout)', () => {
  it('ends our session, sends the browser to the end_session_endpoint with the ID token, and the provider’s session ends too', async () => {
    const browser = new OidcTestBrowser();
    expect((await logIn(browser, ADMIN)).status).toBe(303);
    const idToken = (await sessionRow(browser)).oidc_id_token!;
    expect(JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString())).toMatchObject({ sub: ADMIN, aud: DEMO_STAFF_OIDC_CLIENT_ID, iss: simulator.issuer });
    const { body: session, headers } = await staffSessionOf(browser);
    // the ID token never travels in a cookie
    expect([...browser.cookies.values()].some((cookie) => cookie.value.includes(idToken.split('.')[1]!))).toBe(false);

    const answer = await call(app.baseUrl, 'post', '/api/staff/session/logout', undefined, headers);
    expect(answer.status).toBe(200);
    const endSession = new URL(answer.body.redirectUrl);
    const discovery = (await (await fetch(`${simulator.issuer}/.well-known/openid-configuration`)).json()) as { end_session_endpoint: string };
    expect(`${endSession.origin}${endSession.pathname}`).toBe(discovery.end_session_endpoint);
    expect(Object.fromEntries(endSession.searchParams)).toMatchObject({ id_token_hint: idToken, post_logout_redirect_uri: loggedOutUrl(app.baseUrl, DEMO_STAFF_OIDC_PROVIDER), client_id: DEMO_STAFF_OIDC_CLIENT_ID });
    expect(endSession.searchParams.get('state')).toMatch(/^[\w-]{43,}$/);
    // our session is over, its ID token gone from the database, and the logout audited
    expect((await staffSessionOf(browser)).body.authenticated).toBe(false);
    expect((await app.database.db.selectFrom('staff_sessions').select(['ended_at', 'oidc_id_token']).where('csrf_token', '=', headers[STAFF_CSRF_HEADER]!).executeTakeFirstOrThrow())).toMatchObject({ ended_at: expect.any(Date), oidc_id_token: null });
    expect(await app.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'staff.logged-out').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).toMatchObject({
      municipality_id: null,
      subject_id: session.accountId,
      details: { method: DEMO_STAFF_OIDC_METHOD, singleLogout: true },
    });

    // the browser goes on: the state cookie came with the answer, the provider asks, the person confirms
    for (const line of answer.headers.getSetCookie()) {
      const [pair] = line.split(';');
      if (pair!.startsWith('etjanst_staff_oidc_logout=')) browser.cookies.set('etjanst_staff_oidc_logout', { value: pair!.slice(pair!.indexOf('=') + 1), path: '/api/staff/login/oidc' });
    }
    const question = await browser.request(endSession);
    expect(question.status).toBe(200);
    const html = await question.text();
    const [, action, xsrf] = /<form id="op.logoutForm" method="post" action="([^"]+)"><input type="hidden" name="xsrf" value="([^"]+)"/.exec(html)!;
    expect(html).toContain('Logga ut från inloggningstjänsten?');
    const { response, hops } = await browser.follow(new URL(action!, endSession), { form: { xsrf: xsrf!, logout: 'yes' } });
    const landing = hops.find((hop) => hop.pathname.endsWith('/logged-out'))!;
    expect(landing.searchParams.get('state')).toBe(endSession.searchParams.get('state'));
    expect(hops.at(-1)!.href).toBe(`${app.baseUrl}/admin/logga-in?utloggad=1`);
    expect(response).toBeDefined();
    expect(browser.cookies.has('etjanst_staff_oidc_logout')).toBe(false);

    // the provider's session is gone: the next login asks who logs in
    await reachLoginPage(browser);
  });

  it('says "logged out" on return only with the state this browser’s logout sent', async () => {
    const response = await new OidcTestBrowser().request(`${loggedOutUrl(app.baseUrl, DEMO_STAFF_OIDC_PROVIDER)}?state=someone-elses-state`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/logga-in');
  });

  it('logs a session of another kind out here only', async () => {
    const local = await signInStaff(app.database.db, [{ role: 'designer', municipalityId: 'ekdala', departmentId: null }], 'Lokal Lotta');
    const answer = await call(app.baseUrl, 'post', '/api/staff/session/logout', undefined, local.headers);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ redirectUrl: '/admin/logga-in?utloggad=1' });
    expect(await app.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'staff.logged-out').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).toMatchObject({
      subject_id: local.accountId,
      details: { singleLogout: false },
    });
  });
});
