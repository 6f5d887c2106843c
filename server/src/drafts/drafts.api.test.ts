import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { loggedIn } from '../test-support/sessions.js';
import { DraftCleanup } from './cleanup.js';
import { deleteExpiredDrafts } from './operations.js';
import { deletingDraftAfterSubmission } from './routes.js';

const DRAFTS = '/api/me/drafts';
const OTHER_PERSON = { personalIdentityNumber: '199001012385', givenName: 'Kim', surname: 'Berg', displayName: 'Kim Berg' };
const DAY = 24 * 3600 * 1000;

type Session = Awaited<ReturnType<typeof loggedIn>>;
const as = (session: Session, extra: Record<string, string> = {}) => ({ cookie: session.cookie, 'x-csrf-token': session.csrfToken, ...extra });

describe(`drafts API (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let klara: Session;
  let kim: Session;
  let klaraInEkdala: Session;
  let weddingDraft: string;

  const audit = (subjectId: string) =>
    app.database.db.selectFrom('audit_log').select(['action', 'actor', 'details']).where('subject_type', '=', 'draft').where('subject_id', '=', subjectId).orderBy('id').execute();
  const setExpiry = (id: string, expiresAt: Date) =>
    app.database.db.updateTable('drafts').set({ expires_at: expiresAt }).where('id', '=', id).execute();

  beforeAll(async () => {
    app = await startTestApp({ bodyLimitBytes: 16 * 1024 });
    const db = app.database.db;
    [klara, kim, klaraInEkdala] = await Promise.all([
      loggedIn(db),
      loggedIn(db, { person: OTHER_PERSON }),
      loggedIn(db, { municipalityId: 'ekdala' }),
    ]);
  });
  afterAll(async () => app?.close());

  it('needs a login, and says that drafts are for logged-in citizens', async () => {
    for (const [method, path, body] of [
      ['GET', DRAFTS, undefined],
      ['POST', DRAFTS, { eserviceId: 'felanmalan', version: 1, answers: {} }],
      ['GET', `${DRAFTS}/${randomUUID()}`, undefined],
    ] as const) {
      const response = await call(app.baseUrl, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body.code).toBe('login-required');
      expect(response.body.messages.sv.detail).toMatch(/Utkast sparas bara/);
      expect(response.body.messages.en.detail).toMatch(/Drafts are only saved/);
    }
  });

  it('keeps no drafts for an anonymous e-service, even when logged in', async () => {
    const response = await call(app.baseUrl, 'POST', DRAFTS, { eserviceId: 'felanmalan', version: 1, answers: { location: 'Storgatan' } }, as(klara));
    expect(response).toMatchObject({ status: 422, body: { code: 'drafts-not-available' } });
    expect(response.body.messages.sv.detail).toMatch(/kräver ingen inloggning/);
  });

  it('creates a draft (one per person and e-service), lists it and returns it', async () => {
    const answers = { partyOne: { name: 'Tolvan Tolvansson' } };
    const created = await call(app.baseUrl, 'POST', DRAFTS, { eserviceId: 'borgerlig-vigsel', version: 1, answers, stepId: 'ni-som-gifter-er' }, as(klara));
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    weddingDraft = created.body.id;
    expect(created.headers.get('location')).toBe(`${DRAFTS}/${weddingDraft}`);
    expect(created.body).toMatchObject({ eserviceId: 'borgerlig-vigsel', version: 1, revision: 1, answers, stepId: 'ni-som-gifter-er', eserviceOpen: true, expiresSoon: false });
    const ttl = new Date(created.body.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(29.9 * DAY);
    expect(ttl).toBeLessThanOrEqual(30 * DAY);

    const again = await call(app.baseUrl, 'POST', DRAFTS, { eserviceId: 'borgerlig-vigsel', version: 1, answers: {} }, as(klara));
    expect(again).toMatchObject({ status: 409, body: { code: 'draft-exists', draftId: weddingDraft } });

    const list = await call(app.baseUrl, 'GET', DRAFTS, undefined, { cookie: klara.cookie });
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect(list.body).toMatchObject({ municipalityId: 'solbacka', ttlDays: 30 });
    expect(list.body.items).toEqual([
      {
        id: weddingDraft,
        eserviceId: 'borgerlig-vigsel',
        version: 1,
        eserviceTitle: { sv: expect.any(String), en: expect.any(String) },
        stepId: 'ni-som-gifter-er',
        revision: 1,
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        expiresAt: created.body.expiresAt,
        expired: false,
        expiresSoon: false,
        url: `${DRAFTS}/${weddingDraft}`,
      },
    ]);

    const read = await call(app.baseUrl, 'GET', `${DRAFTS}/${weddingDraft}`, undefined, { cookie: klara.cookie });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body.answers).toEqual(answers);
  });

  it('autosaves with the revision, extends the expiry, and refuses a stale save with 412', async () => {
    await setExpiry(weddingDraft, new Date(Date.now() + 2 * DAY));
    const soon = await call(app.baseUrl, 'GET', DRAFTS, undefined, { cookie: klara.cookie });
    expect(soon.body.items[0]).toMatchObject({ id: weddingDraft, expiresSoon: true, expired: false });

    const answers = { partyOne: { name: 'Tolvan Tolvansson', personalIdentityNumber: '19121212-1212' }, placeAddress: 'Utsiktsberget, Solbacka' };
    const saved = await call(app.baseUrl, 'PUT', `${DRAFTS}/${weddingDraft}`, { answers, stepId: 'tid-och-plats' }, as(klara, { 'if-match': '"1"' }));
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe('"2"');
    expect(saved.body).toMatchObject({ revision: 2, answers, stepId: 'tid-och-plats', expiresSoon: false });
    expect(new Date(saved.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(29.9 * DAY);

    const stale = await call(app.baseUrl, 'PUT', `${DRAFTS}/${weddingDraft}`, { answers: {} }, as(klara, { 'if-match': '"1"' }));
    expect(stale).toMatchObject({ status: 412, body: { code: 'stale-revision', currentRevision: 2 } });
    expect(stale.body.messages.sv.detail).toMatch(/version 2/);
    expect((await call(app.baseUrl, 'PUT', `${DRAFTS}/${weddingDraft}`, { answers: {} }, as(klara))).status).toBe(428);
    expect((await call(app.baseUrl, 'PUT', `${DRAFTS}/${weddingDraft}`, { answers: {} }, { cookie: klara.cookie, 'if-match': '"2"' })).status).toBe(403); // CSRF token
    expect((await call(app.baseUrl, 'GET', `${DRAFTS}/${weddingDraft}`, undefined, { cookie: klara.cookie })).body.answers).toEqual(answers);
  });

  it('refuses answers to questions the form does not ask, an unknown step, and answers that are not an object', async () => {
    const put = (body: unknown) => call(app.baseUrl, 'PUT', `${DRAFTS}/${weddingDraft}`, body, as(klara, { 'if-match': '"2"' }));
    const unknown = await put({ answers: { placeAddress: 'Utsiktsberget, Solbacka', favouriteColour: 'blå', partyOne: { shoeSize: 42 } } });
    expect(unknown).toMatchObject({ status: 422, body: { code: 'answers-invalid' } });
    expect(unknown.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/favouriteColour', '/partyOne/shoeSize']);
    expect(unknown.body.errors[0].message).toEqual({ sv: expect.stringMatching(/frågar inte efter/), en: expect.stringMatching(/does not ask for/) });
    expect((await put({ answers: {}, stepId: 'steg-som-inte-finns' })).body.code).toBe('step-unknown');
    expect((await put({ answers: ['a'] })).body.code).toBe('answers-invalid');
    expect((await put({ stepId: 'tid-och-plats' })).body.code).toBe('draft-malformed');
    const tooLarge = await put({ answers: { placeAddress: 'x'.repeat(20_000) } });
    expect(tooLarge).toMatchObject({ status: 413, body: { code: 'payload-too-large' } });
    // nested 2 000 deep in a 4 KB body: refused before anything walks the answers
    const deep = `{"placeAddress":${'['.repeat(2000)}${']'.repeat(2000)}}`;
    for (const response of [
      await call(app.baseUrl, 'PUT', `${DRAFTS}/${weddingDraft}`, `{"answers":${deep}}`, as(klara, { 'if-match': '"2"' })),
      await call(app.baseUrl, 'POST', DRAFTS, `{"eserviceId":"borgerlig-vigsel","version":1,"answers":${deep}}`, as(klara)),
    ]) {
      expect(response).toMatchObject({ status: 422, body: { code: 'answers-too-deep', maxDepth: 32 } });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body.messages).toEqual({ sv: expect.objectContaining({ detail: expect.stringMatching(/för djupt/) }), en: expect.objectContaining({ detail: expect.stringMatching(/too deeply/) }) });
    }
    const created = await call(app.baseUrl, 'POST', DRAFTS, { eserviceId: 'forskoleplats', version: 1, answers: { pet: 'katt' } }, as(klara));
    expect(created).toMatchObject({ status: 422, body: { code: 'answers-invalid' } });
    // an incomplete draft is fine: nothing was saved by the refused attempts
    const read = await call(app.baseUrl, 'GET', `${DRAFTS}/${weddingDraft}`, undefined, { cookie: klara.cookie });
    expect(read.body.revision).toBe(2);
  });

  it('answers 404 to another person and to the same person in another municipality', async () => {
    const path = `${DRAFTS}/${weddingDraft}`;
    for (const session of [kim, klaraInEkdala]) {
      expect((await call(app.baseUrl, 'GET', path, undefined, { cookie: session.cookie })).status).toBe(404);
      expect((await call(app.baseUrl, 'PUT', path, { answers: {} }, as(session, { 'if-match': '"2"' }))).status).toBe(404);
      expect((await call(app.baseUrl, 'DELETE', path, undefined, as(session))).status).toBe(404);
      expect((await call(app.baseUrl, 'GET', DRAFTS, undefined, { cookie: session.cookie })).body.items).toEqual([]);
    }
    expect((await call(app.baseUrl, 'GET', `${DRAFTS}/inte-ett-id`, undefined, { cookie: klara.cookie })).body.code).toBe('not-found');
    // still there, unchanged
    expect((await call(app.baseUrl, 'GET', path, undefined, { cookie: klara.cookie })).body.revision).toBe(2);
  });

  it('asks for the e-service’s level of assurance', async () => {
    const weak = await loggedIn(app.database.db, { loa: 2, person: { ...OTHER_PERSON, personalIdentityNumber: '200001012380' } });
    const response = await call(app.baseUrl, 'POST', DRAFTS, { eserviceId: 'forskoleplats', version: 1, answers: {} }, as(weak));
    expect(response).toMatchObject({ status: 403, body: { code: 'loa-too-low', requiredLoa: 3 } });
  });

  it('answers 410 for an expired draft, shows it as expired, and lets the citizen start again', async () => {
    const expiredAt = new Date(Date.now() - 3600_000);
    await setExpiry(weddingDraft, expiredAt);
    const read = await call(app.baseUrl, 'GET', `${DRAFTS}/${weddingDraft}`, undefined, { cookie: klara.cookie });
    expect(read).toMatchObject({ status: 410, body: { code: 'draft-expired', expiredAt: expiredAt.toISOString() } });
    expect(read.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const day = expiredAt.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm', day: 'numeric', month: 'long', year: 'numeric' });
    expect(read.body.messages.sv.detail).toContain(`gick ut den ${day}`);
    expect(read.body.messages.en.detail).toMatch(/expired on \d{1,2} \w+ \d{4}/);
    expect((await call(app.baseUrl, 'PUT', `${DRAFTS}/${weddingDraft}`, { answers: {} }, as(klara, { 'if-match': '"2"' }))).status).toBe(410);
    const list = await call(app.baseUrl, 'GET', DRAFTS, undefined, { cookie: klara.cookie });
    expect(list.body.items).toMatchObject([{ id: weddingDraft, expired: true, expiresSoon: false }]);

    // within the grace period the cleanup keeps it; after, it is deleted and audited
    expect(await deleteExpiredDrafts(app.database.db)).toBe(0);
    await setExpiry(weddingDraft, new Date(Date.now() - 8 * DAY));
    expect(await new DraftCleanup(app.database.db, pino({ level: 'silent' })).runOnce()).toBe(1);
    expect((await call(app.baseUrl, 'GET', `${DRAFTS}/${weddingDraft}`, undefined, { cookie: klara.cookie })).status).toBe(404);
    expect((await audit(weddingDraft)).map((a) => [a.action, a.details.reason, a.actor])).toEqual([
      ['draft.created', undefined, 'citizen:bankid:198112289874'],
      ['draft.deleted', 'expired', 'system:draft-cleanup'],
    ]);

    // an expired draft within its grace period gives way to a new one
    const first = await call(app.baseUrl, 'POST', DRAFTS, { eserviceId: 'borgerlig-vigsel', version: 1, answers: {} }, as(klara));
    await setExpiry(first.body.id, new Date(Date.now() - DAY));
    const second = await call(app.baseUrl, 'POST', DRAFTS, { eserviceId: 'borgerlig-vigsel', version: 1, answers: {} }, as(klara));
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect((await audit(first.body.id)).map((a) => a.action)).toEqual(['draft.created', 'draft.deleted']);
    expect((await call(app.baseUrl, 'DELETE', `${DRAFTS}/${second.body.id}`, undefined, as(klara))).status).toBe(204);
  });

  it('deletes the draft when the answers are submitted', async () => {
    const created = await call(app.baseUrl, 'POST', DRAFTS, { eserviceId: 'vuxenutbildning', version: 1, answers: {} }, as(klara));
    expect(created.status).toBe(201);
    const kims = await call(app.baseUrl, 'POST', DRAFTS, { eserviceId: 'vuxenutbildning', version: 1, answers: {} }, as(kim));
    expect(kims.status).toBe(201);
    const submitted = await call(
      app.baseUrl,
      'POST',
      '/api/municipalities/solbacka/eservices/vuxenutbildning/versions/1/submissions',
      { answers: EXAMPLE_ANSWERS.vuxenutbildning, language: 'sv' },
      as(klara),
    );
    expect(submitted.status).toBe(201);
    expect(submitted.body.receiptUrl).toMatch(/^\/api\/receipts\//); // the receipt step still runs
    expect((await call(app.baseUrl, 'GET', `${DRAFTS}/${created.body.id}`, undefined, { cookie: klara.cookie })).status).toBe(404);
    const trail = await audit(created.body.id);
    expect(trail.at(-1)).toMatchObject({ action: 'draft.deleted', details: { reason: 'submitted', submissionId: submitted.body.submissionId } });
    // only the applicant's own draft goes
    expect((await call(app.baseUrl, 'GET', `${DRAFTS}/${kims.body.id}`, undefined, { cookie: kim.cookie })).status).toBe(200);
  });

  it('lets a submission stand when its draft cannot be deleted', async () => {
    const failing = { transaction: () => { throw new Error('database gone'); } } as unknown as Kysely<Database>;
    const after = deletingDraftAfterSubmission(failing, pino({ level: 'silent' }));
    await expect(after({ municipalityId: 'solbacka' } as never, { receipt: { submissionId: randomUUID(), receiptNumber: 'SOL-1', submittedAt: new Date(), state: 'submitted' }, response: {}, eserviceId: 'bygglov', draft: { id: randomUUID(), personalIdentityNumber: '198112289874', identityMethod: 'bankid' } })).resolves.toBeUndefined();
  });

  it('keeps a draft of a closed e-service readable but refuses to save or send it', async () => {
    const answers = { applicantType: 'private' };
    const created = await call(app.baseUrl, 'POST', DRAFTS, { eserviceId: 'bygglov', version: 1, answers }, as(klara));
    expect(created.status).toBe(201);
    expect((await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices/bygglov/unpublish')).status).toBeLessThan(300);

    const read = await call(app.baseUrl, 'GET', `${DRAFTS}/${created.body.id}`, undefined, { cookie: klara.cookie });
    expect(read).toMatchObject({ status: 200, body: { eserviceOpen: false, answers } });
    const save = await call(app.baseUrl, 'PUT', `${DRAFTS}/${created.body.id}`, { answers }, as(klara, { 'if-match': '"1"' }));
    expect(save).toMatchObject({ status: 409, body: { code: 'eservice-not-published' } });
    expect(save.body.messages.sv.detail).toMatch(/tar inte emot ansökningar/);
    const send = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices/bygglov/versions/1/submissions', { answers: EXAMPLE_ANSWERS.bygglov }, as(klara));
    expect(send).toMatchObject({ status: 409, body: { code: 'eservice-not-published' } });
    const other = await call(app.baseUrl, 'POST', DRAFTS, { eserviceId: 'bygglov', version: 1, answers: {} }, as(kim));
    expect(other).toMatchObject({ status: 409, body: { code: 'eservice-not-published' } });
    expect((await call(app.baseUrl, 'POST', DRAFTS, { eserviceId: 'bygglov', version: 7, answers: {} }, as(kim))).status).toBe(404);
  });

  it('deletes on request and audits creation and deletion without the answers', async () => {
    const secret = 'Hemlig uppgift 4711';
    const created = await call(app.baseUrl, 'POST', DRAFTS, { eserviceId: 'serveringstillstand', version: 1, answers: {} }, as(kim));
    expect(created.status).toBe(201);
    const saved = await call(app.baseUrl, 'PUT', `${DRAFTS}/${created.body.id}`, { answers: { restaurantName: secret } }, as(kim, { 'if-match': '"1"' }));
    expect(saved.status).toBe(200);
    expect((await call(app.baseUrl, 'DELETE', `${DRAFTS}/${created.body.id}`, undefined, as(kim))).status).toBe(204);
    expect((await call(app.baseUrl, 'DELETE', `${DRAFTS}/${created.body.id}`, undefined, as(kim))).status).toBe(404);
    const trail = await audit(created.body.id);
    expect(trail.map((a) => [a.action, a.details.reason])).toEqual([
      ['draft.created', undefined],
      ['draft.deleted', 'citizen'],
    ]);
    expect(trail[0]!.details).toEqual({ eserviceId: 'serveringstillstand', version: 1 });
    const all = await sql<{ details: string }>`select details::text as details from audit_log where subject_type = 'draft'`.execute(app.database.db);
    expect(all.rows.some((row) => row.details.includes(secret) || row.details.includes('Tolvan'))).toBe(false);
  });

  it('runs the cleanup on a timer that starts and stops', async () => {
    const cleanup = new DraftCleanup(app.database.db, pino({ level: 'silent' }), { intervalMs: 20 });
    const db = app.database.db;
    const created = await call(app.baseUrl, 'POST', DRAFTS, { eserviceId: 'forskoleplats', version: 1, answers: {} }, as(kim));
    await setExpiry(created.body.id, new Date(Date.now() - 30 * DAY));
    expect(cleanup.start().started).toBe(true);
    await expect.poll(async () => (await db.selectFrom('drafts').select('id').where('id', '=', created.body.id).execute()).length, { timeout: 5000 }).toBe(0);
    cleanup.stop();
    expect(cleanup.started).toBe(false);
  });
});
