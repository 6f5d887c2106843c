import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatisticsPeriod } from '@etjanst/schemas';
import { auditRow } from '../audit/audit-log.js';
import type { Database, SubmissionRow } from '../db/tables.js';
import { seedDemo } from '../demo/seed.js';
import { openTestDatabase, type TestDatabaseHandle } from '../test-support/database.js';
import { activityCounts } from './repository.js';
import { foldAllStatisticsIncrements, foldStatisticsIncrements } from './totals.js';

const KLARA = '198112289874';
const PERIOD: StatisticsPeriod = { from: '2025-03-01', to: '2025-03-31' };

/**
 * The figures counted directly from submissions and the audit log, the way the statistics were
 * computed before migration 042: what the kept totals must always equal.
 */
async function directCounts(db: Kysely<Database>, municipalityId: string, period: StatisticsPeriod) {
  const start = sql`(${period.from}::date)::timestamp at time zone 'Europe/Stockholm'`;
  const end = sql`(${period.to}::date + 1)::timestamp at time zone 'Europe/Stockholm'`;
  const { rows: cases } = await sql<{ eservice_id: string; digital: number; paper: number; sent_without_draft: number }>`
    select s.eservice_id,
      count(*) filter (where s.channel = 'digital' and s.state = 'submitted')::int as digital,
      count(*) filter (where s.channel = 'paper')::int as paper,
      count(*) filter (where s.channel = 'digital' and d.submission_id is null)::int as sent_without_draft
    from submissions s left join (select distinct details ->> 'submissionId' as submission_id from audit_log
      where municipality_id = ${municipalityId} and action = 'draft.deleted' and details ->> 'submissionId' is not null) d on d.submission_id = s.id::text
    where s.municipality_id = ${municipalityId} and s.submitted_at >= ${start} and s.submitted_at < ${end} group by s.eservice_id`.execute(db);
  const { rows: drafts } = await sql<{ eservice_id: string; created: number; not_sent: number; still_saved: number }>`
    select c.details ->> 'eserviceId' as eservice_id, count(*)::int as created,
      count(*) filter (where d.sent is not true)::int as not_sent, count(*) filter (where d.subject_id is null)::int as still_saved
    from audit_log c left join (select subject_id, bool_or(details ->> 'reason' = 'submitted') as sent from audit_log
      where municipality_id = ${municipalityId} and subject_type = 'draft' and action = 'draft.deleted' group by subject_id) d on d.subject_id = c.subject_id
    where c.municipality_id = ${municipalityId} and c.action = 'draft.created' and c.occurred_at >= ${start} and c.occurred_at < ${end}
    group by 1`.execute(db);
  return {
    cases: new Map(cases.map((r) => [r.eservice_id, { digital: r.digital, paper: r.paper, sentWithoutDraft: r.sent_without_draft }])),
    drafts: new Map(drafts.map((r) => [r.eservice_id, { created: r.created, notSent: r.not_sent, stillSaved: r.still_saved }])),
  };
}

