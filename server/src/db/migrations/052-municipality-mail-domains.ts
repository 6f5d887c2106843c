import { sql, type Kysely } from 'kysely';

/**
 * The e-mail domains a municipality's administrator declares its own (must-requirement
 * SK-GDPR-005): an e-service that collects personal data may e-mail it only to these. Without a
 * list the rule falls back to the domain of the e-service's contact address, which its designer
 * (or a vendor's delivery) chooses; the list takes that choice away from them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('municipality_mail_domains')
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('domain', 'text', (c) => c.notNull().check(sql`domain = lower(domain) and char_length(domain) between 3 and 253`))
    .addPrimaryKeyConstraint('municipality_mail_domains_pk', ['municipality_id', 'domain'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('municipality_mail_domains').execute();
}
