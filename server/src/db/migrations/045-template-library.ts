import { sql, type Kysely } from 'kysely';

/**
 * The template library (server/src/template-library/). `template_offers`: the e-services a
 * municipality offers the other municipalities of the installation; what they see is the
 * e-service's newest published version, shared without its municipality's settings.
 * `template_adoptions`: an e-service made from a template, with its origin (a municipality's
 * offered e-service, or with no origin municipality a template shipped with the platform), the
 * version it was made from and the newest version of the origin its designers have looked through.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('template_offers')
    .addColumn('municipality_id', 'text', (c) => c.notNull())
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('offered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('offered_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('template_offers_pk', ['municipality_id', 'eservice_id'])
    .addForeignKeyConstraint('template_offers_eservice_fk', ['municipality_id', 'eservice_id'], 'eservices', ['municipality_id', 'id'])
    .execute();
  await db.schema
    .createTable('template_adoptions')
    .addColumn('municipality_id', 'text', (c) => c.notNull())
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('origin_municipality_id', 'text', (c) => c.references('municipalities.id'))
    .addColumn('origin_eservice_id', 'text', (c) => c.notNull())
    .addColumn('adopted_version', 'integer', (c) => c.notNull().check(sql`adopted_version >= 1`))
    .addColumn('reviewed_version', 'integer', (c) => c.notNull())
    .addColumn('adopted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('adopted_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('template_adoptions_pk', ['municipality_id', 'eservice_id'])
    .addForeignKeyConstraint('template_adoptions_eservice_fk', ['municipality_id', 'eservice_id'], 'eservices', ['municipality_id', 'id'])
    .addCheckConstraint('template_adoptions_reviewed', sql`reviewed_version >= adopted_version`)
    // a municipality's template comes from another municipality (its own e-services it copies otherwise)
    .addCheckConstraint('template_adoptions_other_origin', sql`origin_municipality_id is null or origin_municipality_id <> municipality_id`)
    .execute();
  await db.schema.createIndex('template_adoptions_by_origin').on('template_adoptions').columns(['origin_municipality_id', 'origin_eservice_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('template_adoptions').execute();
  await db.schema.dropTable('template_offers').execute();
}
