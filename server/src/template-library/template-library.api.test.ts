import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES, type EServiceDefinition } from '@etjanst/schemas';
import { fastCheck } from '../checks/full-check.js';
import { seedDemo } from '../demo/seed.js';
import { publishEService } from '../eservices/operations.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { signInStaff } from '../test-support/staff.js';

// Both demo municipalities run the shipped e-services; the fault report belongs to stadsbyggnad.
const ekdala = '/api/municipalities/ekdala';
const solbacka = '/api/municipalities/solbacka';
const CONTACT = { name: 'Kontaktcenter Solbacka', email: 'kontakt@solbacka.example.se' };
const adoption = (id: string, department = 'stadsbyggnad') => ({ id, owner: { department, contact: CONTACT } });

describe(`the template library across municipalities (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let ekdalaDesigner: Record<string, string>;
  let solbackaDesigner: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp();
    const as = async (municipalityId: string, name: string) => ({
      ...(await signInStaff(app.database.db, [{ role: 'designer', municipalityId, departmentId: 'stadsbyggnad' }, { role: 'approver', municipalityId, departmentId: 'stadsbyggnad' }], name)).headers,
      'content-type': 'application/json',
    });
    ekdalaDesigner = await as('ekdala', 'Erik Ekdala');
    solbackaDesigner = await as('solbacka', 'Sol Solbacka');
  });
  afterAll(() => app?.close());

  const get = (path: string, headers: Record<string, string>) => call(app.baseUrl, 'GET', path, undefined, headers);
  const libraryOf = async (municipality: string, headers: Record<string, string>) => (await get(`${municipality}/templates`, headers)).body.items as { origin: string; id: string; own: boolean; version: number; adoptedAs: string[] }[];

  const templateAudit = (municipality: string, eserviceId: string) =>
    app.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'details'])
      .where('subject_id', '=', eserviceId)
      .where('municipality_id', '=', municipality)
      .where('action', 'like', 'eservice.template-%')
      .orderBy('id')
      .execute();

  it("lists the demo's offers of Solbacka in Ekdala's library, once however often the demo is seeded", async () => {
    const offers = (library: Awaited<ReturnType<typeof libraryOf>>) => library.filter((t) => t.origin === 'solbacka');
    expect(offers(await libraryOf(ekdala, ekdalaDesigner))).toMatchObject([
      { id: 'borgerlig-vigsel', own: false, version: 1 },
      { id: 'forskoleplats', own: false, version: 1 },
    ]);
    expect(offers(await libraryOf(solbacka, solbackaDesigner)).map((t) => [t.id, t.own])).toEqual([['borgerlig-vigsel', true], ['forskoleplats', true]]);

    expect(await seedDemo(app.database.db)).toMatchObject({ created: [], offered: [] });
    expect(offers(await libraryOf(ekdala, ekdalaDesigner)).map((t) => t.id)).toEqual(['borgerlig-vigsel', 'forskoleplats']);
    expect(await templateAudit('solbacka', 'forskoleplats')).toEqual([{ action: 'eservice.template-offered', actor: 'demo-seed', details: { version: 1 } }]);
  });

  it("adopts Ekdala's offered e-service in Solbacka, tells Solbacka's designer of Ekdala's new version, and takes one field's change over", async () => {
    const offered = await call(app.baseUrl, 'PUT', `${ekdala}/eservices/felanmalan/template-offer`, undefined, ekdalaDesigner);
    expect(offered).toMatchObject({ status: 200, body: { offered: true, version: 1, adoptions: 0 } });

    const library = await libraryOf(solbacka, solbackaDesigner);
    expect(library.filter((t) => t.origin === 'platform').map((t) => t.id)).toEqual(TEMPLATES.map((t) => t.id));
    expect(library.find((t) => t.origin === 'ekdala')).toMatchObject({ id: 'felanmalan', own: false, version: 1, adoptedAs: [] });
    expect((await libraryOf(ekdala, ekdalaDesigner)).find((t) => t.origin === 'ekdala')).toMatchObject({ id: 'felanmalan', own: true });

    const adopted = await call(app.baseUrl, 'POST', `${solbacka}/templates/ekdala/felanmalan/adoptions`, adoption('felanmalan-ekdala'), solbackaDesigner);
    expect(adopted.status).toBe(201);
    expect(adopted.headers.get('location')).toBe(`${solbacka}/eservices/felanmalan-ekdala`);
    const draft = (await get(`${solbacka}/eservices/felanmalan-ekdala`, solbackaDesigner)).body;
    expect(draft.definition.owner).toEqual({ organisation: 'solbacka', department: 'stadsbyggnad', contact: CONTACT });
    expect(draft.definition.delivery.connectors).toEqual([]);
    expect((await get(`${solbacka}/eservices/felanmalan-ekdala/origin`, solbackaDesigner)).body.origin).toMatchObject({
      origin: 'ekdala',
      id: 'felanmalan',
      originName: { sv: 'Ekdala kommun' },
      adoptedVersion: 1,
      latestVersion: 1,
      newerVersion: false,
    });
    expect((await libraryOf(solbacka, solbackaDesigner)).find((t) => t.origin === 'ekdala')?.adoptedAs).toEqual(['felanmalan-ekdala']);

    // Ekdala changes a label and publishes version 2
    const origin = await get(`${ekdala}/eservices/felanmalan`, ekdalaDesigner);
    const changed = structuredClone(origin.body.definition);
    changed.form.texts.location.label = { sv: 'Var finns felet?', en: 'Where is the fault?' };
    expect((await call(app.baseUrl, 'PUT', `${ekdala}/eservices/felanmalan`, changed, { ...ekdalaDesigner, 'if-match': origin.headers.get('etag')! })).status).toBe(200);
    await publishEService({ db: app.database.db, municipalityId: 'ekdala', actor: 'test' }, 'felanmalan', fastCheck);

    const told = (await get(`${solbacka}/eservices/felanmalan-ekdala/origin`, solbackaDesigner)).body.origin;
    expect(told).toMatchObject({ reviewedVersion: 1, latestVersion: 2, newerVersion: true });
    const [older, newer] = await Promise.all([1, 2].map(async (v) => (await get(`${solbacka}/templates/ekdala/felanmalan/versions/${v}`, solbackaDesigner)).body));
    expect(older.definition.form.texts.location.label.sv).toBe('Var är det?');
    expect(newer.definition.form.texts.location.label.sv).toBe('Var finns felet?');

    // the designer takes the label over into the draft, then marks version 2 as looked through
    const mine = await get(`${solbacka}/eservices/felanmalan-ekdala`, solbackaDesigner);
    const takenOver = structuredClone(mine.body.definition);
    takenOver.form.texts.location = newer.definition.form.texts.location;
    expect((await call(app.baseUrl, 'PUT', `${solbacka}/eservices/felanmalan-ekdala`, takenOver, { ...solbackaDesigner, 'if-match': mine.headers.get('etag')! })).status).toBe(200);
    const reviewed = await call(app.baseUrl, 'POST', `${solbacka}/eservices/felanmalan-ekdala/origin/reviewed`, { version: 2 }, solbackaDesigner);
    expect(reviewed.body.origin).toMatchObject({ reviewedVersion: 2, latestVersion: 2, newerVersion: false });
    expect((await get(`${solbacka}/eservices/felanmalan-ekdala`, solbackaDesigner)).body.definition.form.texts.location.label.sv).toBe('Var finns felet?');
    const refused = await call(app.baseUrl, 'POST', `${solbacka}/eservices/felanmalan-ekdala/origin/reviewed`, { version: 3 }, solbackaDesigner);
    expect(refused).toMatchObject({ status: 422, body: { code: 'version-invalid' } });
    expect((await get(`${ekdala}/eservices/felanmalan/template-offer`, ekdalaDesigner)).body).toMatchObject({ offered: true, version: 2, adoptions: 1 });
  });

  it("shares neither the connectors' targets nor the contact and feedback addresses, and adopts a platform template likewise", async () => {
    const shared = (await get(`${solbacka}/templates/ekdala/felanmalan`, solbackaDesigner)).body;
    expect(shared.definition.delivery.connectors).toEqual([]);
    expect(shared.leftOut.connectors).toEqual([{ id: 'kontaktcenter', type: 'email' }]);
    expect(JSON.stringify(shared)).not.toContain('@ekdala.');

    const platform = await call(app.baseUrl, 'POST', `${solbacka}/templates/platform/borgerlig-vigsel/adoptions`, adoption('vigsel-mall', 'kommunstyrelse'), solbackaDesigner);
    // the designer holds no role in kommunstyrelse
    expect(platform).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    const made = await call(app.baseUrl, 'POST', `${solbacka}/templates/platform/borgerlig-vigsel/adoptions`, adoption('vigsel-mall', 'kommunstyrelse'));
    expect(made.status).toBe(201);
    const draft = (await call(app.baseUrl, 'GET', `${solbacka}/eservices/vigsel-mall`)).body;
    expect(JSON.stringify(draft.definition)).not.toContain('vigsel@solbacka');
    expect(draft.definition.accessibility.feedback).toEqual({ email: CONTACT.email });
    expect((await call(app.baseUrl, 'GET', `${solbacka}/eservices/vigsel-mall/origin`)).body.origin).toMatchObject({ origin: 'platform', id: 'borgerlig-vigsel', latestVersion: 1, newerVersion: false });

    const invalid = await call(app.baseUrl, 'POST', `${solbacka}/templates/platform/felanmalan/adoptions`, { id: 'felanmalan-2' }, { ...solbackaDesigner, 'accept-language': 'en' });
    expect(invalid).toMatchObject({ status: 422, body: { code: 'adoption-invalid', field: 'owner', messages: { sv: { detail: '”owner” ska vara ett objekt.' } } } });
    expect(invalid.body.detail).toBe('“owner” must be an object.');
    // the id is taken by Solbacka's own fault report
    expect((await call(app.baseUrl, 'POST', `${solbacka}/templates/platform/felanmalan/adoptions`, { owner: { department: 'stadsbyggnad', contact: CONTACT } }, solbackaDesigner)).body.code).toBe('eservice-exists');
  });

  it("keeps each municipality's unoffered e-services and drafts to itself, and takes a withdrawn template out of the library", async () => {
    for (const path of ['templates/ekdala/forskoleplats', 'templates/ekdala/forskoleplats/versions/1']) {
      expect((await get(`${solbacka}/${path}`, solbackaDesigner)).status).toBe(404);
    }
    expect((await call(app.baseUrl, 'POST', `${solbacka}/templates/ekdala/bygglov/adoptions`, adoption('bygglov-ekdala'), solbackaDesigner)).status).toBe(404);
    expect((await get(`${solbacka}/templates/ekdala/felanmalan/versions/3`, solbackaDesigner)).status).toBe(404);
    // another municipality's paths are closed to Solbacka's staff altogether
    expect((await get(`${ekdala}/eservices/felanmalan`, solbackaDesigner)).status).toBe(403);
    expect((await get(`${ekdala}/templates`, solbackaDesigner)).status).toBe(403);
    expect((await call(app.baseUrl, 'POST', `${ekdala}/templates/ekdala/felanmalan/adoptions`, adoption('egen'), ekdalaDesigner)).body.code).toBe('template-own');
    const unpublished = await call(app.baseUrl, 'PUT', `${solbacka}/eservices/felanmalan-ekdala/template-offer`, undefined, solbackaDesigner);
    expect(unpublished).toMatchObject({ status: 409, body: { code: 'template-not-published' } });

    const withdrawn = await call(app.baseUrl, 'DELETE', `${ekdala}/eservices/felanmalan/template-offer`, undefined, ekdalaDesigner);
    expect(withdrawn.body).toMatchObject({ offered: false, adoptions: 1 });
    expect((await libraryOf(solbacka, solbackaDesigner)).some((t) => t.origin === 'ekdala')).toBe(false);
    expect((await get(`${solbacka}/templates/ekdala/felanmalan`, solbackaDesigner)).status).toBe(404);
    expect((await get(`${solbacka}/eservices/felanmalan-ekdala/origin`, solbackaDesigner)).body.origin).toMatchObject({ origin: 'ekdala', latestVersion: null, newerVersion: false });
    expect((await get(`${solbacka}/eservices/felanmalan-ekdala`, solbackaDesigner)).status).toBe(200);
    expect((await templateAudit('ekdala', 'felanmalan')).map((a) => a.action)).toEqual(['eservice.template-offered', 'eservice.template-withdrawn']);
  });

  it('withdraws the offer when the e-service is unpublished: the library no longer lists it until it is published and offered again', async () => {
    expect((await call(app.baseUrl, 'PUT', `${ekdala}/eservices/felanmalan/template-offer`, undefined, ekdalaDesigner)).body).toMatchObject({ offered: true, version: 2 });
    expect((await libraryOf(solbacka, solbackaDesigner)).find((t) => t.origin === 'ekdala')).toMatchObject({ id: 'felanmalan', version: 2 });

    expect((await call(app.baseUrl, 'POST', `${ekdala}/eservices/felanmalan/unpublish`, undefined, ekdalaDesigner)).body).toMatchObject({ status: 'unpublished' });
    expect((await libraryOf(solbacka, solbackaDesigner)).some((t) => t.origin === 'ekdala')).toBe(false);
    expect((await get(`${solbacka}/templates/ekdala/felanmalan`, solbackaDesigner)).status).toBe(404);
    const refused = await call(app.baseUrl, 'POST', `${solbacka}/templates/ekdala/felanmalan/adoptions`, adoption('felanmalan-igen'), solbackaDesigner);
    expect(refused).toMatchObject({ status: 404, body: { code: 'not-found', messages: { sv: { detail: 'Mallen ”felanmalan” från ”ekdala” finns inte.' } } } });
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await get(`${ekdala}/eservices/felanmalan/template-offer`, ekdalaDesigner)).body).toMatchObject({ offered: false, offeredAt: null, version: null, adoptions: 1 });
    const notPublished = await call(app.baseUrl, 'PUT', `${ekdala}/eservices/felanmalan/template-offer`, undefined, ekdalaDesigner);
    expect(notPublished).toMatchObject({ status: 409, body: { code: 'template-not-published' } });
    // Solbacka's copy stays as it was, its link kept, with no newer version to hear of
    expect((await get(`${solbacka}/eservices/felanmalan-ekdala`, solbackaDesigner)).status).toBe(200);
    expect((await get(`${solbacka}/eservices/felanmalan-ekdala/origin`, solbackaDesigner)).body.origin).toMatchObject({ origin: 'ekdala', latestVersion: null, newerVersion: false });
    expect((await templateAudit('ekdala', 'felanmalan')).at(-1)).toMatchObject({ action: 'eservice.template-withdrawn', actor: expect.stringContaining('Erik Ekdala'), details: { reason: 'unpublished' } });

    // published again it is not offered again by itself: sharing it is a decision of its own
    await publishEService({ db: app.database.db, municipalityId: 'ekdala', actor: 'test' }, 'felanmalan', fastCheck);
    expect((await libraryOf(solbacka, solbackaDesigner)).some((t) => t.origin === 'ekdala')).toBe(false);
    expect((await call(app.baseUrl, 'PUT', `${ekdala}/eservices/felanmalan/template-offer`, undefined, ekdalaDesigner)).body).toMatchObject({ offered: true, version: 3 });
    expect((await libraryOf(solbacka, solbackaDesigner)).find((t) => t.origin === 'ekdala')).toMatchObject({ id: 'felanmalan', version: 3, adoptedAs: ['felanmalan-ekdala'] });
    expect((await get(`${solbacka}/eservices/felanmalan-ekdala/origin`, solbackaDesigner)).body.origin).toMatchObject({ latestVersion: 3, newerVersion: true });
  });

  it('withdraws the offer at a scheduled unpublishing too, and a demo seed after it leaves the withdrawal as it is', async () => {
    const at = new Date(Date.now() + 3600_000);
    expect((await call(app.baseUrl, 'POST', `${solbacka}/eservices/borgerlig-vigsel/unpublish`, { at: at.toISOString() })).status).toBe(200);
    expect((await libraryOf(ekdala, ekdalaDesigner)).some((t) => t.origin === 'solbacka' && t.id === 'borgerlig-vigsel')).toBe(true);
    expect(await app.schedule.runOnce(at)).toMatchObject({ unpublished: 1 });
    expect((await libraryOf(ekdala, ekdalaDesigner)).filter((t) => t.origin === 'solbacka').map((t) => t.id)).toEqual(['forskoleplats']);
    expect((await templateAudit('solbacka', 'borgerlig-vigsel')).at(-1)).toMatchObject({ action: 'eservice.template-withdrawn', actor: 'system:schedule', details: { reason: 'unpublished' } });

    await publishEService({ db: app.database.db, municipalityId: 'solbacka', actor: 'test' }, 'borgerlig-vigsel', fastCheck);
    expect(await seedDemo(app.database.db)).toMatchObject({ created: [], offered: [] });
    expect((await libraryOf(ekdala, ekdalaDesigner)).filter((t) => t.origin === 'solbacka').map((t) => t.id)).toEqual(['forskoleplats']);
  });

  it("shares a field's prefill and co-signer in every version, and keeps them valid in the adopter's draft when the field is taken over", async () => {
    const made = await call(app.baseUrl, 'POST', `${ekdala}/templates/solbacka/forskoleplats/adoptions`, adoption('forskoleplats-solbacka', 'utbildning'));
    expect(made.status).toBe(201);
    const adopted = (await get(`${ekdala}/eservices/forskoleplats-solbacka`, {})).body;
    expect(adopted.problems).toEqual([]);
    expect(adopted.definition.signing.coSignerFields).toEqual(['otherGuardian.personalIdentityNumber']);
    const givenName = (definition: EServiceDefinition) => definition.prefill.filter((m) => m.field === 'guardian.givenName');
    expect(givenName(adopted.definition)).toEqual([{ field: 'guardian.givenName', source: 'population-register', attribute: 'givenName', editable: false }]);

    // Solbacka's version 2 lets the citizen correct the prefilled given name
    const origin = await get(`${solbacka}/eservices/forskoleplats`, {});
    const changed = structuredClone(origin.body.definition) as EServiceDefinition;
    changed.prefill = changed.prefill.map((m) => (m.field === 'guardian.givenName' ? { ...m, editable: true } : m));
    expect((await call(app.baseUrl, 'PUT', `${solbacka}/eservices/forskoleplats`, changed, { 'if-match': origin.headers.get('etag')! })).status).toBe(200);
    await publishEService({ db: app.database.db, municipalityId: 'solbacka', actor: 'test' }, 'forskoleplats', fastCheck);
    expect((await get(`${ekdala}/eservices/forskoleplats-solbacka/origin`, {})).body.origin).toMatchObject({ latestVersion: 2, newerVersion: true });
    const newer = (await get(`${ekdala}/templates/solbacka/forskoleplats/versions/2`, {})).body.definition as EServiceDefinition;
    expect(givenName(newer)).toEqual([{ field: 'guardian.givenName', source: 'population-register', attribute: 'givenName', editable: true }]);
    expect(newer.signing.coSignerFields).toEqual(['otherGuardian.personalIdentityNumber']);

    // the designer's take-over (client/src/designer/model/take-over.ts) brings the field's mapping
    // with the field; the server keeps the draft it saves as valid, not as unfinished
    const mine = await get(`${ekdala}/eservices/forskoleplats-solbacka`, {});
    const takenOver = structuredClone(mine.body.definition) as EServiceDefinition;
    takenOver.form.texts['guardian.givenName'] = newer.form.texts['guardian.givenName']!;
    takenOver.prefill = [...takenOver.prefill.filter((m) => m.field !== 'guardian.givenName'), ...givenName(newer)];
    const saved = await call(app.baseUrl, 'PUT', `${ekdala}/eservices/forskoleplats-solbacka`, takenOver, { 'if-match': mine.headers.get('etag')! });
    expect(saved.status).toBe(200);
    const draft = (await get(`${ekdala}/eservices/forskoleplats-solbacka`, {})).body;
    expect(draft.problems).toEqual([]);
    expect(givenName(draft.definition)).toEqual(givenName(newer));
    expect(draft.definition.signing.coSignerFields).toEqual(['otherGuardian.personalIdentityNumber']);
  });
});
