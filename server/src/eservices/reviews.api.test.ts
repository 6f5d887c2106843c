import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { EServiceDefinition } from '@etjanst/schemas';
import { fastCheck, fastCheckWith } from '../checks/full-check.js';
import { ConnectorRegistry } from '../delivery/plugins.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { signInStaff, type StaffSignIn } from '../test-support/staff.js';
import { EServiceSchedule } from './schedule.js';

const base = '/api/municipalities/ekdala/eservices';
const catalogue = '/api/municipalities/ekdala/catalogue';
const validFaultReport = { category: 'lighting', location: 'Storgatan 12', description: 'Gatlampan har varit släckt i en vecka.', wantsAnswer: false };
const HOUR = 3600_000;

describe(`approval workflow API (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let designer: StaffSignIn;
  let approver: StaffSignIn;
  /** A designer who also holds the approver role: may approve others' changes, never their own */
  let designerApprover: StaffSignIn;
  let municipalityAdmin: StaffSignIn;
  const ekdala = (role: 'designer' | 'approver' | 'municipality-admin') => ({ role, municipalityId: 'ekdala', departmentId: null });

  beforeAll(async () => {
    app = await startTestApp();
    // the test app turns the rule off for the other features' tests; it is what this feature is about
    await app.database.db.updateTable('municipalities').set({ four_eyes: true }).where('id', '=', 'ekdala').execute();
    designer = await signInStaff(app.database.db, [ekdala('designer')], 'Dana Designer');
    approver = await signInStaff(app.database.db, [ekdala('approver')], 'Alva Godkännare');
    designerApprover = await signInStaff(app.database.db, [ekdala('designer'), ekdala('approver')], 'Disa Båda');
    municipalityAdmin = await signInStaff(app.database.db, [ekdala('municipality-admin')], 'Maja Kommunadmin');
  }, 60_000);
  afterAll(async () => app?.close());

  /** Sends as a staff member (JSON, their cookie and CSRF token). */
  const as = (who: StaffSignIn, method: string, path: string, body?: unknown) =>
    call(app.baseUrl, method, path, body ?? (method === 'GET' ? undefined : {}), { ...who.headers, 'content-type': 'application/json' });

  /** Saves a changed draft as `who`; returns the new revision. */
  async function edit(who: StaffSignIn, id: string, change: (d: EServiceDefinition) => void): Promise<number> {
    const draft = await as(who, 'GET', `${base}/${id}`);
    const definition = draft.body.definition as EServiceDefinition;
    change(definition);
    const saved = await call(app.baseUrl, 'PUT', `${base}/${id}`, definition, { ...who.headers, 'content-type': 'application/json', 'if-match': draft.headers.get('etag')! });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    return saved.body.revision as number;
  }
  const retitle = (title: string) => (d: EServiceDefinition) => {
    d.catalogue.title.sv = title;
  };

  const auditOf = async (id: string) =>
    app.database.db.selectFrom('audit_log').select(['action', 'actor', 'details']).where('subject_type', '=', 'eservice').where('subject_id', '=', id).orderBy('id').execute();

  let returnedReviewId = '';

  it('a designer sends a change; the approver sees the report and both definitions and publishes it', async () => {
    const oldTitle = (await as(approver, 'GET', `${base}/felanmalan`)).body.title.sv as string;
    const revision = await edit(designer, 'felanmalan', retitle('Felanmälan av gata och park'));

    // sent twice: the first is superseded by the second (same definition, so the browser scan is cached)
    const first = await as(designer, 'POST', `${base}/felanmalan/reviews`);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ status: 'pending', draftRevision: revision, requestedBy: expect.stringContaining('Dana Designer') });
    expect(first.headers.get('location')).toBe(`${base}/felanmalan/reviews/${first.body.id}`);
    const sent = await as(designer, 'POST', `${base}/felanmalan/reviews`);
    expect(sent.status).toBe(201);
    const list = await as(designer, 'GET', `${base}/felanmalan/reviews`);
    expect(list.body.items.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [sent.body.id, 'pending'],
      [first.body.id, 'superseded'],
    ]);

    const page = await as(approver, 'GET', `${base}/felanmalan/reviews/${sent.body.id}`);
    expect(page.status).toBe(200);
    expect(page.body.definition.catalogue.title.sv).toBe('Felanmälan av gata och park');
    expect(page.body.publishedDefinition.catalogue.title.sv).toBe(oldTitle);
    expect(page.body.report).toMatchObject({ verdict: 'passed', counts: { mustFailed: 0 } });
    expect(page.body.report.scan).toBeDefined();
    expect(page.body.ownChange).toBe(false);
    expect((await as(designer, 'GET', `${base}/felanmalan/reviews/${sent.body.id}`)).body.ownChange).toBe(true);

    // roles: a designer does not decide, an approver does not send
    expect((await as(designer, 'POST', `${base}/felanmalan/reviews/${sent.body.id}/approve`)).status).toBe(403);
    expect((await as(approver, 'POST', `${base}/felanmalan/reviews`)).status).toBe(403);

    const approved = await as(approver, 'POST', `${base}/felanmalan/reviews/${sent.body.id}/approve`);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'published', publishedVersion: 2, decidedBy: expect.stringContaining('Alva Godkännare') });
    const listed = await call(app.baseUrl, 'GET', `${catalogue}/felanmalan`);
    expect(listed.body).toMatchObject({ version: 2, paused: null, definition: { catalogue: { title: { sv: 'Felanmälan av gata och park' } } } });
    const version = await call(app.baseUrl, 'GET', `${base}/felanmalan/versions`);
    expect(version.body.items[0]).toMatchObject({ version: 2, draftRevision: revision, publishedBy: expect.stringContaining('Alva Godkännare') });

    // deciding twice is refused
    expect((await as(approver, 'POST', `${base}/felanmalan/reviews/${sent.body.id}/approve`)).body.code).toBe('review-decided');
    const audit = await auditOf('felanmalan');
    const byAction = (action: string) => audit.filter((a) => a.action === action);
    expect(byAction('eservice.review-requested')).toHaveLength(2);
    expect(byAction('eservice.review-requested')[1]!.actor).toContain('Dana Designer');
    expect(byAction('eservice.review-approved')[0]).toMatchObject({ actor: expect.stringContaining('Alva Godkännare'), details: { review: sent.body.id, version: 2 } });
    expect(byAction('eservice.published').at(-1)!.actor).toContain('Alva Godkännare');
  }, 120_000);

  it('four-eyes: nobody approves their own change, another approver does', async () => {
    await edit(designerApprover, 'bygglov', retitle('Ansök om bygglov (ny)'));
    const sent = await as(designerApprover, 'POST', `${base}/bygglov/reviews`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);

    const own = await as(designerApprover, 'POST', `${base}/bygglov/reviews/${sent.body.id}/approve`);
    expect(own).toMatchObject({ status: 403, body: { code: 'own-change' } });
    expect(own.body.messages.sv.detail).toMatch(/fyraögonsprincipen/);
    expect(own.body.messages.en.detail).toMatch(/four-eyes rule/);
    expect((await as(designerApprover, 'GET', `${base}/bygglov/reviews/${sent.body.id}`)).body).toMatchObject({ status: 'pending', ownChange: true });

    const other = await as(approver, 'POST', `${base}/bygglov/reviews/${sent.body.id}/approve`);
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    expect(other.body).toMatchObject({ status: 'published', publishedVersion: 2 });
  }, 120_000);

  it('a change saved after sending is outdated; the approver returns it with a comment the designer sees', async () => {
    await edit(designer, 'borgerlig-vigsel', retitle('Borgerlig vigsel i Ekdala'));
    const sent = await as(designer, 'POST', `${base}/borgerlig-vigsel/reviews`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const current = await edit(designer, 'borgerlig-vigsel', retitle('Borgerlig vigsel i Ekdala kommun'));

    const outdated = await as(approver, 'POST', `${base}/borgerlig-vigsel/reviews/${sent.body.id}/approve`);
    expect(outdated).toMatchObject({ status: 409, body: { code: 'review-outdated', currentRevision: current, reviewedRevision: sent.body.draftRevision } });
    expect((await call(app.baseUrl, 'GET', `${catalogue}/borgerlig-vigsel`)).body.version).toBe(1);

    const returned = await as(approver, 'POST', `${base}/borgerlig-vigsel/reviews/${sent.body.id}/return`, { comment: '  Skriv ut vigselförrättarens namn.  ' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', comment: 'Skriv ut vigselförrättarens namn.' });
    const seen = await as(designer, 'GET', `${base}/borgerlig-vigsel/reviews`);
    expect(seen.body.items[0]).toMatchObject({ id: sent.body.id, status: 'returned', comment: 'Skriv ut vigselförrättarens namn.', decidedBy: expect.stringContaining('Alva Godkännare') });
    expect((await auditOf('borgerlig-vigsel')).at(-1)).toMatchObject({ action: 'eservice.review-returned', actor: expect.stringContaining('Alva Godkännare') });
    returnedReviewId = sent.body.id as string;
  }, 120_000);

  it('publishing directly needs a review while four-eyes is on, and works as before where it is off', async () => {
    // what the designer and the list offer: "Publicera" only to an approver where the rule is off
    const offered = async (who: StaffSignIn) => {
      const [draft, list] = await Promise.all([as(who, 'GET', `${base}/forskoleplats`), as(who, 'GET', base)]);
      const listed = new Set(list.body.items.map((i: { mayPublishDirectly: boolean }) => i.mayPublishDirectly));
      expect(listed).toEqual(new Set([draft.body.mayPublishDirectly]));
      return draft.body.mayPublishDirectly as boolean;
    };
    expect([await offered(approver), await offered(designer), await offered(designerApprover)]).toEqual([false, false, false]);
    const refused = await as(approver, 'POST', `${base}/forskoleplats/publish`);
    expect(refused).toMatchObject({ status: 409, body: { code: 'review-required' } });
    expect(refused.body.messages.en.detail).toMatch(/send the draft for review/);
    expect((await call(app.baseUrl, 'GET', `${base}/forskoleplats/versions`)).body.items).toHaveLength(1);

    await app.database.db.updateTable('municipalities').set({ four_eyes: false }).where('id', '=', 'ekdala').execute();
    try {
      expect([await offered(approver), await offered(designer), await offered(designerApprover)]).toEqual([true, false, true]);
      const published = await as(approver, 'POST', `${base}/forskoleplats/publish`);
      expect(published.status, JSON.stringify(published.body)).toBe(201);
      expect(published.body.version).toBe(2);
    } finally {
      await app.database.db.updateTable('municipalities').set({ four_eyes: true }).where('id', '=', 'ekdala').execute();
    }
  }, 120_000);

  it('a scheduled approval is published by the schedule at its time; a refused one is recorded in the review', async () => {
    await edit(designer, 'vuxenutbildning', retitle('Ansök till vuxenutbildning (hösten)'));
    const sent = await as(designer, 'POST', `${base}/vuxenutbildning/reviews`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const publishAt = new Date(Date.now() + 2 * HOUR);
    const scheduled = await as(approver, 'POST', `${base}/vuxenutbildning/reviews/${sent.body.id}/approve`, { publishAt: publishAt.toISOString() });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200);
    expect(scheduled.body).toMatchObject({ status: 'scheduled', publishAt: publishAt.toISOString(), publishedVersion: null });

    // not due yet
    expect(await app.schedule.runOnce(new Date(publishAt.getTime() - HOUR))).toMatchObject({ published: 0, failed: 0 });
    // an instance claimed it and stopped: a claim of 5 minutes is left alone, one of 11 minutes is taken over
    const claim = (minutesAgo: number) =>
      app.database.db.updateTable('eservice_reviews').set({ status: 'publishing', publishing_since: new Date(publishAt.getTime() - minutesAgo * 60_000) }).where('id', '=', sent.body.id).execute();
    await claim(5);
    expect(await app.schedule.runOnce(publishAt)).toMatchObject({ released: 0, published: 0 });
    await claim(11);
    // two instances run at the same time: the review is published once
    const otherInstance = new EServiceSchedule(app.database.db, pino({ level: 'silent' }), async (definition) => fastCheck(definition));
    const due = new Date(publishAt.getTime() + 1000);
    const passes = await Promise.all([app.schedule.runOnce(due), otherInstance.runOnce(due)]);
    expect(passes.map((p) => p.published).sort()).toEqual([0, 1]);
    expect(passes.reduce((sum, p) => sum + p.released + p.failed, 0)).toBe(1);

    const done = await as(designer, 'GET', `${base}/vuxenutbildning/reviews/${sent.body.id}`);
    expect(done.body).toMatchObject({ status: 'published', publishedVersion: 2 });
    expect((await call(app.baseUrl, 'GET', `${base}/vuxenutbildning/versions`)).body.items).toHaveLength(2);
    expect((await call(app.baseUrl, 'GET', `${catalogue}/vuxenutbildning`)).body).toMatchObject({ version: 2, definition: { catalogue: { title: { sv: 'Ansök till vuxenutbildning (hösten)' } } } });
    expect(await app.schedule.runOnce(new Date(publishAt.getTime() + 2000))).toMatchObject({ published: 0 });

    // the must-requirements were made stricter before the next one's time (at most 2 fields per step)
    await edit(designer, 'felanmalan', retitle('Felanmälan'));
    const next = await as(designer, 'POST', `${base}/felanmalan/reviews`);
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    await as(approver, 'POST', `${base}/felanmalan/reviews/${next.body.id}/approve`, { publishAt: publishAt.toISOString() });
    const connectors = new ConnectorRegistry();
    const stricter = fastCheckWith({ connectorTypes: () => connectors.typeFacts(), maxFieldsPerStep: 2 });
    const strictSchedule = new EServiceSchedule(app.database.db, pino({ level: 'silent' }), async (definition) => stricter(definition));
    expect(await strictSchedule.runOnce(new Date(publishAt.getTime() + 1000))).toMatchObject({ published: 0, failed: 1 });
    const failed = await as(designer, 'GET', `${base}/felanmalan/reviews`);
    expect(failed.body.items[0]).toMatchObject({ id: next.body.id, status: 'failed', publishedVersion: null, failure: { code: 'must-requirements-failed' } });
    expect(failed.body.items[0].failure.detail.sv).toMatch(/SK-FORM-001/);
    expect(failed.body.items[0].failure.detail.en).toMatch(/SK-FORM-001/);
    expect((await call(app.baseUrl, 'GET', `${catalogue}/felanmalan`)).body.version).toBe(2);
  }, 180_000);

  it('unpublishes at a set time', async () => {
    const at = new Date(Date.now() + 3 * HOUR);
    const planned = await as(approver, 'POST', `${base}/serveringstillstand/unpublish`, { at: at.toISOString() });
    expect(planned.status, JSON.stringify(planned.body)).toBe(200);
    expect(planned.body).toMatchObject({ status: 'published', unpublishAt: at.toISOString() });
    expect((await call(app.baseUrl, 'GET', `${catalogue}/serveringstillstand`)).status).toBe(200);

    expect(await app.schedule.runOnce(new Date(at.getTime() - 1000))).toMatchObject({ unpublished: 0 });
    expect(await app.schedule.runOnce(at)).toMatchObject({ unpublished: 1 });
    expect((await call(app.baseUrl, 'GET', `${catalogue}/serveringstillstand`)).status).toBe(404);
    expect((await as(approver, 'GET', `${base}/serveringstillstand`)).body).toMatchObject({ status: 'unpublished', unpublishAt: null });
    expect((await auditOf('serveringstillstand')).slice(-2).map((a) => [a.action, a.actor])).toEqual([
      ['eservice.unpublish-scheduled', expect.stringContaining('Alva Godkännare')],
      ['eservice.unpublished', 'system:schedule'],
    ]);
  });

  it('a paused e-service stays in the catalogue with its message and takes no submissions until resumed', async () => {
    const version = (await call(app.baseUrl, 'GET', `${catalogue}/felanmalan`)).body.version as number;
    const submit = () => call(app.baseUrl, 'POST', `${base}/felanmalan/versions/${version}/submissions`, { answers: validFaultReport });
    const message = { sv: 'Pausad för underhåll till kl. 14.', en: 'Paused for maintenance until 2 pm.' };

    expect((await as(designer, 'POST', `${base}/felanmalan/pause`, { message })).status).toBe(403);
    const paused = await as(municipalityAdmin, 'POST', `${base}/felanmalan/pause`, { message });
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    expect(paused.body.paused).toMatchObject({ since: expect.any(String), message });

    const refused = await submit();
    expect(refused).toMatchObject({ status: 503, body: { code: 'eservice-paused', messages: { sv: { detail: message.sv }, en: { detail: message.en } } } });
    const item = (await call(app.baseUrl, 'GET', catalogue)).body.items.find((i: { eserviceId: string }) => i.eserviceId === 'felanmalan');
    expect(item.paused).toEqual({ since: paused.body.paused.since, message });
    expect((await call(app.baseUrl, 'GET', `${catalogue}/felanmalan`)).body.paused).toEqual({ since: paused.body.paused.since, message });
    expect((await call(app.baseUrl, 'GET', `${catalogue}/bygglov`)).body.paused).toBeNull();

    const resumed = await as(approver, 'POST', `${base}/felanmalan/resume`);
    expect(resumed.body.paused).toBeNull();
    expect((await submit()).status).toBe(201);
    expect((await auditOf('felanmalan')).slice(-2).map((a) => [a.action, a.actor])).toEqual([
      ['eservice.paused', expect.stringContaining('Maja Kommunadmin')],
      ['eservice.resumed', expect.stringContaining('Alva Godkännare')],
    ]);
  });

  describe('refuses bad input with a bilingual problem naming the field, and changes nothing', () => {
    const reviewPath = () => `${base}/borgerlig-vigsel/reviews/${returnedReviewId}`;
    const inAYear = () => new Date(Date.now() + 400 * 24 * HOUR).toISOString();
    const cases: Array<[string, () => string, unknown, string]> = [
      ['publishAt that is not a time', () => `${reviewPath()}/approve`, { publishAt: 'i morgon' }, 'publishAt'],
      ['publishAt in the past', () => `${reviewPath()}/approve`, { publishAt: '2020-01-01T10:00:00Z' }, 'publishAt'],
      ['publishAt more than a year ahead', () => `${reviewPath()}/approve`, { publishAt: inAYear() }, 'publishAt'],
      ['an empty comment', () => `${reviewPath()}/return`, { comment: '   ' }, 'comment'],
      ['no comment', () => `${reviewPath()}/return`, {}, 'comment'],
      ['a comment over 2000 characters', () => `${reviewPath()}/return`, { comment: 'x'.repeat(2001) }, 'comment'],
      ['a pause message without English', () => `${base}/bygglov/pause`, { message: { sv: 'Pausad.' } }, 'message.en'],
      ['a pause message over 500 characters', () => `${base}/bygglov/pause`, { message: { sv: 'x'.repeat(501), en: 'Paused.' } }, 'message.sv'],
      ['an unpublishing time in the past', () => `${base}/bygglov/unpublish`, { at: '2020-01-01T10:00:00Z' }, 'at'],
    ];
    it.each(cases)('%s', async (_name, path, body, field) => {
      const before = {
        reviews: await app.database.db.selectFrom('eservice_reviews').selectAll().orderBy('id').execute(),
        eservices: await app.database.db.selectFrom('eservices').selectAll().where('municipality_id', '=', 'ekdala').orderBy('id').execute(),
      };
      const response = await as(approver, 'POST', path(), body);
      expect(response.status, JSON.stringify(response.body)).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body.field).toBe(field);
      expect(response.body.messages.sv.detail).toBeTruthy();
      expect(response.body.messages.en.detail).toBeTruthy();
      expect(response.body.messages.sv.detail).not.toBe(response.body.messages.en.detail);
      expect({
        reviews: await app.database.db.selectFrom('eservice_reviews').selectAll().orderBy('id').execute(),
        eservices: await app.database.db.selectFrom('eservices').selectAll().where('municipality_id', '=', 'ekdala').orderBy('id').execute(),
      }).toEqual(before);
    });
  });
});
