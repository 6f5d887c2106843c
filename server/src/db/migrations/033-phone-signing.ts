import { sql, type Kysely } from 'kysely';

/**
 * BankID phone signing: the municipality's contact centre lets the person on the phone sign a
 * text (/phone/sign). Like a phone identification, the order has no QR code or autostart token.
 * A phone order keeps the personnummer it was started for, so its outcome is audited against the
 * same person even when it ends without BankID naming anyone (failed, cancelled); the order row
 * itself is removed after BANKID_ORDER_RETENTION_HOURS.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await replaceKindConstraints(db, ['auth', 'sign', 'phone-auth', 'phone-sign'], ['phone-auth', 'phone-sign']);
  await db.schema.alterTable('bankid_orders').addColumn('personal_number', 'text').execute();
  await db.schema
    .alterTable('bankid_orders')
    .addCheckConstraint('bankid_orders_personal_number', sql`personal_number is null or (personal_number ~ '^[0-9]{12}$' and kind in ('phone-auth', 'phone-sign'))`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from bankid_orders where kind = 'phone-sign'`.execute(db);
  await db.schema.alterTable('bankid_orders').dropColumn('personal_number').execute();
  await replaceKindConstraints(db, ['auth', 'sign', 'phone-auth'], ['phone-auth']);
}

/** The kinds an order may have, and those (the phone orders) that have no start tokens. */
async function replaceKindConstraints(db: Kysely<unknown>, kinds: string[], phoneKinds: string[]): Promise<void> {
  const list = (values: string[]) => sql.join(values.map((value) => sql.lit(value)));
  await db.schema.alterTable('bankid_orders').dropConstraint('bankid_orders_kind_check').execute();
  await db.schema.alterTable('bankid_orders').addCheckConstraint('bankid_orders_kind_check', sql`kind in (${list(kinds)})`).execute();
  await db.schema.alterTable('bankid_orders').dropConstraint('bankid_orders_start_tokens').execute();
  await db.schema
    .alterTable('bankid_orders')
    .addCheckConstraint(
      'bankid_orders_start_tokens',
      sql`(kind in (${list(phoneKinds)})) = (qr_start_token is null and qr_start_secret is null and auto_start_token is null)`,
    )
    .execute();
}
