import type { Kysely } from 'kysely';
import type { LocalizedText } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';

export interface Department {
  id: string;
  name: LocalizedText;
}

export interface Municipality {
  id: string;
  /** The name it is shown by: its administrator's display name (branding/), else set-up's */
  name: LocalizedText;
  receiptPrefix: string;
  departments: Department[];
}

export async function listMunicipalities(db: Kysely<Database>): Promise<Municipality[]> {
  const [municipalities, departments] = await Promise.all([
    db.selectFrom('municipalities').selectAll().orderBy('id').execute(),
    db.selectFrom('departments').selectAll().orderBy('municipality_id').orderBy('id').execute(),
  ]);
  return municipalities.map((m) => ({
    id: m.id,
    name: m.display_name ?? m.name,
    receiptPrefix: m.receipt_prefix,
    departments: departments.filter((d) => d.municipality_id === m.id).map((d) => ({ id: d.id, name: d.name })),
  }));
}

export async function findMunicipality(db: Kysely<Database>, municipalityId: string): Promise<Municipality | undefined> {
  const row = await db.selectFrom('municipalities').selectAll().where('id', '=', municipalityId).executeTakeFirst();
  if (!row) return undefined;
  const departments = await db
    .selectFrom('departments')
    .select(['id', 'name'])
    .where('municipality_id', '=', municipalityId)
    .orderBy('id')
    .execute();
  return { id: row.id, name: row.display_name ?? row.name, receiptPrefix: row.receipt_prefix, departments };
}

/** What never changes about an existing municipality, by id, per database handle (see establishedMunicipality). */
const established = new WeakMap<Kysely<Database>, Map<string, { receiptPrefix: string }>>();

/**
 * What the tenant check of every API request and every submission need of a municipality, read
 * once per database handle and process: that it exists (municipalities are never removed) and
 * its receipt prefix (saveMunicipality keeps the first). An unknown id is asked again each
 * time, since it may be created meanwhile; undefined when it does not exist.
 */
export async function establishedMunicipality(db: Kysely<Database>, municipalityId: string): Promise<{ receiptPrefix: string } | undefined> {
  let known = established.get(db);
  if (!known) established.set(db, (known = new Map()));
  const cached = known.get(municipalityId);
  if (cached) return cached;
  const row = await db.selectFrom('municipalities').select('receipt_prefix').where('id', '=', municipalityId).executeTakeFirst();
  if (!row) return undefined;
  const facts = { receiptPrefix: row.receipt_prefix };
  known.set(municipalityId, facts);
  return facts;
}

/** Creates or renames a municipality and its departments; used by the demo seed and set-up. */
export async function saveMunicipality(db: Kysely<Database>, municipality: Municipality): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('municipalities')
      .values({ id: municipality.id, name: municipality.name, receipt_prefix: municipality.receiptPrefix })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: municipality.name }))
      .execute();
    for (const department of municipality.departments) {
      await trx
        .insertInto('departments')
        .values({ municipality_id: municipality.id, id: department.id, name: department.name })
        .onConflict((oc) => oc.columns(['municipality_id', 'id']).doUpdateSet({ name: department.name }))
        .execute();
    }
  });
}
