import { sql, type Kysely } from 'kysely';

/**
 * Forced re-login and single logout at the staff identity providers.
 *
 * A staff session keeps what single logout needs: the OIDC ID token (the id_token_hint of an
 * RP-initiated logout; server-side only, cleared when the session ends) or the SAML NameID and
 * SessionIndex (our LogoutRequest, and the IdP's LogoutRequest finding its sessions). Its
 * `authenticated_at` is the IdP's auth_time or AuthnInstant for an SSO login, and null when the
 * provider did not say: such a login never counts as a recent one.
 *
 * A started login remembers whether it was a forced re-authentication (`reauthentication`), so
 * only the answer to that very request must, and may, prove a fresh authentication.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('staff_sessions')
    .addColumn('oidc_id_token', 'text')
    .addColumn('saml_name_id', 'text')
    .addColumn('saml_name_id_format', 'text')
    .addColumn('saml_session_index', 'text')
    .execute();
  await db.schema.alterTable('staff_sessions').alterColumn('authenticated_at', (c) => c.dropNotNull()).execute();
  await sql`create index staff_sessions_saml_name_id on staff_sessions (method, saml_name_id) where ended_at is null and saml_name_id is not null`.execute(db);
  await db.schema.alterTable('staff_oidc_flows').addColumn('reauthentication', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await db.schema.alterTable('saml_requests').addColumn('reauthentication', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('saml_requests').dropColumn('reauthentication').execute();
  await db.schema.alterTable('staff_oidc_flows').dropColumn('reauthentication').execute();
  await db.schema.dropIndex('staff_sessions_saml_name_id').execute();
  await sql`update staff_sessions set authenticated_at = created_at where authenticated_at is null`.execute(db);
  await db.schema.alterTable('staff_sessions').alterColumn('authenticated_at', (c) => c.setNotNull()).execute();
  await db.schema
    .alterTable('staff_sessions')
    .dropColumn('oidc_id_token')
    .dropColumn('saml_name_id')
    .dropColumn('saml_name_id_format')
    .dropColumn('saml_session_index')
    .execute();
}
