import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultReport } from '@etjanst/schemas';
import { templateFor } from '../../demo/seed.js';
import { ANONYMOUS, call, startTestApp, type TestApp } from '../../test-support/app.js';
import { DEFAULT_STAFF_SESSION_SETTINGS, STAFF_CSRF_HEADER, STAFF_SESSION_COOKIE } from '../sessions.js';
import { createLocalAdmin, setLocalAdminDisabled, type LocalAdminCredentials } from './admins.js';
import { currentCode, secretFromBase32 } from './credentials.js';
import { localAdminLoginMethod } from './login-method.js';

const STAFF_SESSIONS = { ...DEFAULT_STAFF_SESSION_SETTINGS, secureCookies: true };
const LOGIN = '/api/staff/login/local';
const REAUTHENTICATE = '/api/staff/session/reauthenticate/local';

/** The code an authenticator app shows `steps` time steps (30 s) from `from` (now). */
const code = (credentials: LocalAdminCredentials, steps = 0, from = Date.now()) => currentCode(secretFromBase32(credentials.totp.base32)!, from + steps * 30_000);

describe('the local break-glass administrator', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ staffLoginMethods: ({ db }) => [localAdminLoginMethod(db, STAFF_SESSIONS)] });
  });
  afterAll(async () => app?.close());

  const create = (username: string) => createLocalAdmin(app.database.db, { username, displayName: `Admin ${username}` }, 'test');
  const login = (body: Record<string, unknown>) => call(app.baseUrl, 'POST', LOGIN, body, ANONYMOUS);
  const loginAs = (credentials: LocalAdminCredentials, steps = 0, from = Date.now()) => login({ username: credentials.username, password: credentials.password, totp: code(credentials, steps, from) });
  /** The cookie and CSRF header a successful login gives the browser. */
  const sessionHeaders = (response: Awaited<ReturnType<typeof call>>) => {
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${STAFF_SESSION_COOKIE}=`))!;
    return { cookie: cookie.split(';')[0]!, [STAFF_CSRF_HEADER]: response.body.csrfToken as string };
  };
  const auditOf = (username: string) =>
    app.database.db
      .selectFrom('audit_log')
      .select(['municipality_id', 'actor', 'action', 'subject_type', 'subject_id', 'details'])
      .where('action', 'in', ['staff.local-login', 'staff.local-reauthentication'])
      .where(sql<string>`details ->> 'username'`, '=', username)
      .orderBy('id')
      .execute();

  it('logs in with password and TOTP code, and the session acts as a platform administrator', async () => {
    const admin = await create('first');
    const response = await loginAs(admin);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ authenticated: true, displayName: 'Admin first', method: 'local', grants: [{ role: 'platform-admin', municipalityId: null, departmentId: null }] });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${STAFF_SESSION_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const headers = sessionHeaders(response);
    expect((await call(app.baseUrl, 'GET', '/api/staff/session', undefined, headers)).body).toMatchObject({ authenticated: true, method: 'local', csrfToken: response.body.csrfToken });

    const definition = templateFor(faultReport, 'solbacka');
    expect((await call(app.baseUrl, 'POST', '/api/checks?scan=false', definition, ANONYMOUS)).status).toBe(401);
    const checked = await call(app.baseUrl, 'POST', '/api/checks?scan=false', definition, headers);
    expect(checked.status).toBe(200);
    expect(checked.body.verdict).toBeDefined();
  });

  it('answers an unknown user, a wrong password and a wrong code with the same 401', async () => {
    const admin = await create('same-answer');
    const answers = await Promise.all([
      login({ username: 'nobody', password: admin.password, totp: code(admin) }),
      login({ username: admin.username, password: `${admin.password}x`, totp: code(admin) }),
      login({ username: admin.username, password: admin.password, totp: code(admin, 5) }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.headers.getSetCookie()).toEqual([]);
    }
    const [unknown, ...others] = answers.map(({ body }) => body);
    expect(unknown).toMatchObject({ code: 'local-login-failed', messages: { sv: { detail: expect.stringContaining('stämmer inte') }, en: { detail: expect.stringContaining('is wrong') } } });
    for (const other of others) expect(other).toEqual(unknown);
  });

  it('refuses a code whose time step was used already, and takes the next one', async () => {
    const admin = await create('replay');
    const totp = code(admin);
    expect((await login({ username: admin.username, password: admin.password, totp })).status).toBe(200);
    const replayed = await login({ username: admin.username, password: admin.password, totp });
    expect(replayed).toMatchObject({ status: 401, body: { code: 'local-login-failed' } });
    expect((await loginAs(admin, 1)).status).toBe(200);
    // an earlier step than the last used one is as used as that one
    expect((await loginAs(admin, -1)).status).toBe(401);
    expect((await auditOf('replay')).map((r) => [r.details.outcome, r.details.reason])).toEqual([
      ['success', undefined],
      ['refused', 'reused-code'],
      ['success', undefined],
      ['refused', 'reused-code'],
    ]);
  });

  it('locks after five failures with a growing lockout, answering 429 with Retry-After', async () => {
    const admin = await create('locked');
    const wrong = () => login({ username: admin.username, password: 'wrong-password', totp: code(admin) });
    for (let i = 0; i < 5; i++) expect((await wrong()).status).toBe(401);
    const locked = await loginAs(admin);
    expect(locked).toMatchObject({ status: 429, body: { code: 'local-login-locked' } });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(55);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    // the minute passes; one more failure locks for twice as long
    const expire = () => app.database.db.updateTable('local_admins').set({ locked_until: new Date(Date.now() - 1000) }).where('username', '=', admin.username).execute();
    await expire();
    expect((await wrong()).status).toBe(401);
    const longer = await loginAs(admin);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get('retry-after'))).toBeGreaterThan(115);
    expect(Number(longer.headers.get('retry-after'))).toBeLessThanOrEqual(120);

    await expire();
    expect((await loginAs(admin)).status).toBe(200);
    const row = await app.database.db.selectFrom('local_admins').select(['failed_attempts', 'locked_until']).where('username', '=', admin.username).executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_attempts: 0, locked_until: null });
    expect((await auditOf('locked')).map((r) => r.details.outcome)).toEqual(['refused', 'refused', 'refused', 'refused', 'refused', 'locked', 'refused', 'locked', 'success']);
  });

  it('refuses a disabled administrator with 403 once both factors are right, and ends its sessions', async () => {
    const admin = await create('switched');
    const headers = sessionHeaders(await loginAs(admin));
    await setLocalAdminDisabled(app.database.db, admin.username, true, 'test');
    expect((await call(app.baseUrl, 'GET', '/api/staff/session', undefined, headers)).body).toMatchObject({ authenticated: false });
    expect((await login({ username: admin.username, password: 'wrong', totp: code(admin, 1) })).status).toBe(401);
    expect(await loginAs(admin, 1)).toMatchObject({ status: 403, body: { code: 'local-admin-disabled' } });
    await setLocalAdminDisabled(app.database.db, admin.username, false, 'test');
    expect((await loginAs(admin, 1)).status).toBe(200);
  });

  it('audits every attempt as an installation event: who tried, the outcome and the address', async () => {
    const admin = await create('audited');
    await login({ username: 'audited-not', password: 'x', totp: '000000' });
    await login({ username: admin.username, password: 'x', totp: code(admin) });
    const success = await loginAs(admin);
    const rows = [...(await auditOf('audited-not')), ...(await auditOf('audited'))];
    expect(rows).toEqual([
      {
        municipality_id: null,
        actor: 'local:audited-not',
        action: 'staff.local-login',
        subject_type: 'staff-account',
        subject_id: 'local:audited-not',
        details: { username: 'audited-not', outcome: 'refused', reason: 'unknown-user', ip: expect.stringContaining('127.0.0.1') },
      },
      {
        municipality_id: null,
        actor: 'local:audited',
        action: 'staff.local-login',
        subject_type: 'staff-account',
        subject_id: success.body.accountId,
        details: { username: 'audited', outcome: 'refused', reason: 'wrong-password', ip: expect.stringContaining('127.0.0.1') },
      },
      {
        municipality_id: null,
        actor: `staff:${success.body.accountId} (Admin audited)`,
        action: 'staff.local-login',
        subject_type: 'staff-account',
        subject_id: success.body.accountId,
        details: { username: 'audited', outcome: 'success', ip: expect.stringContaining('127.0.0.1') },
      },
    ]);
    const created = await app.database.db.selectFrom('audit_log').select(['actor', 'subject_id']).where('action', '=', 'local-admin.created').where('subject_id', '=', success.body.accountId).execute();
    expect(created).toEqual([{ actor: 'test', subject_id: success.body.accountId }]);
  });

  it('keeps neither the password nor the TOTP secret readable in the database', async () => {
    const admin = await create('at-rest');
    const secret = Buffer.from(secretFromBase32(admin.totp.base32)!);
    const { rows } = await sql<{ row: string }>`select t::text as row from local_admins t where username = 'at-rest'`.execute(app.database.db);
    const stored = rows[0]!.row;
    for (const clear of [admin.password, admin.totp.base32, secret.toString('hex'), secret.toString('base64')]) expect(stored).not.toContain(clear);
    const row = await app.database.db.selectFrom('local_admins').select(['password_hash', 'totp_secret_sealed']).where('username', '=', 'at-rest').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(Buffer.from(row.totp_secret_sealed).includes(secret)).toBe(false);
    // the sealed secret opens only with the password: the login still works
    expect((await loginAs(admin)).status).toBe(200);
  });

  it('re-authenticates a local session with password and code, and only a local one', async () => {
    const admin = await create('again');
    // codes from the login's time: the step it used stays used even if a 30 s step ends meanwhile
    const loggedInAt = Date.now();
    const headers = sessionHeaders(await loginAs(admin, 0, loggedInAt));
    const authenticatedAt = () => app.database.db.selectFrom('staff_sessions').select('authenticated_at').where('csrf_token', '=', headers[STAFF_CSRF_HEADER]!).executeTakeFirstOrThrow();
    await app.database.db.updateTable('staff_sessions').set({ authenticated_at: new Date(Date.now() - 3600_000) }).where('csrf_token', '=', headers[STAFF_CSRF_HEADER]!).execute();

    expect(await call(app.baseUrl, 'POST', REAUTHENTICATE, { password: admin.password, totp: code(admin, 0, loggedInAt) }, headers)).toMatchObject({ status: 401, body: { code: 'local-login-failed' } });
    const { cookie } = headers;
    expect(await call(app.baseUrl, 'POST', REAUTHENTICATE, { password: admin.password, totp: code(admin, 1, loggedInAt) }, { cookie })).toMatchObject({ status: 403, body: { code: 'csrf-token-invalid' } });
    expect((await authenticatedAt()).authenticated_at!.getTime()).toBeLessThan(Date.now() - 3000_000);

    const again = await call(app.baseUrl, 'POST', REAUTHENTICATE, { password: admin.password, totp: code(admin, 1, loggedInAt) }, headers);
    expect(again).toMatchObject({ status: 200, body: { authenticated: true, method: 'local' } });
    expect((await authenticatedAt()).authenticated_at!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await auditOf('again')).map((r) => [r.action, r.details.outcome])).toEqual([
      ['staff.local-login', 'success'],
      ['staff.local-reauthentication', 'refused'],
      ['staff.local-reauthentication', 'success'],
    ]);

    // the test administrator logged in another way: they confirm by logging in again
    const other = await call(app.baseUrl, 'POST', REAUTHENTICATE, { password: admin.password, totp: code(admin, 1, loggedInAt) });
    expect(other).toMatchObject({ status: 403, body: { code: 'reauthenticate-by-login' } });
    expect((await call(app.baseUrl, 'POST', REAUTHENTICATE, { password: 'x', totp: '123456' }, ANONYMOUS)).status).toBe(401);
  });

  it('validates the login request', async () => {
    expect(await login({ username: 'first', password: 42, totp: '123456' })).toMatchObject({ status: 400, body: { code: 'invalid-local-login', field: 'password' } });
    expect(await login({ username: 'first', password: 'x' })).toMatchObject({ status: 400, body: { field: 'totp' } });
    expect(await login({ username: 'x'.repeat(101), password: 'x', totp: '123456' })).toMatchObject({ status: 400, body: { field: 'username' } });
  });

  it('is listed among the staff login methods', async () => {
    expect((await call(app.baseUrl, 'GET', '/api/staff/login-methods', undefined, ANONYMOUS)).body.methods).toEqual([
      { id: 'local', kind: 'local', name: { sv: 'Lokal administratör (nödinloggning)', en: 'Local administrator (break-glass)' } },
    ]);
  });
});

describe('the local administrator switched off (STAFF_LOCAL_LOGIN=off)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('has no login route and is not listed', async () => {
    const admin = await createLocalAdmin(app.database.db, { username: 'off', displayName: 'Off' }, 'test');
    expect(await call(app.baseUrl, 'POST', LOGIN, { username: 'off', password: admin.password, totp: code(admin) }, ANONYMOUS)).toMatchObject({ status: 404, body: { code: 'route-not-found' } });
    expect((await call(app.baseUrl, 'GET', '/api/staff/login-methods', undefined, ANONYMOUS)).body.methods).toEqual([]);
  });
});
