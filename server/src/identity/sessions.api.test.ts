import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { loggedIn, TEST_PERSON } from '../test-support/sessions.js';

const licence = EXAMPLE_ANSWERS.serveringstillstand!;
const licencePath = '/api/municipalities/solbacka/eservices/serveringstillstand/versions/1/submissions';
const faultPath = '/api/municipalities/solbacka/eservices/felanmalan/versions/1/submissions';
const fault = EXAMPLE_ANSWERS.felanmalan!;

describe(`sessions, CSRF and levels of assurance (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  const stored = async () => app.database.db.selectFrom('submissions').selectAll().orderBy('submitted_at').execute();

  it('tells an anonymous browser it is not logged in, and a logged-in one who it is', async () => {
    expect((await call(app.baseUrl, 'GET', '/api/session')).body).toEqual({ authenticated: false, expired: false });
    const { cookie, csrfToken } = await loggedIn(app.database.db);
    const { body, headers } = await call(app.baseUrl, 'GET', '/api/session', undefined, { cookie });
    expect(body).toMatchObject({ authenticated: true, municipalityId: 'solbacka', person: TEST_PERSON, loa: 3, method: 'bankid', csrfToken, idleSeconds: 1200 });
    expect(headers.get('cache-control')).toBe('no-store');
  });

  it('accepts a submission to an e-ID e-service from a login at the required level, with the CSRF token, and records who applied', async () => {
    const { cookie, csrfToken } = await loggedIn(app.database.db);
    const response = await call(app.baseUrl, 'POST', licencePath, { answers: licence, organisationNumber: '5560160680' }, { cookie, 'x-csrf-token': csrfToken });
    expect(response.status).toBe(201);
    const row = (await stored()).find((r) => r.id === response.body.submissionId);
    expect(row).toMatchObject({
      applicant_personal_identity_number: TEST_PERSON.personalIdentityNumber,
      applicant_name: 'Klara Testsson',
      identity_method: 'bankid',
      loa: 3,
      organisation_number: '556016-0680',
    });
  });

  it('refuses a state-changing request with the session cookie but without the CSRF token', async () => {
    const { cookie } = await loggedIn(app.database.db);
    const before = (await stored()).length;
    for (const token of [undefined, 'forged']) {
      const response = await call(app.baseUrl, 'POST', licencePath, { answers: licence }, { cookie, ...(token ? { 'x-csrf-token': token } : {}) });
      expect(response).toMatchObject({ status: 403, body: { code: 'csrf-token-invalid' } });
    }
    // the same holds for anonymous e-services once a cookie is there; the designer API takes no citizen login at all
    expect((await call(app.baseUrl, 'POST', faultPath, { answers: fault }, { cookie })).status).toBe(403);
    expect((await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices/felanmalan/unpublish', undefined, { cookie })).body.code).toBe('staff-login-required');
    expect((await stored()).length).toBe(before);
  });

  it('refuses a login below the e-service’s level of assurance, and a login to another municipality', async () => {
    const before = (await stored()).length;
    const weak = await loggedIn(app.database.db, { loa: 2, method: 'saml:test-idp' });
    const refused = await call(app.baseUrl, 'POST', licencePath, { answers: licence }, { cookie: weak.cookie, 'x-csrf-token': weak.csrfToken });
    expect(refused).toMatchObject({ status: 403, body: { code: 'loa-too-low', requiredLoa: 3, loa: 2 } });
    expect(refused.body.messages.sv.detail).toMatch(/tillitsnivå 3.*nivå 2/);

    const elsewhere = await loggedIn(app.database.db, { municipalityId: 'ekdala' });
    const other = await call(app.baseUrl, 'POST', licencePath, { answers: licence }, { cookie: elsewhere.cookie, 'x-csrf-token': elsewhere.csrfToken });
    expect(other).toMatchObject({ status: 401, body: { code: 'login-required' } });
    expect((await stored()).length).toBe(before);
  });

  it('ends a session unused for longer than the idle timeout and says so', async () => {
    const { cookie, csrfToken, token } = await loggedIn(app.database.db);
    await app.database.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 21 * 60_000) }).where('ended_at', 'is', null).where('csrf_token', '=', csrfToken).execute();
    const response = await call(app.baseUrl, 'POST', licencePath, { answers: licence }, { cookie, 'x-csrf-token': csrfToken });
    expect(response).toMatchObject({ status: 401, body: { code: 'session-expired' } });
    expect(response.headers.get('set-cookie')).toMatch(/etjanst_session=;/);
    const status = await call(app.baseUrl, 'GET', '/api/session', undefined, { cookie });
    expect(status.body).toEqual({ authenticated: false, expired: false });
    const row = await app.database.db.selectFrom('sessions').select('ended_at').where('csrf_token', '=', csrfToken).executeTakeFirstOrThrow();
    expect(row.ended_at).not.toBeNull();
    expect(token).toBeTruthy();
  });

  it('does not let a status poll keep the session alive, but a refresh does', async () => {
    const { cookie, csrfToken } = await loggedIn(app.database.db);
    const past = new Date(Date.now() - 10 * 60_000);
    await app.database.db.updateTable('sessions').set({ last_seen_at: past }).where('csrf_token', '=', csrfToken).execute();
    const poll = await call(app.baseUrl, 'GET', '/api/session', undefined, { cookie, 'x-session-touch': 'false' });
    expect(new Date(poll.body.expiresAt).getTime()).toBe(past.getTime() + 1200_000);
    const refresh = await call(app.baseUrl, 'POST', '/api/session/refresh', undefined, { cookie, 'x-csrf-token': csrfToken });
    expect(new Date(refresh.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 1190_000);
  });

  it('records use at most once in a fortieth of the idle timeout, so a busy citizen\'s requests are not each a write', async () => {
    const { cookie, csrfToken } = await loggedIn(app.database.db);
    const lastSeen = async () => (await app.database.db.selectFrom('sessions').select('last_seen_at').where('csrf_token', '=', csrfToken).executeTakeFirstOrThrow()).last_seen_at;
    const justNow = new Date(Date.now() - 5_000); // within 30 s of the default 20 minutes
    await app.database.db.updateTable('sessions').set({ last_seen_at: justNow }).where('csrf_token', '=', csrfToken).execute();
    const status = await call(app.baseUrl, 'GET', '/api/session', undefined, { cookie });
    expect(new Date(status.body.expiresAt).getTime()).toBe(justNow.getTime() + 1200_000);
    expect(await lastSeen()).toEqual(justNow);
    const longer = new Date(Date.now() - 31_000);
    await app.database.db.updateTable('sessions').set({ last_seen_at: longer }).where('csrf_token', '=', csrfToken).execute();
    await call(app.baseUrl, 'GET', '/api/session', undefined, { cookie });
    expect((await lastSeen()).getTime()).toBeGreaterThan(Date.now() - 10_000);
  });

  it('logs out: the cookie is cleared and the session is over on the server', async () => {
    const { cookie, csrfToken } = await loggedIn(app.database.db);
    const response = await call(app.baseUrl, 'POST', '/api/session/logout', undefined, { cookie, 'x-csrf-token': csrfToken });
    expect(response.body).toEqual({ redirectUrl: '/' });
    expect(response.headers.get('set-cookie')).toMatch(/etjanst_session=;.*HttpOnly.*Secure.*SameSite=Lax/i);
    expect((await call(app.baseUrl, 'GET', '/api/session', undefined, { cookie })).body.authenticated).toBe(false);
  });

  it('checks organisation numbers of company representatives', async () => {
    const { cookie, csrfToken } = await loggedIn(app.database.db);
    const headers = { cookie, 'x-csrf-token': csrfToken };
    const bad = await call(app.baseUrl, 'POST', licencePath, { answers: licence, organisationNumber: '556016-0681' }, headers);
    expect(bad).toMatchObject({ status: 400, body: { code: 'organisation-number-invalid' } });
    const notAllowed = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices/forskoleplats/versions/1/submissions', { answers: {}, organisationNumber: '556016-0680' }, headers);
    expect(notAllowed).toMatchObject({ status: 422, body: { code: 'organisation-not-allowed' } });
  });

  it('does not tie an anonymous e-service’s answers to the logged-in person', async () => {
    const { cookie, csrfToken } = await loggedIn(app.database.db);
    const response = await call(app.baseUrl, 'POST', faultPath, { answers: fault }, { cookie, 'x-csrf-token': csrfToken });
    expect(response.status).toBe(201);
    const row = (await stored()).find((r) => r.id === response.body.submissionId);
    expect(row).toMatchObject({ applicant_personal_identity_number: null, identity_method: null, loa: null });
  });
});

describe('catalogue search and maturity', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  const search = async (q: string) =>
    (await call(app.baseUrl, 'GET', `/api/municipalities/solbacka/catalogue?q=${encodeURIComponent(q)}`)).body.items.map((i: { eserviceId: string }) => i.eserviceId);

  it('finds e-services whatever the case and Swedish letters', async () => {
    expect(await search('forskola')).toEqual(['forskoleplats']);
    expect(await search('förskoleplats')).toEqual(['forskoleplats']);
    expect(await search('FORSKOLEPLATS')).toEqual(['forskoleplats']);
    expect(await search('wedding')).toEqual(['borgerlig-vigsel']);
    expect(await search('ingen sådan tjänst')).toEqual([]);
    expect((await search('')).length).toBe(6);
  });

  it('shows each e-service’s requirements and maturity level', async () => {
    const { body } = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/catalogue');
    const byId = Object.fromEntries(body.items.map((i: { eserviceId: string }) => [i.eserviceId, i]));
    expect(byId.felanmalan).toMatchObject({ maturityLevel: 1, requirements: { login: 'none', companyRepresentative: false, signing: false } });
    expect(byId.forskoleplats).toMatchObject({ maturityLevel: 4, requirements: { login: 'eid', levelOfAssurance: 3, signing: true } });
    expect(byId.serveringstillstand.requirements.companyRepresentative).toBe(true);
  });
});
