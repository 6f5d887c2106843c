import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '@etjanst/schemas';
import { templateFor, seedDemo } from '../demo/seed.js';
import { findEService, findVersion } from '../eservices/repository.js';
import { insertStoredProvider, listStoredProviders, storedOidcProvider } from '../staff/identity-providers/stored.js';
import { countSubmissions, insertSubmission, nextReceiptSequence } from '../submissions/repository.js';
import { openTestDatabase } from '../test-support/database.js';
import type { DatabaseHandle } from './database.js';

// Runs on embedded PGlite and, in the server-postgres project, on a PostgreSQL server.
describe(`storage on ${process.env.TEST_DATABASE ?? 'pglite'}`, () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase();
    await seedDemo(database.db);
  });
  afterAll(async () => database?.close());

  // A staff member may work for several municipalities (a regional e-office, a platform
  // administrator): their account, logins and sessions belong to the installation; what they may
  // do in a municipality is in their grants, which carry it. The local break-glass administrator
  // (local_admins) is the installation's too, and so is the audit log's one hash chain (audit/chain.ts),
  // and so are the staff identity providers platform administrators store.
  const INSTALLATION_TABLES = ['staff_accounts', 'staff_logins', 'staff_sessions', 'local_admins', 'staff_oidc_flows', 'audit_chain', 'staff_identity_providers', 'rate_limit_counters', 'job_passes', 'idempotency_keys'];

  it('gives every table but the installation-wide staff identities a municipality column, the tenant of each row', async () => {
    const tables = await sql<{ table_name: string; has_tenant: boolean }>`
      select t.table_name,
             exists (select 1 from information_schema.columns c
                     where c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = 'municipality_id') as has_tenant
      from information_schema.tables t
      where t.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        and t.table_name not in ('municipalities', 'kysely_migration', 'kysely_migration_lock')`.execute(database.db);
    expect(tables.rows.length).toBeGreaterThanOrEqual(10);
    expect(tables.rows.filter((t) => !t.has_tenant && !INSTALLATION_TABLES.includes(t.table_name)).map((t) => t.table_name)).toEqual([]);
  });

  it('seeds two municipalities with the six example e-services published, and is idempotent', async () => {
    const again = await seedDemo(database.db);
    expect(again.created).toEqual([]);
    for (const municipality of ['solbacka', 'ekdala']) {
      for (const template of TEMPLATES) {
        const row = await findEService(database.db, municipality, template.id);
        expect(row?.published_version, `${municipality}/${template.id}`).toBe(1);
        expect(row?.draft.owner.organisation).toBe(municipality);
        // every address an e-service sends to or shows is the municipality's own
        const addresses = JSON.stringify([row?.draft.owner.contact, row?.draft.accessibility, row?.draft.delivery.connectors]).match(/[\w.-]+@[\w.-]+/g) ?? [];
        expect(addresses.filter((address) => !address.includes(`@${municipality}.`)), `${municipality}/${template.id}`).toEqual([]);
      }
    }
    expect(TEMPLATES).toHaveLength(6);
  });

  it('refuses in the database itself to change or delete a published version', async () => {
    const before = await findVersion(database.db, 'solbacka', 'felanmalan', 1);
    await expect(
      database.db.updateTable('eservice_versions').set({ published_by: 'someone' }).where('eservice_id', '=', 'felanmalan').execute(),
    ).rejects.toThrow(/immutable/);
    await expect(database.db.deleteFrom('eservice_versions').where('eservice_id', '=', 'felanmalan').execute()).rejects.toThrow(/immutable/);
    expect(await findVersion(database.db, 'solbacka', 'felanmalan', 1)).toEqual(before);
  });

  it('keeps a definition as JSON, not as a string, and returns it unchanged, property order included', async () => {
    const stored = await findVersion(database.db, 'ekdala', 'forskoleplats', 1);
    const template = templateFor(TEMPLATES.find((t) => t.id === 'forskoleplats')!, 'ekdala');
    expect(stored?.definition).toEqual(template);
    // property order is the order fields are shown in; jsonb would sort the keys
    const childFields = (d: typeof template) => Object.keys((d.form.schema.properties as Record<string, { properties: object }>).child!.properties);
    expect(childFields(stored!.definition)).toEqual(childFields(template));
    expect(JSON.stringify(stored!.definition)).toBe(JSON.stringify(template));
    const type = await sql<{ t: string }>`select json_typeof(definition) as t from eservice_versions where eservice_id = 'forskoleplats' limit 1`.execute(database.db);
    expect(type.rows[0]?.t).toBe('object');
  });

  it('hands out receipt numbers without gaps or duplicates under concurrent submissions', async () => {
    const sequences = await Promise.all(
      Array.from({ length: 25 }, () => database.db.transaction().execute((trx) => nextReceiptSequence(trx, 'ekdala', 2031))),
    );
    expect([...sequences].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // another municipality has its own series
    expect(await nextReceiptSequence(database.db, 'solbacka', 2031)).toBe(1);
  });

  it('stores answers as a JSON object tied to an existing version, and counts them as numbers', async () => {
    const answers = { category: 'park', location: 'Ekparken', description: 'Trasig gunga vid dammen', wantsAnswer: false, list: [1, 2] };
    await insertSubmission(database.db, { municipalityId: 'ekdala', eserviceId: 'felanmalan', version: 1, receiptNumber: 'EKD-T-1', answers, language: 'sv' });
    const row = await database.db.selectFrom('submissions').select(['answers', sql<string>`jsonb_typeof(answers)`.as('type')]).where('receipt_number', '=', 'EKD-T-1').executeTakeFirstOrThrow();
    expect(row).toEqual({ answers, type: 'object' });
    expect(await countSubmissions(database.db, 'ekdala', 'felanmalan')).toBe(1);
    await expect(
      insertSubmission(database.db, { municipalityId: 'ekdala', eserviceId: 'felanmalan', version: 99, receiptNumber: 'EKD-T-2', answers, language: 'sv' }),
    ).rejects.toThrow();
  });

  it('does not let one municipality see another municipality’s e-service', async () => {
    await database.db.insertInto('municipalities').values({ id: 'tomby', name: { sv: 'Tomby' }, receipt_prefix: 'TOM' }).execute();
    expect(await findEService(database.db, 'tomby', 'felanmalan')).toBeUndefined();
    expect(await findEService(database.db, 'ekdala', 'felanmalan')).toBeDefined();
  });

  it('keeps a stored OIDC provider’s client secret apart from what listings read, and only OIDC providers have one', async () => {
    const db = database.db;
    const name = { sv: 'Lagrad', en: 'Stored' };
    const key = 'en-nyckel-som-ar-minst-trettiotva-tecken';
    const provider = { id: 'lagrad-oidc', name, settings: { kind: 'oidc', issuer: 'https://login.example.se', clientId: 'etjanst', groupsClaim: 'groups' }, clientSecret: 'hemlig' } as const;
    await expect(insertStoredProvider(db, provider, 'test', undefined)).rejects.toMatchObject({ code: 'sealing-key-missing', status: 503 });
    await insertStoredProvider(db, provider, 'test', key);
    expect(await storedOidcProvider(db, 'lagrad-oidc', key)).toEqual({ id: 'lagrad-oidc', name, issuer: 'https://login.example.se', clientId: 'etjanst', clientSecret: 'hemlig', groupsClaim: 'groups' });
    // sealed at rest, bound to its key and its provider
    const column = (await db.selectFrom('staff_identity_providers').select('client_secret').where('id', '=', 'lagrad-oidc').executeTakeFirstOrThrow()).client_secret!;
    expect(column).not.toContain('hemlig');
    await expect(storedOidcProvider(db, 'lagrad-oidc', `${key}-annan`)).rejects.toMatchObject({ code: 'client-secret-unreadable' });
    await insertStoredProvider(db, { ...provider, id: 'flyttad-oidc' }, 'test', key);
    await db.updateTable('staff_identity_providers').set({ client_secret: column }).where('id', '=', 'flyttad-oidc').execute();
    await expect(storedOidcProvider(db, 'flyttad-oidc', key)).rejects.toMatchObject({ code: 'client-secret-unreadable' });
    await db.deleteFrom('staff_identity_providers').where('id', '=', 'flyttad-oidc').execute();
    const listed = await listStoredProviders(db);
    expect(listed).toEqual([expect.objectContaining({ id: 'lagrad-oidc', origin: 'database', settings: { kind: 'oidc', issuer: 'https://login.example.se', clientId: 'etjanst', groupsClaim: 'groups' } })]);
    expect(JSON.stringify(listed)).not.toContain('hemlig');
    const row = (kind: string, secret: string | null) => sql`insert into staff_identity_providers (id, kind, name, settings, client_secret, created_by, updated_by) values (${`fel-${kind}`}, ${kind}, '{}', '{}', ${secret}, 'test', 'test')`.execute(db);
    await expect(row('oidc', null)).rejects.toThrow(/staff_identity_providers_secret/);
    await expect(row('saml', 'hemlig')).rejects.toThrow(/staff_identity_providers_secret/);
    await expect(row('ldap', null)).rejects.toThrow(/check/);
  });
});
