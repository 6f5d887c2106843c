import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { RetentionJobs } from '../retention/jobs.js';
import { DEFAULT_RETENTION_PERIODS } from '../retention/periods.js';
import { ANONYMOUS, call, startTestApp, type TestApp } from '../test-support/app.js';

const DAY_MS = 24 * 3600_000;
const swedishDay = (at: Date) => at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
const hashOf = (permit: string) => createHash('sha256').update(permit).digest('hex');

/** A citizen rates an e-service once per submission, with the permit its answer carried, and nothing ties the rating to the submission. */
describe(`rating an e-service with the permit of a submission (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  const rate = (municipality: string, eserviceId: string, body: Record<string, unknown>) =>
    call(app.baseUrl, 'POST', `/api/municipalities/${municipality}/catalogue/${eserviceId}/ratings`, body, ANONYMOUS);
  /** A fault report sent anonymously, as the portal sends it: its answer with the permit */
  const submitFaultReport = async (municipality = 'solbacka') => {
    const sent = await call(app.baseUrl, 'POST', `/api/municipalities/${municipality}/eservices/felanmalan/versions/1/submissions`, { answers: EXAMPLE_ANSWERS.felanmalan, language: 'sv' }, ANONYMOUS);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    return sent.body as { submissionId: string; receiptNumber: string; ratingPermit: string };
  };
  const ratingsOf = (municipality: string) => app.database.db.selectFrom('eservice_ratings').selectAll().where('municipality_id', '=', municipality).execute();

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('refuses a rating without a permit, or with one no submission was given', async () => {
    for (const permit of [undefined, '', 42, 'not-a-permit']) {
      const refused = await rate('solbacka', 'felanmalan', { version: 1, grade: 4, ...(permit === undefined ? {} : { permit }) });
      expect(refused.status, String(permit)).toBe(422);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ code: 'rating-permit-missing', field: 'permit' });
    }
    const unknown = await rate('solbacka', 'felanmalan', { version: 1, grade: 4, permit: 'A'.repeat(43) });
    expect(unknown).toMatchObject({ status: 409, body: { code: 'rating-permit-used' } });
    expect(await ratingsOf('solbacka')).toEqual([]);
  });

  it('stores a rating once with the permit of a real submission, and refuses the permit again', async () => {
    const { ratingPermit, submissionId, receiptNumber } = await submitFaultReport();
    expect(ratingPermit).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // what is stored of the permit: its hash, where it may be used and its last day; nothing of the submission
    const permits = await sql<Record<string, unknown>>`select *, expires_on::text as expires_on from rating_permits where permit_hash = ${hashOf(ratingPermit)}`.execute(app.database.db);
    expect(permits.rows).toEqual([{ permit_hash: hashOf(ratingPermit), municipality_id: 'solbacka', eservice_id: 'felanmalan', expires_on: swedishDay(new Date(Date.now() + 30 * DAY_MS)) }]);
    const submission = await sql<{ row: string }>`select s::text as row from submissions s where id = ${submissionId}`.execute(app.database.db);
    expect(submission.rows[0]?.row).not.toMatch(new RegExp(`${ratingPermit}|${hashOf(ratingPermit)}`));

    expect((await rate('solbacka', 'felanmalan', { version: 1, grade: 5, comment: 'Snabbt och enkelt!', permit: ratingPermit })).status).toBe(204);
    const again = await rate('solbacka', 'felanmalan', { version: 1, grade: 1, comment: 'Igen', permit: ratingPermit });
    expect(again).toMatchObject({ status: 409, body: { code: 'rating-permit-used' } });
    expect(again.body.messages.sv.detail).toMatch(/redan lämnat ett betyg/);
    expect(again.body.messages.en.detail).toMatch(/already rated/);

    // the rating keeps only what it says: no permit, submission or time of day, and the permit is gone
    const rows = await sql<Record<string, unknown>>`select * from eservice_ratings where municipality_id = 'solbacka'`.execute(app.database.db);
    expect(rows.rows).toHaveLength(1);
    expect(Object.keys(rows.rows[0] ?? {}).sort()).toEqual(['comment', 'eservice_id', 'grade', 'id', 'municipality_id', 'rated_on', 'version']);
    expect(rows.rows[0]).toMatchObject({ eservice_id: 'felanmalan', version: 1, grade: 5, comment: 'Snabbt och enkelt!' });
    expect(JSON.stringify(rows.rows[0])).not.toMatch(new RegExp(`${ratingPermit}|${hashOf(ratingPermit)}|${submissionId}|${receiptNumber}`));
    const linked = await sql<{ n: number }>`select count(*)::integer as n from rating_permits p join eservice_ratings r on r.municipality_id = p.municipality_id and r.eservice_id = p.eservice_id where p.permit_hash = ${hashOf(ratingPermit)}`.execute(app.database.db);
    expect(linked.rows[0]?.n).toBe(0);
  });

  it('stores one rating of several sent at once with one permit', async () => {
    const { ratingPermit } = await submitFaultReport('ekdala');
    const sent = await Promise.all([1, 2, 3, 4, 5].map((grade) => rate('ekdala', 'felanmalan', { version: 1, grade, permit: ratingPermit })));
    expect(sent.map((r) => r.status).sort()).toEqual([204, 409, 409, 409, 409]);
    const stored = await ratingsOf('ekdala');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.grade).toBe(sent.findIndex((r) => r.status === 204) + 1);
  });

  it('refuses a permit of another e-service or municipality, and keeps it for its own', async () => {
    const { ratingPermit } = await submitFaultReport();
    const otherService = await rate('solbacka', 'bygglov', { version: 1, grade: 3, permit: ratingPermit });
    expect(otherService).toMatchObject({ status: 403, body: { code: 'rating-permit-foreign' } });
    expect(otherService.body.messages).toMatchObject({ sv: { title: 'Betyget gäller en annan e-tjänst' }, en: { title: 'The rating is for another e-service' } });
    expect((await rate('ekdala', 'felanmalan', { version: 1, grade: 3, permit: ratingPermit })).body).toMatchObject({ code: 'rating-permit-foreign' });
    // an unknown version is refused before the permit is used
    expect((await rate('solbacka', 'felanmalan', { version: 99, grade: 3, permit: ratingPermit })).status).toBe(404);
    expect((await rate('solbacka', 'felanmalan', { version: 1, grade: 3, permit: ratingPermit })).status).toBe(204);
  });

  it('refuses an expired permit; the retention job deletes expired permits and erases old comments, keeping the grades', async () => {
    const { db } = app.database;
    const expired = (await submitFaultReport()).ratingPermit;
    const live = (await submitFaultReport()).ratingPermit;
    await db.updateTable('rating_permits').set({ expires_on: sql<string>`expires_on - 31` }).where('permit_hash', '=', hashOf(expired)).execute();
    expect(await rate('solbacka', 'felanmalan', { version: 1, grade: 2, permit: expired })).toMatchObject({ status: 403, body: { code: 'rating-permit-expired' } });

    // ratings given two years and a day ago, and two years less a day ago
    const today = swedishDay(new Date());
    const ratedDaysAgo = (days: number, comment: string) =>
      db
        .insertInto('eservice_ratings')
        .values({ municipality_id: 'solbacka', eservice_id: 'felanmalan', version: 1, grade: 2, comment, rated_on: sql<string>`${today}::date - ${days}::integer` })
        .returning('id')
        .executeTakeFirstOrThrow();
    const old = await ratedDaysAgo(731, 'Svårt att hitta.');
    const younger = await ratedDaysAgo(729, 'Bättre nu.');
    const commentOf = async (id: string) => db.selectFrom('eservice_ratings').select(['grade', 'comment']).where('id', '=', id).executeTakeFirstOrThrow();

    const jobs = new RetentionJobs(db, pino({ level: 'silent' }), { periods: DEFAULT_RETENTION_PERIODS });
    expect(await jobs.runOnce()).toMatchObject({ ratingComments: 1, ratingPermits: 1 });
    expect(await commentOf(old.id)).toEqual({ grade: 2, comment: null });
    expect(await commentOf(younger.id)).toEqual({ grade: 2, comment: 'Bättre nu.' });
    expect(await db.selectFrom('rating_permits').select('permit_hash').where('permit_hash', 'in', [hashOf(expired), hashOf(live)]).execute()).toEqual([{ permit_hash: hashOf(live) }]);
    // today's ratings keep their comments
    const todays = await db.selectFrom('eservice_ratings').select('comment').where('municipality_id', '=', 'solbacka').where('rated_on', '=', today).execute();
    expect(todays.map((r) => r.comment)).toContain('Snabbt och enkelt!');

    // two days on (a simulated clock), the younger comment has had its two years too
    expect(await jobs.runOnce(new Date(Date.now() + 2 * DAY_MS))).toMatchObject({ ratingComments: 1, ratingPermits: 0 });
    expect(await commentOf(younger.id)).toEqual({ grade: 2, comment: null });
    // and 31 days on, the unused permit has expired and goes too
    expect((await jobs.runOnce(new Date(Date.now() + 31 * DAY_MS))).ratingPermits).toBeGreaterThanOrEqual(1);
    expect(await db.selectFrom('rating_permits').select('permit_hash').where('permit_hash', '=', hashOf(live)).execute()).toEqual([]);
  });
});
