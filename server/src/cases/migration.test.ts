import { Migrator, sql, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '@etjanst/schemas';
import * as initial from '../db/migrations/001-initial.js';
import * as identity from '../db/migrations/002-identity.js';
import * as prefill from '../db/migrations/003-prefill.js';
import * as receipts from '../db/migrations/004-receipts.js';
import * as attachments from '../db/migrations/005-attachments.js';
import * as drafts from '../db/migrations/006-drafts.js';
import * as signing from '../db/migrations/007-signing.js';
import * as delivery from '../db/migrations/009-delivery.js';
import * as cases from '../db/migrations/010-cases.js';
import * as checks from '../db/migrations/011-checks.js';
import * as auditChain from '../db/migrations/022-audit-chain.js';
import * as unfinishedDrafts from '../db/migrations/028-unfinished-drafts.js';
import * as versionValidators from '../db/migrations/032-version-validators.js';
import * as auditSealing from '../db/migrations/040-audit-sealing.js';
import { fastCheck } from '../checks/full-check.js';
import { DEMO_MUNICIPALITIES, templateFor } from '../demo/seed.js';
import { createEService, publishEService } from '../eservices/operations.js';
import { saveMunicipality } from '../municipalities/repository.js';
import { openDatabase } from '../db/database.js';
import { listStatusChanges } from './repository.js';

/**
 * What a database had before cases came; publishing keeps its check report (011), records its
 * audit event in the hash chain (022), reads the draft's unfinished state (028) and stores the
 * version's compiled validators (032) and appends it unsealed (040), so those are there too.
 */
const BEFORE: Record<string, Migration> = { '001-initial': initial, '002-identity': identity, '003-prefill': prefill, '004-receipts': receipts, '005-attachments': attachments, '006-drafts': drafts, '007-signing': signing, '009-delivery': delivery, '011-checks': checks, '022-audit-chain': auditChain, '028-unfinished-drafts': unfinishedDrafts, '032-version-validators': versionValidators, '040-audit-sealing': auditSealing };

describe('the case migration on a database with submissions', () => {
  it('makes every existing submission a received case, with its history starting when it was submitted', async () => {
    const { db, close } = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
    try {
      const migrate = async (migrations: Record<string, Migration>) => {
        const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true }).migrateToLatest();
        expect(error).toBeUndefined();
      };
      await migrate(BEFORE);
      await saveMunicipality(db, DEMO_MUNICIPALITIES[0]!);
      const ctx = { db, municipalityId: 'solbacka', actor: 'test' };
      await createEService(ctx, templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'solbacka'));
      await publishEService(ctx, 'felanmalan', fastCheck);
      // the columns of that time (the repository's insert names later ones)
      const old = (
        await sql<{ id: string; submitted_at: Date }>`insert into submissions (municipality_id, eservice_id, version, receipt_number, answers, language)
                                  values ('solbacka', 'felanmalan', 1, 'SOL-2025-000001', '{}', 'sv') returning id, submitted_at`.execute(db)
      ).rows[0]!;

      await migrate({ ...BEFORE, '010-cases': cases });
      const row = await db.selectFrom('submissions').select(['case_status', 'channel', 'assigned_to']).where('id', '=', old.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ case_status: 'received', channel: 'digital', assigned_to: null });
      expect(await listStatusChanges(db, 'solbacka', old.id)).toEqual([{ status: 'received', actorKind: 'platform', actorName: 'e-tjänstplattformen', note: null, changedAt: old.submitted_at }]);

      // and back down, for a rollback
      const down = await new Migrator({ db, provider: { getMigrations: async () => ({ ...BEFORE, '010-cases': cases }) }, allowUnorderedMigrations: true }).migrateDown();
      expect(down.error).toBeUndefined();
      expect(await db.selectFrom('submissions').select('id').execute()).toEqual([{ id: old.id }]);
    } finally {
      await close();
    }
  });
});
