import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES, type EServiceDefinition } from '@etjanst/schemas';
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { signInStaff } from '../test-support/staff.js';

const base = '/api/municipalities/ekdala/eservices';

function titled(id: string, title: string, municipality = 'ekdala'): EServiceDefinition {
  const definition = templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, municipality);
  return { ...definition, id, catalogue: { ...definition.catalogue, title: { ...definition.catalogue.title, sv: title } } };
}

describe(`restoring a published version as the draft (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  const draftOf = async (id: string) => (await call(app.baseUrl, 'GET', `${base}/${id}`)).body;

  it('makes version 1 the draft again over the current revision, audited, and leaves the versions as they were', async () => {
    expect((await call(app.baseUrl, 'POST', base, titled('grannintyg', 'Första'))).status).toBe(201);
    expect((await call(app.baseUrl, 'POST', `${base}/grannintyg/publish`)).status).toBe(201);
    await call(app.baseUrl, 'PUT', `${base}/grannintyg`, titled('grannintyg', 'Andra'), { 'if-match': '"1"' });
    expect((await call(app.baseUrl, 'POST', `${base}/grannintyg/publish`)).body.version).toBe(2);
    await call(app.baseUrl, 'PUT', `${base}/grannintyg`, titled('grannintyg', 'Tredje'), { 'if-match': '"2"' });

    const restored = await call(app.baseUrl, 'POST', `${base}/grannintyg/versions/1/restore`, undefined, { 'if-match': '"3"' });
    expect(restored.status).toBe(200);
    expect(restored.headers.get('etag')).toBe('"4"');
    expect(restored.body).toMatchObject({ revision: 4, unpublishedChanges: true, publishedVersion: 2, problems: [] });
    expect(restored.body.definition.catalogue.title.sv).toBe('Första');
    expect((await draftOf('grannintyg')).definition.catalogue.title.sv).toBe('Första');

    const versions = await call(app.baseUrl, 'GET', `${base}/grannintyg/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await call(app.baseUrl, 'GET', `${base}/grannintyg/versions/2`)).body.definition.catalogue.title.sv).toBe('Andra');

    const audit = await app.database.db.selectFrom('audit_log').select(['action', 'details']).where('subject_id', '=', 'grannintyg').orderBy('id').execute();
    expect(audit.at(-1)).toEqual({ action: 'eservice.version-restored', details: { version: 1, revision: 4 } });
  });

  it('refuses without the draft revision, over a newer save, and for a version that does not exist, changing nothing', async () => {
    await call(app.baseUrl, 'POST', base, titled('grannyttrande', 'Gammal'));
    await call(app.baseUrl, 'POST', `${base}/grannyttrande/publish`);
    await call(app.baseUrl, 'PUT', `${base}/grannyttrande`, titled('grannyttrande', 'Ny'), { 'if-match': '"1"' });
    const before = await draftOf('grannyttrande');

    const missing = await call(app.baseUrl, 'POST', `${base}/grannyttrande/versions/1/restore`);
    expect(missing).toMatchObject({ status: 428, body: { code: 'revision-required' } });
    // the designer still had revision 1: the save of revision 2 by someone else is not overwritten
    const stale = await call(app.baseUrl, 'POST', `${base}/grannyttrande/versions/1/restore`, undefined, { 'if-match': '"1"' });
    expect(stale).toMatchObject({ status: 412, body: { code: 'stale-revision', currentRevision: 2 } });
    const unknown = await call(app.baseUrl, 'POST', `${base}/grannyttrande/versions/7/restore`, undefined, { 'if-match': '"2"' });
    expect(unknown.status).toBe(404);
    expect(await draftOf('grannyttrande')).toEqual(before);
    const audit = await app.database.db.selectFrom('audit_log').select('action').where('action', '=', 'eservice.version-restored').where('subject_id', '=', 'grannyttrande').execute();
    expect(audit).toEqual([]);
  });

  it("is for designers of the e-service's department, and of the department the version belonged to", async () => {
    const eservices = '/api/municipalities/solbacka/eservices';
    const as = async (departments: string[]) => ({
      ...(await signInStaff(app.database.db, departments.map((departmentId) => ({ role: 'designer' as const, municipalityId: 'solbacka', departmentId })), 'Dea Designer')).headers,
      'content-type': 'application/json',
    });
    const planner = await as(['stadsbyggnad']);
    const teacher = await as(['utbildning']);
    const etagOf = async (id: string) => (await call(app.baseUrl, 'GET', `${eservices}/${id}`)).headers.get('etag')!;

    // the seeded fault report (stadsbyggnad, version 1): not for a designer of utbildning
    expect((await call(app.baseUrl, 'POST', `${eservices}/felanmalan/versions/1/restore`, undefined, { ...teacher, 'if-match': await etagOf('felanmalan') })).status).toBe(403);
    expect((await call(app.baseUrl, 'POST', `${eservices}/felanmalan/versions/1/restore`, undefined, { ...planner, 'if-match': await etagOf('felanmalan') })).status).toBe(200);

    // version 1 belonged to utbildning; the draft was moved to stadsbyggnad since: restoring it moves it back
    const schoolOwned = titled('skolskjuts-tillfallig', 'Skolskjuts', 'solbacka');
    schoolOwned.owner.department = 'utbildning';
    expect((await call(app.baseUrl, 'POST', eservices, schoolOwned)).status).toBe(201);
    expect((await call(app.baseUrl, 'POST', `${eservices}/skolskjuts-tillfallig/publish`)).status).toBe(201);
    const moved = { ...schoolOwned, owner: { ...schoolOwned.owner, department: 'stadsbyggnad' } };
    expect((await call(app.baseUrl, 'PUT', `${eservices}/skolskjuts-tillfallig`, moved, { 'if-match': '"1"' })).status).toBe(200);
    const refused = await call(app.baseUrl, 'POST', `${eservices}/skolskjuts-tillfallig/versions/1/restore`, undefined, { ...planner, 'if-match': '"2"' });
    expect(refused).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    const both = await as(['stadsbyggnad', 'utbildning']);
    const restored = await call(app.baseUrl, 'POST', `${eservices}/skolskjuts-tillfallig/versions/1/restore`, undefined, { ...both, 'if-match': '"2"' });
    expect(restored).toMatchObject({ status: 200, body: { departmentId: 'utbildning' } });
  });
});