// Runs on embedded PGlite and, in the server-postgres project, on a PostgreSQL server.
describe(`statistics totals on ${process.env.TEST_DATABASE ?? 'pglite'}`, () => {
  let database: TestDatabaseHandle;
  let db: Kysely<Database>;

  beforeAll(async () => {
    database = await openTestDatabase();
    db = database.db;
    await seedDemo(db);
  });
  afterAll(async () => database?.close());

  let receipts = 0;
  const submission = (eserviceId: string, at: string, changes: Partial<Omit<SubmissionRow, 'id'>> = {}) =>
    db
      .insertInto('submissions')
      .values({
        municipality_id: 'solbacka',
        eservice_id: eserviceId,
        version: 1,
        receipt_number: `SOL-ST-${String(++receipts).padStart(6, '0')}`,
        answers: '{}',
        language: 'sv',
        submitted_at: new Date(at),
        applicant_personal_identity_number: KLARA,
        state: 'submitted',
        ...changes,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  const draftEvent = (action: 'draft.created' | 'draft.deleted', draftId: string, eserviceId: string, at: string, details: Record<string, unknown> = {}) =>
    db
      .insertInto('audit_log')
      .values({ ...auditRow({ municipalityId: 'solbacka', actor: `citizen:bankid:${KLARA}`, action, subjectType: 'draft', subjectId: draftId, details: { eserviceId, ...details } }), occurred_at: new Date(at) })
      .execute();

  const counted = () => activityCounts(db, 'solbacka', PERIOD);

  it('equals a direct count of submissions and draft events before, during and after folding', async () => {
    // the Swedish day boundaries: 2025-02-28T23:30Z is 1 March in Stockholm, 2025-03-31T22:30Z is 1 April
    await submission('bygglov', '2025-02-28T23:30:00Z');
    await submission('bygglov', '2025-03-31T22:30:00Z');
    await submission('bygglov', '2025-03-10T09:00:00Z', { channel: 'paper', applicant_personal_identity_number: null });
    const signed = await submission('bygglov', '2025-03-11T09:00:00Z', { state: 'awaiting-signature' });
    await submission('bygglov', '2025-03-12T09:00:00Z', { state: 'awaiting-signature' });
    const fromDraft = await submission('felanmalan', '2025-03-20T09:00:00Z');
    // drafts: one sent (its deletion names the submission), one expired, one still saved, one deleted twice
    const [sent, expired, saved, twice] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await draftEvent('draft.created', sent, 'felanmalan', '2025-03-05T10:00:00Z');
    await draftEvent('draft.created', expired, 'felanmalan', '2025-02-28T23:10:00Z');
    await draftEvent('draft.created', saved, 'bygglov', '2025-03-15T10:00:00Z');
    await draftEvent('draft.created', twice, 'bygglov', '2025-03-16T10:00:00Z');
    await draftEvent('draft.created', randomUUID(), 'bygglov', '2025-04-01T10:00:00Z'); // outside the period
    await draftEvent('draft.deleted', sent, 'felanmalan', '2025-03-20T09:00:01Z', { reason: 'submitted', submissionId: fromDraft.id });
    await draftEvent('draft.deleted', expired, 'felanmalan', '2025-04-05T02:00:00Z', { reason: 'expired' });
    await draftEvent('draft.deleted', twice, 'bygglov', '2025-03-17T10:00:00Z', { reason: 'citizen' });
    await draftEvent('draft.deleted', twice, 'bygglov', '2025-03-17T10:00:02Z', { reason: 'submitted', submissionId: fromDraft.id });

    const direct = await directCounts(db, 'solbacka', PERIOD);
    expect(direct.cases.get('bygglov')).toEqual({ digital: 1, paper: 1, sentWithoutDraft: 3 });
    expect(direct.drafts.get('bygglov')).toEqual({ created: 2, notSent: 1, stillSaved: 1 });
    expect(await counted()).toEqual(direct); // nothing folded yet

    const pending = Number((await db.selectFrom('statistics_increments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(pending).toBeGreaterThan(5);
    expect(await foldStatisticsIncrements(db, 5)).toBe(5); // part folded, part not
    expect(await counted()).toEqual(direct);

    // a change after the partial fold: the signature completes
    await db.updateTable('submissions').set({ state: 'submitted' }).where('id', '=', signed.id).execute();
    const afterSigning = await directCounts(db, 'solbacka', PERIOD);
    expect(afterSigning.cases.get('bygglov')).toEqual({ digital: 2, paper: 1, sentWithoutDraft: 3 });
    expect(await counted()).toEqual(afterSigning);

    expect(await foldAllStatisticsIncrements(db)).toBe(pending - 5 + 2) // the update: the row's old figures taken back, its new ones added;
    expect(await db.selectFrom('statistics_increments').select('id').execute()).toEqual([]);
    expect(await counted()).toEqual(afterSigning);
  });
});
