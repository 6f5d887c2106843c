import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../../test-support/app.js';
import { signInStaff, type StaffSignIn } from '../../test-support/staff.js';

const register = (municipality = 'solbacka') => `/api/municipalities/${municipality}/staff`;
const asStaff = (staff: StaffSignIn) => ({ ...staff.headers, 'content-type': 'application/json' });
const PERSON = { personalIdentityNumber: '19121212-1212', name: 'Tolvan Tolvansson', email: 'tolvan@solbacka.example.se' };

describe(`the staff register (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let admin: StaffSignIn;
  beforeAll(async () => {
    app = await startTestApp();
    admin = await signInStaff(app.database.db, [{ role: 'municipality-admin', municipalityId: 'solbacka', departmentId: null }], 'Ada Administratör');
  });
  afterAll(async () => app?.close());

  const grant = (body: unknown, headers = asStaff(admin)) => call(app.baseUrl, 'POST', register(), body, headers);

  it('lists who holds a role in the municipality, with personal identity numbers and only the grants there', async () => {
    const listed = await call(app.baseUrl, 'GET', register(), undefined, { cookie: admin.cookie });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('no-store');
    const erik = listed.body.items.find((m: { name: string }) => m.name === 'Erik Provsson');
    expect(erik).toEqual({
      id: expect.any(String),
      name: 'Erik Provsson',
      email: 'erik.provsson@solbacka.example.se',
      personalIdentityNumber: '198506129876',
      grants: [
        { id: expect.any(String), role: 'handler', departmentId: 'stadsbyggnad', source: 'manual' },
        { id: expect.any(String), role: 'handler', departmentId: 'utbildning', source: 'manual' },
      ],
    });
    // Ekdala's register has Erik with Ekdala's grant only, and not Solbacka's administrator
    const ekdala = await call(app.baseUrl, 'GET', register('ekdala'));
    expect(ekdala.body.items.find((m: { name: string }) => m.name === 'Erik Provsson').grants).toEqual([expect.objectContaining({ role: 'handler', departmentId: 'utbildning' })]);
    expect(ekdala.body.items.map((m: { name: string }) => m.name)).not.toContain('Ada Administratör');
  });

  it('is for the municipality’s administrators only: a handler, or another municipality’s administrator, is refused', async () => {
    const handler = await signInStaff(app.database.db, [{ role: 'handler', municipalityId: 'solbacka', departmentId: null }]);
    const ekdalaAdmin = await signInStaff(app.database.db, [{ role: 'municipality-admin', municipalityId: 'ekdala', departmentId: null }]);
    for (const staff of [handler, ekdalaAdmin]) {
      expect((await call(app.baseUrl, 'GET', register(), undefined, { cookie: staff.cookie })).status).toBe(403);
      expect((await grant({ ...PERSON, role: 'handler' }, asStaff(staff))).status).toBe(403);
    }
  });

  it('gives a person a role: creates their account with an e-ID login, or finds it, and audits the change', async () => {
    const created = await grant({ ...PERSON, role: 'designer', departmentId: 'utbildning' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Tolvan Tolvansson',
      email: 'tolvan@solbacka.example.se',
      personalIdentityNumber: '191212121212',
      grants: [{ id: expect.any(String), role: 'designer', departmentId: 'utbildning', source: 'manual' }],
    });
    const login = await app.database.db.selectFrom('staff_logins').select(['provider', 'account_id']).where('subject', '=', '191212121212').execute();
    expect(login).toEqual([{ provider: 'e-id', account_id: created.body.id }]);

    // the same person again (number without hyphen): the same account, one more grant
    const again = await grant({ ...PERSON, personalIdentityNumber: '191212121212', name: 'Someone Else', role: 'statistics-reader' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: created.body.id, name: 'Tolvan Tolvansson' });
    expect(again.body.grants.map((g: { role: string }) => g.role).sort()).toEqual(['designer', 'statistics-reader']);
    expect(await app.database.db.selectFrom('staff_accounts').select('id').where('personal_identity_number', '=', '191212121212').execute()).toHaveLength(1);

    const audit = await app.database.db.selectFrom('audit_log').select(['actor', 'action', 'subject_id', 'details']).where('action', '=', 'staff.role-granted').orderBy('occurred_at').execute();
    expect(audit).toEqual([
      { actor: `staff:${admin.accountId} (Ada Administratör)`, action: 'staff.role-granted', subject_id: created.body.id, details: { role: 'designer', departmentId: 'utbildning', accountCreated: true } },
      { actor: `staff:${admin.accountId} (Ada Administratör)`, action: 'staff.role-granted', subject_id: created.body.id, details: { role: 'statistics-reader', departmentId: null, accountCreated: false } },
    ]);
  });

  it('refuses bad input with a 422 naming the field, in Swedish and English, and changes nothing', async () => {
    const before = await app.database.db.selectFrom('staff_role_grants').select('id').execute();
    const refusal = async (body: Record<string, unknown>) => {
      const response = await grant({ ...PERSON, role: 'handler', ...body });
      expect(response.status).toBe(422);
      expect(response.body.messages.sv.detail).toEqual(expect.any(String));
      expect(response.body.messages.en.detail).toEqual(expect.any(String));
      return [response.body.code, response.body.field];
    };
    expect(await refusal({ personalIdentityNumber: '19121212-1213' })).toEqual(['personal-identity-number-invalid', 'personalIdentityNumber']);
    expect(await refusal({ name: ' ' })).toEqual(['name-invalid', 'name']);
    expect(await refusal({ email: 'x' })).toEqual(['email-invalid', 'email']);
    expect(await refusal({ role: 'admin' })).toEqual(['role-invalid', 'role']);
    expect(await refusal({ role: undefined })).toEqual(['role-invalid', 'role']);
    expect(await refusal({ role: 'platform-admin' })).toEqual(['role-invalid', 'role']);
    expect(await refusal({ departmentId: 'no-such' })).toEqual(['department-unknown', 'departmentId']);
    expect(await refusal({ role: 'municipality-admin', departmentId: 'utbildning' })).toEqual(['department-not-applicable', 'departmentId']);
    expect(await refusal({ role: 'statistics-reader', departmentId: 'utbildning' })).toEqual(['department-not-applicable', 'departmentId']);
    expect(await app.database.db.selectFrom('staff_role_grants').select('id').execute()).toHaveLength(before.length);
  });

  it('takes a role away, but never the municipality’s last administrator', async () => {
    const db = app.database.db;
    const adminGrant = (await call(app.baseUrl, 'GET', register(), undefined, { cookie: admin.cookie })).body.items.find((m: { id: string }) => m.id === admin.accountId).grants[0];
    // the test app's own administrator is Solbacka's administrator too: take that away first
    const testAdmin = (await call(app.baseUrl, 'GET', register(), undefined, { cookie: admin.cookie })).body.items.find((m: { name: string }) => m.name === 'Test Administratör');
    const testAdminGrant = testAdmin.grants.find((g: { role: string }) => g.role === 'municipality-admin');
    expect((await call(app.baseUrl, 'DELETE', `${register()}/${testAdmin.id}/grants/${testAdminGrant.id}`, undefined, asStaff(admin))).status).toBe(204);

    const last = await call(app.baseUrl, 'DELETE', `${register()}/${admin.accountId}/grants/${adminGrant.id}`, undefined, asStaff(admin));
    expect(last.status).toBe(409);
    expect(last.body).toMatchObject({ code: 'last-municipality-admin', messages: { sv: { detail: expect.stringMatching(/minst en kommunadministratör/) }, en: { detail: expect.stringMatching(/at least one municipality administrator/) } } });
    expect(await db.selectFrom('staff_role_grants').select('id').where('id', '=', adminGrant.id).execute()).toHaveLength(1);

    // with a second administrator, the first may go
    const second = await grant({ ...PERSON, personalIdentityNumber: '19900101-2385', name: 'Astrid Testsson', role: 'municipality-admin' });
    expect(second.status).toBe(201);
    expect((await call(app.baseUrl, 'DELETE', `${register()}/${admin.accountId}/grants/${adminGrant.id}`, undefined, asStaff(admin))).status).toBe(204);
    expect((await call(app.baseUrl, 'GET', register(), undefined, { cookie: admin.cookie })).status).toBe(403);
    const audit = await db.selectFrom('audit_log').select(['subject_id', 'details']).where('action', '=', 'staff.role-removed').orderBy('occurred_at').execute();
    expect(audit.at(-1)).toEqual({ subject_id: admin.accountId, details: { role: 'municipality-admin', departmentId: null } });

    // an unknown grant, or one of another account or municipality, is not found
    const another = await signInStaff(db, [{ role: 'municipality-admin', municipalityId: 'solbacka', departmentId: null }]);
    const ekdalaErik = (await call(app.baseUrl, 'GET', register('ekdala'))).body.items.find((m: { name: string }) => m.name === 'Erik Provsson');
    for (const path of [`${register()}/${ekdalaErik.id}/grants/${ekdalaErik.grants[0].id}`, `${register()}/${second.body.id}/grants/${ekdalaErik.grants[0].id}`, `${register()}/not-a-uuid/grants/x`]) {
      expect((await call(app.baseUrl, 'DELETE', path, undefined, asStaff(another))).status).toBe(404);
    }
  });

  it('asks for a recent login before a role is given or taken: 401 reauthentication-required', async () => {
    const stale = await signInStaff(app.database.db, [{ role: 'municipality-admin', municipalityId: 'ekdala', departmentId: null }], 'Gammal Inloggning');
    await sql`update staff_sessions set authenticated_at = now() - interval '11 minutes' where account_id = ${stale.accountId}`.execute(app.database.db);
    // reading the register needs no fresh login
    expect((await call(app.baseUrl, 'GET', register('ekdala'), undefined, { cookie: stale.cookie })).status).toBe(200);
    const before = await app.database.db.selectFrom('staff_role_grants').select('id').execute();
    const given = await call(app.baseUrl, 'POST', register('ekdala'), { ...PERSON, role: 'handler' }, asStaff(stale));
    const [own] = (await call(app.baseUrl, 'GET', register('ekdala'), undefined, { cookie: stale.cookie })).body.items.find((m: { id: string }) => m.id === stale.accountId).grants;
    const taken = await call(app.baseUrl, 'DELETE', `${register('ekdala')}/${stale.accountId}/grants/${own.id}`, undefined, asStaff(stale));
    for (const response of [given, taken]) {
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'reauthentication-required', messages: { sv: { title: 'Logga in igen för att fortsätta' }, en: { title: 'Log in again to continue' } } });
    }
    expect(await app.database.db.selectFrom('staff_role_grants').select('id').execute()).toHaveLength(before.length);
  });
});
