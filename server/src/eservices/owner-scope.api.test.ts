import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { signInStaff } from '../test-support/staff.js';

// The fault report belongs to Solbacka's department stadsbyggnad; the preschool to utbildning.
const eservices = '/api/municipalities/solbacka/eservices';

describe('designers and approvers act in the departments where they hold the role', () => {
  let app: TestApp;
  let planner: Record<string, string>;
  let teacher: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp();
    const as = async (departmentId: string, name: string) => ({
      ...(await signInStaff(app.database.db, [{ role: 'designer', municipalityId: 'solbacka', departmentId }, { role: 'approver', municipalityId: 'solbacka', departmentId }], name)).headers,
      'content-type': 'application/json',
    });
    planner = await as('stadsbyggnad', 'Plan Planerare');
    teacher = await as('utbildning', 'Lärka Lärare');
  });
  afterAll(() => app?.close());

  it('lets a designer of the owning department read and save, and refuses one of another department', async () => {
    const own = await call(app.baseUrl, 'GET', `${eservices}/felanmalan`, undefined, planner);
    expect(own.status).toBe(200);
    const saved = await call(app.baseUrl, 'PUT', `${eservices}/felanmalan`, own.body.definition, { ...planner, 'if-match': own.headers.get('etag')! });
    expect(saved.status).toBe(200);

    expect((await call(app.baseUrl, 'GET', `${eservices}/felanmalan`, undefined, teacher)).status).toBe(403);
    const refused = await call(app.baseUrl, 'PUT', `${eservices}/felanmalan`, own.body.definition, { ...teacher, 'if-match': saved.headers.get('etag')! });
    expect(refused).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect((await call(app.baseUrl, 'POST', `${eservices}/felanmalan/publish`, undefined, teacher)).status).toBe(403);
    expect((await call(app.baseUrl, 'GET', `${eservices}/felanmalan/connectors`, undefined, teacher)).status).toBe(403);
  });

  it('lists only the e-services of the departments where the person holds a role; a municipality administrator sees all', async () => {
    const listed = async (headers: Record<string, string>) => ((await call(app.baseUrl, 'GET', eservices, undefined, headers)).body.items as { id: string; departmentId: string }[]);
    const plannerSees = await listed(planner);
    expect(plannerSees.map((e) => e.id)).toContain('felanmalan');
    expect(plannerSees.every((e) => e.departmentId === 'stadsbyggnad')).toBe(true);
    const teacherSees = await listed(teacher);
    expect(teacherSees.map((e) => e.id)).not.toContain('felanmalan');
    expect(teacherSees.length).toBeGreaterThan(0);
    expect(teacherSees.every((e) => e.departmentId === 'utbildning')).toBe(true);
    const administrator = (await signInStaff(app.database.db, [{ role: 'municipality-admin', municipalityId: 'solbacka', departmentId: null }], 'Sara Solbacka')).headers;
    const stored = await app.database.db.selectFrom('eservices').select('id').where('municipality_id', '=', 'solbacka').orderBy('id').execute();
    expect((await listed(administrator)).map((e) => e.id)).toEqual(stored.map((e) => e.id));
  });

  it('refuses moving an e-service into a department where the designer holds no role, and creating one there', async () => {
    const own = await call(app.baseUrl, 'GET', `${eservices}/felanmalan`, undefined, planner);
    const moved = { ...own.body.definition, owner: { ...own.body.definition.owner, department: 'utbildning' } };
    expect((await call(app.baseUrl, 'PUT', `${eservices}/felanmalan`, moved, { ...planner, 'if-match': own.headers.get('etag')! })).status).toBe(403);
    const elsewhere = { ...moved, id: 'felanmalan-skola' };
    expect((await call(app.baseUrl, 'POST', eservices, elsewhere, planner)).status).toBe(403);
    expect((await call(app.baseUrl, 'POST', eservices, elsewhere, teacher)).status).toBe(201);
    expect((await call(app.baseUrl, 'GET', `${eservices}/felanmalan`, undefined, planner)).body.definition.owner.department).toBe('stadsbyggnad');
  });
});
