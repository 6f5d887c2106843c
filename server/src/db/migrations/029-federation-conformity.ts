import { sql, type Kysely } from 'kysely';

/**
 * The e-ID federation's level of assurance and BankID's phone orders:
 * - a SAML AuthnRequest keeps the level it asked for, so an answer at a lower level is refused
 *   (null for staff logins and logout requests, which ask for none);
 * - a BankID order started by the municipality's contact centre for a caller (/phone/auth) has
 *   no QR code or autostart token: the person confirms the call in their app.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('saml_requests')
    .addColumn('requested_loa', 'smallint', (c) => c.check(sql`requested_loa between 2 and 4`))
    .execute();

  await db.schema.alterTable('bankid_orders').dropConstraint('bankid_orders_kind_check').execute();
  await db.schema.alterTable('bankid_orders').addCheckConstraint('bankid_orders_kind_check', sql`kind in ('auth', 'sign', 'phone-auth')`).execute();
  for (const column of ['qr_start_token', 'qr_start_secret', 'auto_start_token']) {
    await db.schema.alterTable('bankid_orders').alterColumn(column, (c) => c.dropNotNull()).execute();
  }
  await db.schema
    .alterTable('bankid_orders')
    .addCheckConstraint(
      'bankid_orders_start_tokens',
      sql`(kind = 'phone-auth') = (qr_start_token is null and qr_start_secret is null and auto_start_token is null)`,
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from bankid_orders where kind = 'phone-auth'`.execute(db);
  await db.schema.alterTable('bankid_orders').dropConstraint('bankid_orders_start_tokens').execute();
  for (const column of ['qr_start_token', 'qr_start_secret', 'auto_start_token']) {
    await db.schema.alterTable('bankid_orders').alterColumn(column, (c) => c.setNotNull()).execute();
  }
  await db.schema.alterTable('bankid_orders').dropConstraint('bankid_orders_kind_check').execute();
  await db.schema.alterTable('bankid_orders').addCheckConstraint('bankid_orders_kind_check', sql`kind in ('auth', 'sign')`).execute();
  await db.schema.alterTable('saml_requests').dropColumn('requested_loa').execute();
}
