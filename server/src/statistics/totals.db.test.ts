import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatisticsPeriod } from '@etjanst/schemas';
import { auditRow } from '../audit/audit-log.js';
import type { Database, SubmissionRow } from '../db/tables.js';
import { seedDemo } from '../demo/seed.js';
import * as monthlyTotals from '../db/migrations/049-statistics-monthly-totals.js';
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

  /** Both totals tables per municipality, e-service and month: the months summed from the days, and the months kept. */
  async function monthsBothWays() {
    const figures = sql`sum(digital)::int as digital, sum(paper)::int as paper, sum(sent_without_draft)::int as sent_without_draft, sum(drafts_created)::int as drafts_created, sum(drafts_not_sent)::int as drafts_not_sent, sum(drafts_still_saved)::int as drafts_still_saved`;
    const { rows: fromDays } = await sql`select municipality_id, eservice_id, to_char(day, 'YYYY-MM') as month, ${figures} from statistics_totals group by 1, 2, 3 order by 1, 2, 3`.execute(db);
    const { rows: kept } = await sql`select municipality_id, eservice_id, to_char(month, 'YYYY-MM') as month, ${figures} from statistics_monthly_totals group by 1, 2, 3 order by 1, 2, 3`.execute(db);
    return { fromDays, kept };
  }

  it('keeps each month the sum of its days, folding and backfilling, and reads periods of whole and part months alike', async () => {
    // Swedish month boundaries: 2024-01-31T23:30Z is 1 February, 2024-02-29T22:59Z is 29 February, 2024-03-31T21:30Z is 31 March (summer time)
    await submission('bygglov', '2024-01-31T23:30:00Z');
    await submission('bygglov', '2024-01-31T22:30:00Z');
    await submission('bygglov', '2024-02-29T22:59:00Z', { channel: 'paper', applicant_personal_identity_number: null });
    await submission('felanmalan', '2024-03-31T21:30:00Z');
    const pending = await submission('bygglov', '2024-02-15T09:00:00Z', { state: 'awaiting-signature' });
    const [spanning, expired] = [randomUUID(), randomUUID()];
    await draftEvent('draft.created', spanning, 'bygglov', '2024-02-29T23:30:00Z'); // 1 March
    await draftEvent('draft.created', expired, 'felanmalan', '2024-01-15T10:00:00Z');
    await draftEvent('draft.deleted', expired, 'felanmalan', '2024-02-20T02:00:00Z', { reason: 'expired' });
    await foldStatisticsIncrements(db, 3); // part folded
    await db.updateTable('submissions').set({ state: 'submitted' }).where('id', '=', pending.id).execute(); // a change after it
    const partly = await monthsBothWays();
    expect(partly.kept).toEqual(partly.fromDays);
    await foldAllStatisticsIncrements(db);
    const folded = await monthsBothWays();
    expect(folded.kept).toEqual(folded.fromDays);
    expect(folded.kept.length).toBeGreaterThan(4);

    // read as whole months, as days, and as both; the same figures as counted directly
    // (an e-service with cases but no drafts has a row of zero drafts read from the totals, none counted directly)
    const nonZero = ({ cases, drafts }: Awaited<ReturnType<typeof directCounts>>) =>
      [cases, drafts].map((figures) => [...figures].filter(([, counts]) => Object.values(counts).some((n) => n !== 0)));
    for (const period of [{ from: '2024-01-01', to: '2024-12-31' }, { from: '2024-02-01', to: '2024-02-29' }, { from: '2024-01-31', to: '2024-03-01' }, { from: '2024-02-29', to: '2024-02-29' }]) {
      expect(nonZero(await activityCounts(db, 'solbacka', period))).toEqual(nonZero(await directCounts(db, 'solbacka', period)));
    }
    expect((await activityCounts(db, 'solbacka', { from: '2024-02-01', to: '2024-02-29' })).cases.get('bygglov')).toEqual({ digital: 2, paper: 1, sentWithoutDraft: 2 });

    // migration 049 on a database whose days were folded before it: the months summed from them
    await db.transaction().execute(async (trx) => {
      const migrating = trx as unknown as Kysely<unknown>; // as the migrator hands it over: typed for no schema
      await monthlyTotals.down(migrating);
      await monthlyTotals.up(migrating);
    });
    expect(await monthsBothWays()).toEqual(folded);
  });
});
