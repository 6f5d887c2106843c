import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, call, startTestApp, type TestApp } from '../test-support/app.js';
import { signInStaff, type StaffSignIn } from '../test-support/staff.js';

const DB_LABEL = process.env.TEST_DATABASE ?? 'pglite';
const hour = 3600 * 1000;
const notice = (overrides: Record<string, unknown> = {}) => ({
  kind: 'disruption',
  title: { sv: 'Störning i e-tjänsterna', en: 'Disruption in the e-services' },
  body: { sv: 'Inloggning med BankID fungerar inte just nu.', en: 'Logging in with BankID does not work right now.' },
  startsAt: new Date(Date.now() - hour).toISOString(),
  endsAt: new Date(Date.now() + hour).toISOString(),
  ...overrides,
});

describe(`operating messages (${DB_LABEL})`, () => {
  let app: TestApp;
  let ekdalaAdmin: StaffSignIn;
  let platformAdmin: StaffSignIn;
  const inForce = async (municipality: string, eserviceId?: string) =>
    (await call(app.baseUrl, 'GET', `/api/municipalities/${municipality}/operating-messages/in-force${eserviceId ? `?eserviceId=${eserviceId}` : ''}`, undefined, ANONYMOUS)).body.items as { id: string; title: { sv: string }; scope: string }[];

  beforeAll(async () => {
    app = await startTestApp();
    ekdalaAdmin = await signInStaff(app.database.db, [{ role: 'municipality-admin', municipalityId: 'ekdala', departmentId: null }], 'Eva Admin');
    platformAdmin = await signInStaff(app.database.db, [{ role: 'platform-admin', municipalityId: null, departmentId: null }], 'Per Plattform');
  });
  afterAll(async () => app?.close());

  it('shows a municipality administrator’s notice to anyone on that municipality’s pages while it is in force, and nowhere else', async () => {
    const posted = await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/operating-messages', notice(), ekdalaAdmin.headers);
    expect(posted).toMatchObject({ status: 201, body: { scope: 'municipality', municipalityId: 'ekdala', kind: 'disruption' } });
    expect((await inForce('ekdala')).map((m) => m.id)).toContain(posted.body.id);
    expect((await inForce('solbacka')).map((m) => m.id)).not.toContain(posted.body.id);

    const audit = await app.database.db.selectFrom('audit_log').select(['actor', 'action']).where('subject_id', '=', posted.body.id).execute();
    expect(audit).toEqual([{ actor: expect.stringMatching(/^staff:.*\(Eva Admin\)$/), action: 'operating-message.posted' }]);

    expect((await call(app.baseUrl, 'DELETE', `/api/municipalities/ekdala/operating-messages/${posted.body.id}`, undefined, ekdalaAdmin.headers)).status).toBe(204);
    expect((await inForce('ekdala')).map((m) => m.id)).not.toContain(posted.body.id);
    expect((await call(app.baseUrl, 'DELETE', `/api/municipalities/ekdala/operating-messages/${posted.body.id}`, undefined, ekdalaAdmin.headers)).status).toBe(404);
  });

  it('shows an e-service’s notice only on that e-service, and an installation notice everywhere', async () => {
    const own = await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/operating-messages', notice({ kind: 'maintenance', eserviceId: 'bygglov' }), ekdalaAdmin.headers);
    expect(own).toMatchObject({ status: 201, body: { scope: 'eservice', eserviceId: 'bygglov' } });
    expect((await inForce('ekdala')).map((m) => m.id)).not.toContain(own.body.id);
    expect((await inForce('ekdala', 'bygglov')).map((m) => m.id)).toContain(own.body.id);
    expect((await inForce('ekdala', 'forskoleplats')).map((m) => m.id)).not.toContain(own.body.id);

    const everywhere = await call(app.baseUrl, 'POST', '/api/operating-messages', notice({ kind: 'maintenance' }), platformAdmin.headers);
    expect(everywhere).toMatchObject({ status: 201, body: { scope: 'installation', municipalityId: null } });
    for (const municipality of ['ekdala', 'solbacka']) expect((await inForce(municipality)).map((m) => m.id)).toContain(everywhere.body.id);
    expect((await call(app.baseUrl, 'GET', '/api/operating-messages', undefined, platformAdmin.headers)).body.items.map((m: { id: string }) => m.id)).toContain(everywhere.body.id);
    expect((await call(app.baseUrl, 'DELETE', `/api/operating-messages/${everywhere.body.id}`, undefined, platformAdmin.headers)).status).toBe(204);
    expect((await inForce('solbacka')).map((m) => m.id)).not.toContain(everywhere.body.id);
  });

  it('shows a coming notice from its start and not after its end', async () => {
    const coming = await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/operating-messages', notice({ startsAt: new Date(Date.now() + hour).toISOString(), endsAt: new Date(Date.now() + 2 * hour).toISOString() }), ekdalaAdmin.headers);
    expect(coming.status).toBe(201);
    expect((await inForce('ekdala')).map((m) => m.id)).not.toContain(coming.body.id);
    expect((await call(app.baseUrl, 'GET', '/api/municipalities/ekdala/operating-messages', undefined, ekdalaAdmin.headers)).body.items.map((m: { id: string }) => m.id)).toContain(coming.body.id);
    // the clock moves on: the window starts, then ends
    await sql`update operating_messages set starts_at = now() - interval '1 minute' where id = ${coming.body.id}`.execute(app.database.db);
    expect((await inForce('ekdala')).map((m) => m.id)).toContain(coming.body.id);
    await sql`update operating_messages set ends_at = now() - interval '1 second' where id = ${coming.body.id}`.execute(app.database.db);
    expect((await inForce('ekdala')).map((m) => m.id)).not.toContain(coming.body.id);
  });

  it.each([
    ['no English title', notice({ title: { sv: 'Störning' } }), 'title.en'],
    ['an empty Swedish text', notice({ body: { sv: ' ', en: 'Text' } }), 'body.sv'],
    ['an unknown kind', notice({ kind: 'outage' }), 'kind'],
    ['an end before the start', notice({ endsAt: new Date(Date.now() - 2 * hour).toISOString() }), 'endsAt'],
    ['a start that is no date', notice({ startsAt: 'i morgon' }), 'startsAt'],
    ['an e-service of another municipality', notice({ eserviceId: 'finns-inte' }), 'eserviceId'],
  ])('refuses %s with 422 naming the field, and stores nothing', async (_name, body, field) => {
    const before = await app.database.db.selectFrom('operating_messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const response = await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/operating-messages', body, { ...ekdalaAdmin.headers, 'accept-language': 'en' });
    expect(response).toMatchObject({ status: 422, body: { field, messages: { sv: { detail: expect.any(String) }, en: { detail: expect.any(String) } } } });
    const after = await app.database.db.selectFrom('operating_messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('lets only administrators post: no login 401, a designer or another municipality’s administrator 403', async () => {
    const designer = await signInStaff(app.database.db, [{ role: 'designer', municipalityId: 'ekdala', departmentId: null }]);
    const solbackaAdmin = await signInStaff(app.database.db, [{ role: 'municipality-admin', municipalityId: 'solbacka', departmentId: null }]);
    expect((await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/operating-messages', notice(), ANONYMOUS)).status).toBe(401);
    expect((await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/operating-messages', notice(), designer.headers)).status).toBe(403);
    expect((await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/operating-messages', notice(), solbackaAdmin.headers)).status).toBe(403);
    expect((await call(app.baseUrl, 'POST', '/api/operating-messages', notice(), ekdalaAdmin.headers)).status).toBe(403);
  });
});
