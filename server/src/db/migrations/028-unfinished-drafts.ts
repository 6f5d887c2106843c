import type { Kysely } from 'kysely';

/**
 * A designer's draft is saved even when it is not yet valid: the latest save, when validation
 * refused it, is kept beside the last valid draft with its findings. The valid `draft` stays
 * what connectors, the inbox and the department follow; review and publishing take the newest
 * and refuse it while it is invalid.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('eservices')
    // json, not jsonb: property order is the form's field order, and any text the designer typed is kept as typed
    .addColumn('unfinished_draft', 'json')
    .addColumn('unfinished_problems', 'json')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('eservices').dropColumn('unfinished_draft').dropColumn('unfinished_problems').execute();
}
