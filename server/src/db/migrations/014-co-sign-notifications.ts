import { sql, type Kysely } from 'kysely';

/**
 * Case e-mails come in two kinds: news in the applicant's case, and a request to a co-signer
 * (e.g. the other guardian) to log in and sign. Both carry no case content.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('case_notifications')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('case-news').check(sql`kind in ('case-news', 'co-sign-request')`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_notifications').dropColumn('kind').execute();
}
