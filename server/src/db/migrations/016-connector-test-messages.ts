import type { Kysely } from 'kysely';

/**
 * A test delivery's outcome in both languages: `message` keeps the Swedish (and what rows before
 * this migration said), `message_en` the English.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('connector_tests').addColumn('message_en', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('connector_tests').dropColumn('message_en').execute();
}
