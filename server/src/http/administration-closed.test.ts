import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, call, startTestApp, type TestApp } from '../test-support/app.js';
import { signInStaff } from '../test-support/staff.js';

/**
 * The requests that found the administration open (issue 14), sent again: each is refused and
 * changes nothing. Cross-site: an empty form POST from another origin, as a drive-by page sends
 * it, even with a staff member's cookie (browsers would not send a SameSite=Strict cookie, but an
 * old or misbehaving one might).
 */
describe(`the administration without a staff login (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  const count = async (table: 'staff_accounts' | 'inbound_api_keys' | 'eservice_versions' | 'delivery_attempts' | 'connector_tests') =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(app.database.db)).rows[0]!.n);
  const crossSite = (path: string, cookie = '') =>
    fetch(`${app.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://angripare.example', 'sec-fetch-site': 'cross-site', ...(cookie ? { cookie } : {}) },
    });

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('refuses adding staff and creating inbound API keys without a login (401), and stores nothing', async () => {
    const [staffBefore, keysBefore] = [await count('staff_accounts'), await count('inbound_api_keys')];
    const staff = await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/staff', { personalIdentityNumber: '198112289874', name: 'Mallory', email: 'm@example.se', role: 'handler', departmentId: 'utbildning' }, ANONYMOUS);
    const key = await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/inbound-api-keys', { systemName: 'Mallory' }, ANONYMOUS);
    expect([staff.status, key.status]).toEqual([401, 401]);
    expect(staff.body.code).toBe('staff-login-required');
    expect([await count('staff_accounts'), await count('inbound_api_keys')]).toEqual([staffBefore, keysBefore]);
  });

  it.each([
    ['the staff register', '/api/municipalities/ekdala/staff'],
    ['an e-service’s connectors', '/api/municipalities/solbacka/eservices/felanmalan/connectors'],
    ['the e-services', '/api/municipalities/solbacka/eservices'],
    ['the deliveries', '/api/municipalities/solbacka/deliveries'],
    ['the statistics', '/api/municipalities/solbacka/statistics'],
    ['the inbox', '/api/municipalities/solbacka/departments/utbildning/inbox/cases'],
    ['the export of a case list', '/api/municipalities/solbacka/departments/utbildning/inbox/cases/export.csv'],
  ])('does not show %s without a login', async (_what, path) => {
    const response = await call(app.baseUrl, 'GET', path, undefined, ANONYMOUS);
    expect(response.status).toBe(401);
    expect(JSON.stringify(response.body)).not.toMatch(/signingSecret|personalIdentityNumber|\d{8}-?\d{4}/);
  });

  it.each([
    ['publish', '/api/municipalities/solbacka/eservices/felanmalan/publish'],
    ['unpublish', '/api/municipalities/solbacka/eservices/felanmalan/unpublish'],
    ['a test delivery', '/api/municipalities/solbacka/eservices/felanmalan/connectors/e-post/test'],
    ['a replay', '/api/municipalities/solbacka/deliveries/00000000-0000-4000-8000-000000000000/replay'],
  ])('refuses an empty cross-site form POST to %s, with or without a staff cookie, and changes nothing', async (_what, path) => {
    const before = [await count('eservice_versions'), await count('connector_tests')];
    const published = await app.database.db.selectFrom('eservices').select('published_version').where('municipality_id', '=', 'solbacka').where('id', '=', 'felanmalan').executeTakeFirstOrThrow();
    expect((await crossSite(path)).status).toBe(401);
    const administrator = await signInStaff(app.database.db, [{ role: 'platform-admin', municipalityId: null, departmentId: null }, { role: 'municipality-admin', municipalityId: 'solbacka', departmentId: null }, { role: 'approver', municipalityId: 'solbacka', departmentId: null }, { role: 'designer', municipalityId: 'solbacka', departmentId: null }]);
    const withCookie = await crossSite(path, administrator.cookie);
    expect(withCookie.status).toBe(403);
    expect(((await withCookie.json()) as { code: string }).code).toBe('cross-site-request');
    expect([await count('eservice_versions'), await count('connector_tests')]).toEqual(before);
    const after = await app.database.db.selectFrom('eservices').select('published_version').where('municipality_id', '=', 'solbacka').where('id', '=', 'felanmalan').executeTakeFirstOrThrow();
    expect(after.published_version).toBe(published.published_version);
  });

  it('refuses a same-site staff change without the CSRF token or without JSON', async () => {
    const administrator = await signInStaff(app.database.db, [{ role: 'approver', municipalityId: 'solbacka', departmentId: null }]);
    const noToken = await fetch(`${app.baseUrl}/api/municipalities/solbacka/eservices/felanmalan/unpublish`, { method: 'POST', headers: { cookie: administrator.cookie, 'content-type': 'application/json' } });
    expect(noToken.status).toBe(403);
    const notJson = await fetch(`${app.baseUrl}/api/municipalities/solbacka/eservices/felanmalan/unpublish`, { method: 'POST', headers: { ...administrator.headers, 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(415);
    const row = await app.database.db.selectFrom('eservices').select('published_version').where('municipality_id', '=', 'solbacka').where('id', '=', 'felanmalan').executeTakeFirstOrThrow();
    expect(row.published_version).not.toBeNull();
  });
});
