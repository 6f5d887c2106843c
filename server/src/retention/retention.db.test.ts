import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAttachment, linkAttachments } from '../attachments/repository.js';
import { seedDemo } from '../demo/seed.js';
import type { Database, DeliveryState, SubmissionRow } from '../db/tables.js';
import { findVersion } from '../eservices/repository.js';
import { openTestDatabase, type TestDatabaseHandle } from '../test-support/database.js';
import { removeOldBankIdOrders, removeOldSamlRequests, removeUnsubmittedAttachments } from './housekeeping.js';
import { RetentionJobs } from './jobs.js';
import { DEFAULT_RETENTION_PERIODS } from './periods.js';
import { anonymiseExpiredSubmissions, retentionCounts } from './submissions.js';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const KLARA = '198112289874';
const TOLVAN = '191212121212';

// Runs on embedded PGlite and, in the server-postgres project, on a PostgreSQL server.
describe(`retention jobs on ${process.env.TEST_DATABASE ?? 'pglite'}`, () => {
  let database: TestDatabaseHandle;
  let db: Kysely<Database>;
  const now = new Date();
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const monthsAgo = (months: number) => {
    const at = new Date(now);
    at.setUTCMonth(at.getUTCMonth() - months);
    return at;
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    db = database.db;
    // two municipalities with the example e-services; the civil wedding states P1Y, the fault report P2Y
    await seedDemo(db);
  });
  afterAll(async () => database?.close());

  let receipts = 0;
  async function submission(eserviceId: string, submittedAt: Date, changes: Partial<Omit<SubmissionRow, 'id'>> = {}): Promise<SubmissionRow> {
    receipts += 1;
    return db
      .insertInto('submissions')
      .values({
        municipality_id: 'solbacka',
        eservice_id: eserviceId,
        version: 1,
        receipt_number: `SOL-T-${String(receipts).padStart(6, '0')}`,
        answers: JSON.stringify({ partyOne: { name: 'Klara Testsson' } }),
        language: 'sv',
        submitted_at: submittedAt,
        applicant_personal_identity_number: KLARA,
        applicant_name: 'Klara Testsson',
        identity_method: 'bankid',
        loa: 3,
        organisation_number: '5560000001',
        ...changes,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async function bankIdOrder(startedAt: Date, kind: 'auth' | 'sign' = 'auth'): Promise<string> {
    const row = await db
      .insertInto('bankid_orders')
      .values({
        municipality_id: 'solbacka',
        order_ref: randomUUID(),
        kind,
        flow_hash: 'f',
        qr_start_token: 'q',
        qr_start_secret: 's',
        auto_start_token: 'a',
        status: 'complete',
        completion: { user: { personalNumber: KLARA, name: 'Klara Testsson' }, device: { ipAddress: '192.0.2.1' }, signature: 'PD94', ocspResponse: 'MII' },
        started_at: startedAt,
        completed_at: startedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function delivery(submissionId: string, eserviceId: string, connectorType: string, state: DeliveryState): Promise<string> {
    const row = await db
      .insertInto('deliveries')
      .values({ municipality_id: 'solbacka', submission_id: submissionId, eservice_id: eserviceId, connector_id: connectorType, connector_type: connectorType, idempotency_key: randomUUID(), state })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  const attachment = (owner: { personalIdentityNumber: string } | { tokenHash: string }, eserviceId = 'bygglov') =>
    insertAttachment(db, 'solbacka', { eserviceId, version: 1, fieldPath: 'sitePlans', owner, originalName: 'plan.pdf', mediaType: 'application/pdf', size: 9, sha256: 'x' }, Buffer.from('%PDF-1.4\n'));

  const backdate = (table: 'attachments', id: string, at: Date) => db.updateTable(table).set({ created_at: at } as never).where('id', '=', id).execute();

  const auditOf = (action: string) => db.selectFrom('audit_log').select(['municipality_id', 'actor', 'subject_id', 'details']).where('action', '=', action).orderBy('id').execute();

  it('removes BankID logins past the period and empties signing orders, keeping what a signature points to', async () => {
    const oldLogin = await bankIdOrder(ago(25 * HOUR_MS));
    const recentLogin = await bankIdOrder(ago(23 * HOUR_MS));
    const signed = await submission('borgerlig-vigsel', ago(DAY_MS));
    const oldSigning = await bankIdOrder(ago(25 * HOUR_MS), 'sign');
    await db.insertInto('signature_orders').values({ bankid_order_id: oldSigning, municipality_id: 'solbacka', submission_id: signed.id, signer_personal_identity_number: KLARA, role: 'applicant', signed_hash: 'h' }).execute();

    expect(await removeOldBankIdOrders(db, 24, now)).toEqual({ removed: 1, emptied: 1 });
    const left = await db.selectFrom('bankid_orders').select(['id', 'completion']).where('id', 'in', [oldLogin, recentLogin, oldSigning]).execute();
    expect(left.find((o) => o.id === oldLogin)).toBeUndefined();
    expect(left.find((o) => o.id === recentLogin)?.completion).toMatchObject({ user: { personalNumber: KLARA } });
    expect(left.find((o) => o.id === oldSigning)?.completion).toBeNull();
    expect(await removeOldBankIdOrders(db, 24, now)).toEqual({ removed: 0, emptied: 0 });
  });

  it('removes attachments never submitted after the period, unless a saved draft may name them, and audits how many', async () => {
    const anonymous = await attachment({ tokenHash: 'a'.repeat(64) }, 'felanmalan');
    const klaras = await attachment({ personalIdentityNumber: KLARA });
    const tolvansInDraft = await attachment({ personalIdentityNumber: TOLVAN });
    const recent = await attachment({ personalIdentityNumber: KLARA });
    const submitted = await attachment({ personalIdentityNumber: KLARA });
    await linkAttachments(db, 'solbacka', [submitted.id], (await submission('bygglov', ago(DAY_MS))).id);
    await db.insertInto('drafts').values({ municipality_id: 'solbacka', personal_identity_number: TOLVAN, eservice_id: 'bygglov', version: 1, answers: { sitePlans: [tolvansInDraft.id] }, expires_at: new Date(now.getTime() + DAY_MS) }).execute();
    for (const { id } of [anonymous, klaras, tolvansInDraft, submitted]) await backdate('attachments', id, ago(8 * DAY_MS));
    await backdate('attachments', recent.id, ago(6 * DAY_MS));

    expect(await removeUnsubmittedAttachments(db, 7, now)).toBe(2);
    const left = (await db.selectFrom('attachments').select('id').execute()).map((a) => a.id);
    expect(left).toEqual(expect.arrayContaining([tolvansInDraft.id, recent.id, submitted.id]));
    expect(left).not.toContain(anonymous.id);
    expect(left).not.toContain(klaras.id);
    expect(await auditOf('attachments.unsubmitted-removed')).toEqual([
      { municipality_id: 'solbacka', actor: 'system:retention', subject_id: 'solbacka', details: { removed: 2, uploadedBefore: ago(7 * DAY_MS).toISOString(), retentionDays: 7 } },
    ]);
    // the draft gone, its files go too
    await db.deleteFrom('drafts').where('personal_identity_number', '=', TOLVAN).execute();
    expect(await removeUnsubmittedAttachments(db, 7, now)).toBe(1);
  });

  it('removes citizens’ and staff SAML requests past the period, answered or not', async () => {
    await db
      .insertInto('saml_requests')
      .values([
        { id: '_old-citizen', municipality_id: 'solbacka', idp: 'sweden-connect', return_to: '/solbacka', created_at: ago(2 * HOUR_MS) } as never,
        { id: '_old-staff', municipality_id: null, idp: 'staff:solbacka-adfs', return_to: '/handlaggning', created_at: ago(2 * HOUR_MS) } as never,
        { id: '_recent', municipality_id: 'solbacka', idp: 'sweden-connect', return_to: '/solbacka', created_at: ago(30 * 60_000) } as never,
      ])
      .execute();
    expect(await removeOldSamlRequests(db, 1, now)).toBe(2);
    expect((await db.selectFrom('saml_requests').select('id').execute()).map((r) => r.id)).toEqual(['_recent']);
  });

  describe('submissions past their e-service’s retention period', () => {
    let expired: SubmissionRow;
    let kept: SubmissionRow;
    let archivedLater: SubmissionRow;
    let inHandling: SubmissionRow;
    let beingDelivered: SubmissionRow;
    let archiveDelivery: string;

    beforeAll(async () => {
      // the civil wedding states P1Y
      expect((await findVersion(db, 'solbacka', 'borgerlig-vigsel', 1))?.definition.personalData.retention?.period).toBe('P1Y');
      expired = await submission('borgerlig-vigsel', monthsAgo(13));
      kept = await submission('borgerlig-vigsel', monthsAgo(11));
      archivedLater = await submission('borgerlig-vigsel', monthsAgo(14));
      inHandling = await submission('borgerlig-vigsel', monthsAgo(15), { case_status: 'in-progress' });
      beingDelivered = await submission('borgerlig-vigsel', monthsAgo(16));
      // the archive refused it for good: it waits for a replay
      archiveDelivery = await delivery(archivedLater.id, 'borgerlig-vigsel', 'e-archive', 'dead');
      // a webhook delivery under way would carry emptied answers
      await delivery(beingDelivered.id, 'borgerlig-vigsel', 'webhook', 'in-flight');
      await delivery(expired.id, 'borgerlig-vigsel', 'e-archive', 'delivered');
      await delivery(expired.id, 'borgerlig-vigsel', 'webhook', 'dead');

      // everything about the person that hangs on the expired case
      const file = await attachment({ personalIdentityNumber: KLARA }, 'borgerlig-vigsel');
      await linkAttachments(db, 'solbacka', [file.id], expired.id);
      const signing = await bankIdOrder(monthsAgo(13), 'sign');
      await db.insertInto('signature_orders').values({ bankid_order_id: signing, municipality_id: 'solbacka', submission_id: expired.id, signer_personal_identity_number: KLARA, role: 'applicant', signed_hash: 'h' }).execute();
      await db
        .insertInto('submission_signatures')
        .values({ municipality_id: 'solbacka', submission_id: expired.id, bankid_order_id: signing, signer_personal_identity_number: KLARA, signer_name: 'Klara Testsson', role: 'applicant', signature: 'PD94', ocsp_response: 'MII', signed_hash: 'h' })
        .execute();
      await db.insertInto('submission_co_signers').values({ municipality_id: 'solbacka', submission_id: expired.id, personal_identity_number: TOLVAN }).execute();
      await db.insertInto('case_status_changes').values({ municipality_id: 'solbacka', submission_id: expired.id, status: 'decided', actor_kind: 'handler', actor_name: 'Maja Handläggare', note: 'Vigseln bokad med Tolvan.' }).execute();
      await db.insertInto('case_messages').values({ municipality_id: 'solbacka', submission_id: expired.id, direction: 'from-citizen', author_kind: 'citizen', author_name: 'Klara Testsson', body: 'Vi vill ha vigseln ute.' }).execute();
      await db.insertInto('case_notifications').values({ municipality_id: 'solbacka', submission_id: expired.id, to_address: 'klara@example.se' }).execute();
      await db.insertInto('receipt_tokens').values({ token_hash: randomUUID(), municipality_id: 'solbacka', submission_id: expired.id, expires_at: monthsAgo(13) }).execute();
    });

    const person = (id: string) =>
      db.selectFrom('submissions').select(['answers', 'applicant_personal_identity_number', 'applicant_name', 'organisation_number', 'anonymised_at', 'receipt_number']).where('id', '=', id).executeTakeFirstOrThrow();

    it('counts what is due before the job runs', async () => {
      expect(await retentionCounts(db, 'solbacka', now)).toEqual({ anonymised: 0, awaiting: 4 });
      expect(await retentionCounts(db, 'ekdala', now)).toEqual({ anonymised: 0, awaiting: 0 });
    });

    it('anonymises only a submission past the period whose e-archive delivery succeeded and that no handler works on, audited', async () => {
      expect(await anonymiseExpiredSubmissions(db, now)).toBe(1);

      expect(await person(expired.id)).toEqual({
        answers: {},
        applicant_personal_identity_number: null,
        applicant_name: null,
        organisation_number: null,
        anonymised_at: now,
        receipt_number: expired.receipt_number,
      });
      for (const table of ['attachments', 'signature_orders', 'submission_signatures', 'submission_co_signers', 'case_messages', 'case_notifications', 'receipt_tokens'] as const) {
        expect(await db.selectFrom(table).select('submission_id').where('submission_id', '=', expired.id).execute(), table).toEqual([]);
      }
      // the history and the deliveries stay, without the handler's note
      expect(await db.selectFrom('case_status_changes').select(['status', 'note']).where('submission_id', '=', expired.id).execute()).toEqual([{ status: 'decided', note: null }]);
      expect(await db.selectFrom('deliveries').select('state').where('submission_id', '=', expired.id).orderBy('state').execute()).toEqual([{ state: 'dead' }, { state: 'delivered' }]);

      for (const untouched of [kept, archivedLater, inHandling, beingDelivered]) expect((await person(untouched.id)).applicant_personal_identity_number).toBe(KLARA);
      expect(await auditOf('submission.anonymised')).toEqual([
        {
          municipality_id: 'solbacka',
          actor: 'system:retention',
          subject_id: expired.id,
          details: { receiptNumber: expired.receipt_number, eserviceId: 'borgerlig-vigsel', version: 1, retentionPeriod: 'P1Y', submittedAt: expired.submitted_at.toISOString() },
        },
      ]);
      expect(await retentionCounts(db, 'solbacka', now)).toEqual({ anonymised: 1, awaiting: 3 });
    });

    it('takes a held-back submission once its e-archive delivery succeeds, and each only once however many instances run', async () => {
      await db.updateTable('deliveries').set({ state: 'delivered' }).where('id', '=', archiveDelivery).execute();
      const instances = [1, 2, 3].map(() => new RetentionJobs(db, pino({ level: 'silent' }), { periods: DEFAULT_RETENTION_PERIODS }));
      const passes = await Promise.all(instances.map((jobs) => jobs.runOnce(now)));
      expect(passes.reduce((sum, pass) => sum + pass.anonymisedSubmissions, 0)).toBe(1);
      expect((await person(archivedLater.id)).anonymised_at).toEqual(now);
      expect((await auditOf('submission.anonymised')).map((a) => a.subject_id)).toEqual([expired.id, archivedLater.id]);
      expect((await person(inHandling.id)).anonymised_at).toBeNull();
      expect((await person(beingDelivered.id)).anonymised_at).toBeNull();
    });

    it('leaves a version that states no period, or a zero one, alone', async () => {
      const version = (await findVersion(db, 'solbacka', 'felanmalan', 1))!;
      for (const [number, retention] of [[2, undefined], [3, { period: 'P0D' }]] as const) {
        const definition = structuredClone(version.definition);
        if (retention) definition.personalData.retention = retention;
        else delete definition.personalData.retention;
        await db.insertInto('eservice_versions').values({ municipality_id: 'solbacka', eservice_id: 'felanmalan', version: number, definition, draft_revision: 1, published_by: 'test' }).execute();
        await submission('felanmalan', monthsAgo(600), { version: number });
      }
      const anonymised = await retentionCounts(db, 'solbacka', now);
      expect(await anonymiseExpiredSubmissions(db, now)).toBe(0);
      expect(await retentionCounts(db, 'solbacka', now)).toEqual(anonymised);
    });
  });
});
