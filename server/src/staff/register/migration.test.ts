import { Migrator, sql, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '@etjanst/schemas';
import * as initial from '../../db/migrations/001-initial.js';
import * as identity from '../../db/migrations/002-identity.js';
import * as prefill from '../../db/migrations/003-prefill.js';
import * as receipts from '../../db/migrations/004-receipts.js';
import * as attachments from '../../db/migrations/005-attachments.js';
import * as drafts from '../../db/migrations/006-drafts.js';
import * as signing from '../../db/migrations/007-signing.js';
import * as delivery from '../../db/migrations/009-delivery.js';
import * as cases from '../../db/migrations/010-cases.js';
import * as checks from '../../db/migrations/011-checks.js';
import * as coSignNotifications from '../../db/migrations/014-co-sign-notifications.js';
import * as statistics from '../../db/migrations/015-statistics.js';
import * as connectorTestMessages from '../../db/migrations/016-connector-test-messages.js';
import * as staffAccess from '../../db/migrations/017-staff-access.js';
import * as registerOnAccounts from '../../db/migrations/021-staff-register-on-accounts.js';
import { openDatabase } from '../../db/database.js';
import { DEMO_MUNICIPALITIES, templateFor } from '../../demo/seed.js';
import { insertEService, insertPublishedVersion } from '../../eservices/repository.js';
import { saveMunicipality } from '../../municipalities/repository.js';

/** What a database had before the register moved onto staff accounts. */
const BEFORE: Record<string, Migration> = {
  '001-initial': initial,
  '002-identity': identity,
  '003-prefill': prefill,
  '004-receipts': receipts,
  '005-attachments': attachments,
  '006-drafts': drafts,
  '007-signing': signing,
  '009-delivery': delivery,
  '010-cases': cases,
  '011-checks': checks,
  '014-co-sign-notifications': coSignNotifications,
  '015-statistics': statistics,
  '016-connector-test-messages': connectorTestMessages,
  '017-staff-access': staffAccess,
};
const AFTER = { ...BEFORE, '021-staff-register-on-accounts': registerOnAccounts };

describe('the staff register’s move onto staff accounts (021)', () => {
  it('makes one account per person with an e-ID login and a handler grant per entry, keeps assignments, and goes back down', { timeout: 120_000 }, async () => {
    const { db, close } = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
    try {
      const migrator = (migrations: Record<string, Migration>) => new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
      expect((await migrator(BEFORE).migrateToLatest()).error).toBeUndefined();
      for (const municipality of DEMO_MUNICIPALITIES) await saveMunicipality(db, municipality);
      // stored as the repository does, without the audit event (the hash chain came later, 022)
      const eservice = await insertEService(db, 'solbacka', templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'solbacka'));
      await insertPublishedVersion(db, eservice, 'test', { definition: eservice.draft, revision: eservice.revision });
      // the columns of that time (the repository's insert names later ones)
      const submission = (
        await sql<{ id: string }>`insert into submissions (municipality_id, eservice_id, version, receipt_number, answers, language)
                                  values ('solbacka', 'felanmalan', 1, 'SOL-2026-000001', '{}', 'sv') returning id`.execute(db)
      ).rows[0]!;

      // Erik in two departments of Solbacka and in Ekdala (an older e-mail there), Maja in one
      const entry = async (municipality: string, department: string, number: string, name: string, email: string, createdAt: string) =>
        (
          await sql<{ id: string }>`insert into staff_members (municipality_id, department_id, personal_identity_number, name, email, role, created_at)
                                    values (${municipality}, ${department}, ${number}, ${name}, ${email}, 'handler', ${createdAt}) returning id`.execute(db)
        ).rows[0]!.id;
      await entry('ekdala', 'utbildning', '198506129876', 'Erik Provson', 'erik@ekdala.example.se', '2025-01-01');
      const erikPlanning = await entry('solbacka', 'stadsbyggnad', '198506129876', 'Erik Provsson', 'erik@solbacka.example.se', '2026-01-01');
      await entry('solbacka', 'utbildning', '198506129876', 'Erik Provsson', 'erik@solbacka.example.se', '2026-01-02');
      await entry('solbacka', 'kommunstyrelse', '199304249429', 'Maja Exempeldotter', 'maja@solbacka.example.se', '2026-01-03');
      await sql`update submissions set assigned_to = ${erikPlanning} where id = ${submission.id}`.execute(db);

      expect((await migrator(AFTER).migrateToLatest()).error).toBeUndefined();
      const accounts = await db.selectFrom('staff_accounts').select(['id', 'display_name', 'email', 'personal_identity_number']).orderBy('display_name').execute();
      expect(accounts).toEqual([
        { id: expect.any(String), display_name: 'Erik Provsson', email: 'erik@solbacka.example.se', personal_identity_number: '198506129876' },
        { id: expect.any(String), display_name: 'Maja Exempeldotter', email: 'maja@solbacka.example.se', personal_identity_number: '199304249429' },
      ]);
      const [erik, maja] = accounts;
      const logins = await db.selectFrom('staff_logins').select(['provider', 'subject', 'account_id']).orderBy('subject').execute();
      expect(logins).toEqual([
        { provider: 'e-id', subject: '198506129876', account_id: erik!.id },
        { provider: 'e-id', subject: '199304249429', account_id: maja!.id },
      ]);
      const grants = await db.selectFrom('staff_role_grants').select(['account_id', 'role', 'municipality_id', 'department_id', 'source', 'granted_by']).orderBy('municipality_id').orderBy('department_id').execute();
      const handler = (account: string, municipality: string, department: string) => ({ account_id: account, role: 'handler', municipality_id: municipality, department_id: department, source: 'manual', granted_by: 'migration' });
      expect(grants).toEqual([
        handler(erik!.id, 'ekdala', 'utbildning'),
        handler(maja!.id, 'solbacka', 'kommunstyrelse'),
        handler(erik!.id, 'solbacka', 'stadsbyggnad'),
        handler(erik!.id, 'solbacka', 'utbildning'),
      ]);
      expect(await db.selectFrom('submissions').select('assigned_to').where('id', '=', submission.id).executeTakeFirstOrThrow()).toEqual({ assigned_to: erik!.id });
      const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = 'staff_members'`.execute(db);
      expect(tables.rows[0]!.n).toBe(0);
      // a case is assigned to an existing staff account only (Maja leaves: her account goes, her grants with it)
      await db.deleteFrom('staff_accounts').where('id', '=', maja!.id).execute();
      await expect(sql`update submissions set assigned_to = ${maja!.id} where id = ${submission.id}`.execute(db)).rejects.toThrow(/foreign key/);

      // and back down, for a rollback
      expect((await migrator(AFTER).migrateDown()).error).toBeUndefined();
      const register = await sql<{ id: string; municipality_id: string; department_id: string; personal_identity_number: string }>`
        select id, municipality_id, department_id, personal_identity_number from staff_members order by municipality_id, department_id`.execute(db);
      expect(register.rows.map((r) => [r.municipality_id, r.department_id, r.personal_identity_number])).toEqual([
        ['ekdala', 'utbildning', '198506129876'],
        ['solbacka', 'stadsbyggnad', '198506129876'],
        ['solbacka', 'utbildning', '198506129876'],
      ]);
      const planning = register.rows.find((r) => r.municipality_id === 'solbacka' && r.department_id === 'stadsbyggnad')!;
      expect(await db.selectFrom('submissions').select('assigned_to').where('id', '=', submission.id).executeTakeFirstOrThrow()).toEqual({ assigned_to: planning.id });
    } finally {
      await close();
    }
  });
});
