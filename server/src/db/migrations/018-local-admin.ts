import { sql, type Kysely } from 'kysely';

/**
 * The break-glass local administrator: a staff account (login provider 'local', subject the
 * username) that logs in with a generated password and a TOTP code, for first set-up only.
 * Its TOTP secret is sealed with a key derived from its password, so the table alone reveals
 * neither factor. Installation-level events (a local login) belong to no municipality, so the
 * audit log takes rows without one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').alterColumn('municipality_id', (c) => c.dropNotNull()).execute();

  await db.schema
    .createTable('local_admins')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique().check(sql`username ~ '^[a-z][a-z0-9._-]{1,62}$'`))
    .addColumn('account_id', 'uuid', (c) => c.notNull().unique().references('staff_accounts.id').onDelete('cascade'))
    // argon2id, PHC string with its own salt and parameters
    .addColumn('password_hash', 'text', (c) => c.notNull())
    // AES-256-GCM (iv | tag | ciphertext) under a key derived from the password with key_salt
    .addColumn('totp_secret_sealed', 'bytea', (c) => c.notNull())
    .addColumn('key_salt', 'bytea', (c) => c.notNull())
    // RFC 6238 time step of the last accepted code: a code is accepted only for a later step
    .addColumn('last_totp_step', 'integer')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('disabled_at', 'timestamptz')
    // created by `npm start` for trying the platform: only its codes may be shown by the CLI
    .addColumn('demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_login_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('local_admins').execute();
  await sql`delete from audit_log where municipality_id is null`.execute(db);
  await db.schema.alterTable('audit_log').alterColumn('municipality_id', (c) => c.setNotNull()).execute();
}
