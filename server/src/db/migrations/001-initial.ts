import { sql, type Kysely } from 'kysely';

/** The first schema: tenants (municipalities) own every other row from the start. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('municipalities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'jsonb', (c) => c.notNull())
    .addColumn('receipt_prefix', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('departments')
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('departments_pk', ['municipality_id', 'id'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('department_id', 'text')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('roles', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('users_email_unique', ['municipality_id', 'email'])
    .addForeignKeyConstraint('users_department_fk', ['municipality_id', 'department_id'], 'departments', [
      'municipality_id',
      'id',
    ])
    .execute();

  await db.schema
    .createTable('eservices')
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('draft', 'json', (c) => c.notNull()) // json, not jsonb: property order is the form's field order
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('latest_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_version', 'integer')
    .addColumn('published_revision', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('eservices_pk', ['municipality_id', 'id'])
    .addForeignKeyConstraint('eservices_department_fk', ['municipality_id', 'department_id'], 'departments', [
      'municipality_id',
      'id',
    ])
    .addCheckConstraint('eservices_published_exists', sql`published_version is null or published_version between 1 and latest_version`)
    .execute();

  await db.schema
    .createTable('eservice_versions')
    .addColumn('municipality_id', 'text', (c) => c.notNull())
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('definition', 'json', (c) => c.notNull()) // json keeps property order, which is display order
    .addColumn('draft_revision', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('eservice_versions_pk', ['municipality_id', 'eservice_id', 'version'])
    .addForeignKeyConstraint('eservice_versions_eservice_fk', ['municipality_id', 'eservice_id'], 'eservices', [
      'municipality_id',
      'id',
    ])
    .execute();

  // A published version is a promise to every citizen who answered it: the database itself refuses change.
  await sql`
    create function refuse_published_version_change() returns trigger language plpgsql as $$
    begin
      raise exception 'published e-service versions are immutable' using errcode = 'P0001';
    end $$`.execute(db);
  await sql`
    create trigger eservice_versions_immutable before update or delete on eservice_versions
    for each row execute function refuse_published_version_change()`.execute(db);

  await db.schema
    .createTable('submissions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull())
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('receipt_number', 'text', (c) => c.notNull())
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('submissions_receipt_unique', ['municipality_id', 'receipt_number'])
    .addForeignKeyConstraint(
      'submissions_version_fk',
      ['municipality_id', 'eservice_id', 'version'],
      'eservice_versions',
      ['municipality_id', 'eservice_id', 'version'],
    )
    .execute();
  await db.schema
    .createIndex('submissions_by_eservice')
    .on('submissions')
    .columns(['municipality_id', 'eservice_id', 'submitted_at'])
    .execute();

  await db.schema
    .createTable('receipt_counters')
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('receipt_counters_pk', ['municipality_id', 'year'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema
    .createIndex('audit_log_by_subject')
    .on('audit_log')
    .columns(['municipality_id', 'subject_type', 'subject_id'])
    .execute();
}

