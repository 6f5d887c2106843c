import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { TEMPLATES } from '@etjanst/schemas';
import { fastCheck } from '../checks/full-check.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import * as withdrawUnpublishedOffers from '../db/migrations/051-withdraw-unpublished-offers.js';
import { DEMO_MUNICIPALITIES, templateFor } from '../demo/seed.js';
import { createEService, publishEService } from '../eservices/operations.js';
import { saveMunicipality } from '../municipalities/repository.js';
import { findOffer, insertOffer } from './repository.js';

describe('migration 051 on a library offering unpublished e-services', () => {
  it('withdraws the offers of e-services not published, audited as unpublishing does, and keeps the published ones', async () => {
    const { db, close } = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
    try {
      await migrateToLatest(db);
      await saveMunicipality(db, DEMO_MUNICIPALITIES[0]!);
      const ctx = { db, municipalityId: 'solbacka', actor: 'test' };
      const template = (id: string) => templateFor(TEMPLATES.find((t) => t.id === id)!, 'solbacka');
      await createEService(ctx, template('felanmalan'));
      await publishEService(ctx, 'felanmalan', fastCheck);
      await createEService(ctx, template('forskoleplats'));
      // offers as they could be made before unpublishing withdrew them: one of a published e-service, one of an unpublished
      await insertOffer(db, 'solbacka', 'felanmalan', 'test');
      await insertOffer(db, 'solbacka', 'forskoleplats', 'test');

      // a migration takes the untyped database (as audit-chain.db.test.ts does): Kysely<Database> is too wide to check against it
      await withdrawUnpublishedOffers.up(db as Kysely<unknown>);
      expect(await findOffer(db, 'solbacka', 'felanmalan')).toBeDefined();
      expect(await findOffer(db, 'solbacka', 'forskoleplats')).toBeUndefined();
      const audit = await db.selectFrom('audit_log').select(['municipality_id', 'actor', 'subject_type', 'subject_id', 'details']).where('action', '=', 'eservice.template-withdrawn').execute();
      expect(audit).toEqual([{ municipality_id: 'solbacka', actor: 'system:migration', subject_type: 'eservice', subject_id: 'forskoleplats', details: { reason: 'unpublished' } }]);
    } finally {
      await close();
    }
    // a fresh database migrated from empty: slow on a loaded machine
  }, 120_000);
});
