import { sql, type Kysely } from 'kysely';

/**
 * A municipality's own look and address, and what cost sharing splits by (issue 21):
 * - `display_name`: the name its pages, receipts and statement show, when it differs from the
 *   name set-up gave it (set-up renames `name`, so the administrator's choice lives apart);
 * - `host_name`: its own host name (e-tjanster.ekdala.se), unique on the installation: a request
 *   for it gets this municipality's pages, and no other Host header counts;
 * - `brand_*`: its colours, all three or none, checked against WCAG contrast before they are saved;
 * - `inhabitants`: for a split of the e-office's costs by inhabitants;
 * - `municipality_logos`: its logo (PNG or JPEG, bounded), one per municipality.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('municipalities')
    .addColumn('display_name', 'jsonb')
    .addColumn('host_name', 'text')
    .addColumn('brand_primary', 'text')
    .addColumn('brand_on_primary', 'text')
    .addColumn('brand_focus', 'text')
    .addColumn('inhabitants', 'integer', (c) => c.check(sql`inhabitants >= 0`))
    .execute();
  await sql`alter table municipalities add constraint municipalities_brand_complete check ((brand_primary is null) = (brand_on_primary is null) and (brand_primary is null) = (brand_focus is null))`.execute(db);
  await sql`create unique index municipalities_host_name on municipalities (host_name) where host_name is not null`.execute(db);
  await db.schema
    .createTable('municipality_logos')
    .addColumn('municipality_id', 'text', (c) => c.primaryKey().references('municipalities.id'))
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('municipality_logos').execute();
  await sql`drop index municipalities_host_name`.execute(db);
  await db.schema
    .alterTable('municipalities')
    .dropConstraint('municipalities_brand_complete')
    .execute();
  for (const column of ['display_name', 'host_name', 'brand_primary', 'brand_on_primary', 'brand_focus', 'inhabitants']) {
    await db.schema.alterTable('municipalities').dropColumn(column).execute();
  }
}
