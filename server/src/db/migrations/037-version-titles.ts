import { sql, type Kysely } from 'kysely';

/**
 * A published version's title and benefit figures as columns of their own, generated from the
 * definition (which stays their one source). Lists of cases, submissions and drafts show the
 * title of each row's version and the statistics the benefit of each e-service; read from the
 * definition, every such read parses the whole stored document (json, about 10 KB), which at a
 * million submissions made the inbox's first page take half a second.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // adding the columns rewrites the table; the immutability trigger guards updates, not rewrites
  await sql`alter table eservice_versions
    add column title jsonb generated always as ((definition -> 'catalogue' -> 'title')::jsonb) stored,
    add column benefit jsonb generated always as ((definition -> 'benefit')::jsonb) stored`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table eservice_versions drop column benefit, drop column title`.execute(db);
}
