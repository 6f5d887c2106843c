import { sql, type Kysely } from 'kysely';

/**
 * Staff identity providers a platform administrator stores (OpenID Connect or SAML), beside those
 * of the configuration. `settings` holds what may be shown (issuer and client id, or entity id,
 * SSO URL and signing certificates); an OIDC provider's client secret has a column of its own,
 * which no listing selects. The id is the provider's slug in URLs and in its logins' provider
 * name (`oidc:<id>`, `saml:<id>`), one namespace for both kinds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff_identity_providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('oidc', 'saml')`))
    .addColumn('name', 'jsonb', (c) => c.notNull())
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('client_secret', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addCheckConstraint('staff_identity_providers_secret', sql`(kind = 'oidc') = (client_secret is not null)`)
    .execute();
  // the installation's own events (staff logins, platform administration), searched by platform administrators
  await sql`create index audit_log_installation on audit_log (id) where municipality_id is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_installation').execute();
  await db.schema.dropTable('staff_identity_providers').execute();
}
