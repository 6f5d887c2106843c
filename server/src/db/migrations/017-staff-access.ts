import { sql, type Kysely } from 'kysely';

/**
 * Staff identities apart from citizens: an account, the logins that lead to it (an SSO subject,
 * an e-ID's personal identity number, the local break-glass administrator), its role grants and
 * its sessions (own cookie, own lifetimes).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff_accounts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('personal_identity_number', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('disabled_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('staff_logins')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('staff_accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_login_at', 'timestamptz')
    .addPrimaryKeyConstraint('staff_logins_pk', ['provider', 'subject'])
    .execute();
  await db.schema.createIndex('staff_logins_account').on('staff_logins').column('account_id').execute();

  await db.schema
    .createTable('staff_role_grants')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('staff_accounts.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('platform-admin', 'municipality-admin', 'designer', 'approver', 'handler', 'statistics-reader')`),
    )
    .addColumn('municipality_id', 'text', (c) => c.references('municipalities.id'))
    .addColumn('department_id', 'text')
    // 'group': given at login from the identity provider's groups, replaced at the next login
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual').check(sql`source in ('manual', 'group')`))
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('staff_role_grants_scope', sql`(role = 'platform-admin') = (municipality_id is null)`)
    .addCheckConstraint('staff_role_grants_department', sql`department_id is null or role in ('designer', 'approver', 'handler')`)
    .addForeignKeyConstraint('staff_role_grants_department_fk', ['municipality_id', 'department_id'], 'departments', ['municipality_id', 'id'])
    .execute();
  await sql`create unique index staff_role_grants_unique on staff_role_grants (account_id, role, coalesce(municipality_id, ''), coalesce(department_id, ''), source)`.execute(db);
  await db.schema.createIndex('staff_role_grants_municipality').on('staff_role_grants').columns(['municipality_id', 'role']).execute();

  // an identity provider's group and the role it gives at login (replaced at each login)
  await db.schema
    .createTable('staff_group_mappings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('group_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('platform-admin', 'municipality-admin', 'designer', 'approver', 'handler', 'statistics-reader')`),
    )
    .addColumn('municipality_id', 'text', (c) => c.references('municipalities.id'))
    .addColumn('department_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('staff_group_mappings_scope', sql`(role = 'platform-admin') = (municipality_id is null)`)
    .addForeignKeyConstraint('staff_group_mappings_department_fk', ['municipality_id', 'department_id'], 'departments', ['municipality_id', 'id'])
    .execute();
  await sql`create unique index staff_group_mappings_unique on staff_group_mappings (provider, group_name, role, coalesce(municipality_id, ''), coalesce(department_id, ''))`.execute(db);

  await db.schema
    .createTable('staff_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('staff_accounts.id').onDelete('cascade'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    // the last time the person proved who they are; sensitive actions ask for a recent one
    .addColumn('authenticated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('staff_sessions_account').on('staff_sessions').column('account_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['staff_sessions', 'staff_group_mappings', 'staff_role_grants', 'staff_logins', 'staff_accounts']) await db.schema.dropTable(table).execute();
}
