import { sql, type Kysely } from 'kysely';

/**
 * Staff SAML logins share the citizens' InResponseTo store (`saml_requests`), but a staff login
 * belongs to no municipality. Its rows are kept apart by their `idp` key ('staff:<idp>'), which
 * the check ties to the missing municipality, so a citizen's login never reads a staff request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('saml_requests').alterColumn('municipality_id', (c) => c.dropNotNull()).execute();
  await db.schema
    .alterTable('saml_requests')
    .addCheckConstraint('saml_requests_staff_without_municipality', sql`(municipality_id is null) = (idp like 'staff:%')`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from saml_requests where municipality_id is null`.execute(db);
  await db.schema.alterTable('saml_requests').dropConstraint('saml_requests_staff_without_municipality').execute();
  await db.schema.alterTable('saml_requests').alterColumn('municipality_id', (c) => c.setNotNull()).execute();
}
