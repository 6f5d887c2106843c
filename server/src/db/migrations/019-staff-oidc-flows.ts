import { sql, type Kysely } from 'kysely';

/**
 * Staff OpenID Connect logins in progress: what the callback must check (nonce, PKCE verifier),
 * where to go after it, and which browser started it. A row is taken (deleted) by the callback,
 * so each state completes at most once, on whichever server instance the provider sends it to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff_oidc_flows')
    // sha256 of the `state` sent to the provider: the state itself travels in URLs
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    // sha256 of the flow cookie: binds the login to the browser that started it
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('staff_oidc_flows_created').on('staff_oidc_flows').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('staff_oidc_flows').execute();
}
