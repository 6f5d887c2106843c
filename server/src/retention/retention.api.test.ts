import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { loggedIn } from '../test-support/sessions.js';
import { RetentionJobs } from './jobs.js';
import { DEFAULT_RETENTION_PERIODS } from './periods.js';

const deliveries = '/api/municipalities/solbacka/deliveries';

describe(`retention of submissions through the app (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    // no worker: the e-service's e-mail delivery stays pending until the test says otherwise
    app = await startTestApp({ delivery: { worker: false } });
  });
  afterAll(async () => app?.close());

  it('anonymises a wedding booking past its year once the e-archive has it: gone from Mina sidor, counted on the deliveries page', async () => {
    const { db } = app.database;
    const klara = await loggedIn(db);
    const submitted = await call(
      app.baseUrl,
      'POST',
      '/api/municipalities/solbacka/eservices/borgerlig-vigsel/versions/1/submissions',
      { answers: EXAMPLE_ANSWERS['borgerlig-vigsel'], language: 'sv' },
      { cookie: klara.cookie, 'x-csrf-token': klara.csrfToken },
    );
    expect(submitted.status).toBe(201);
    const { submissionId, receiptNumber } = submitted.body as { submissionId: string; receiptNumber: string };
    // the civil wedding keeps bookings one year (P1Y): this one was made 13 months ago; its e-mail to
    // the functional mailbox is still pending and its archive delivery failed
    await sql`update submissions set submitted_at = now() - interval '13 months' where id = ${submissionId}`.execute(db);
    const archive = await db
      .insertInto('deliveries')
      .values({ municipality_id: 'solbacka', submission_id: submissionId, eservice_id: 'borgerlig-vigsel', connector_id: 'e-arkiv', connector_type: 'e-archive', idempotency_key: `solbacka:${submissionId}:e-arkiv`, state: 'dead' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const jobs = new RetentionJobs(db, pino({ level: 'silent' }), { periods: DEFAULT_RETENTION_PERIODS });
    const mine = async () => ((await call(app.baseUrl, 'GET', '/api/me/submissions', undefined, { cookie: klara.cookie })).body.items as Array<{ receiptNumber: string }>).map((s) => s.receiptNumber);

    expect((await jobs.runOnce()).anonymisedSubmissions).toBe(0);
    expect((await call(app.baseUrl, 'GET', deliveries)).body.retention).toEqual({ anonymised: 0, awaiting: 1 });
    expect(await mine()).toContain(receiptNumber);

    await db.updateTable('deliveries').set({ state: 'delivered' }).where('id', '=', archive.id).execute();
    expect((await jobs.runOnce()).anonymisedSubmissions).toBe(0);
    await db.updateTable('deliveries').set({ state: 'delivered' }).where('submission_id', '=', submissionId).execute();
    expect((await jobs.runOnce()).anonymisedSubmissions).toBe(1);
    expect((await call(app.baseUrl, 'GET', deliveries)).body.retention).toEqual({ anonymised: 1, awaiting: 0 });
    expect(await mine()).not.toContain(receiptNumber);
    // the handler still finds the case by its number, without its content
    const opened = await call(app.baseUrl, 'GET', `/api/municipalities/solbacka/departments/kommunstyrelse/inbox/cases/${receiptNumber}`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body).toMatchObject({ receiptNumber, applicantPersonalIdentityNumber: null, answers: {}, attachments: [], messages: [] });
    expect(JSON.stringify(opened.body)).not.toContain('Klara');
    const audit = await call(app.baseUrl, 'GET', `/api/municipalities/solbacka/audit?subjectId=${submissionId}&action=submission.anonymised`);
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('submission.anonymised');
    // an emptied case is never sent again, least of all over the archive's package
    const replay = await call(app.baseUrl, 'POST', `${deliveries}/${archive.id}/replay`);
    expect(replay).toMatchObject({ status: 409, body: { code: 'submission-anonymised' } });
    expect((await db.selectFrom('deliveries').select('state').where('id', '=', archive.id).executeTakeFirstOrThrow()).state).toBe('delivered');
    // another municipality counts its own
    expect((await call(app.baseUrl, 'GET', '/api/municipalities/ekdala/deliveries')).body.retention).toEqual({ anonymised: 0, awaiting: 0 });
  });
});
