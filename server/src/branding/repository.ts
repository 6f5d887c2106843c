import type { Kysely } from 'kysely';
import type { BrandColours, LocalizedText } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';

/** A municipality's look and address as stored; `colours` null: the platform's own. */
export interface Branding {
  municipalityId: string;
  /** The name set-up gave it */
  name: LocalizedText;
  /** The name its administrator chose to show instead, if any */
  displayName: LocalizedText | null;
  hostName: string | null;
  colours: BrandColours | null;
  /** Changes with the logo, so its address can be cached for long; null without a logo */
  logoVersion: string | null;
}

export interface BrandingChange {
  displayName: LocalizedText | null;
  hostName: string | null;
  colours: BrandColours | null;
}

/** The name to show: the chosen display name, else set-up's. */
export const shownName = (branding: Pick<Branding, 'name' | 'displayName'>): LocalizedText => branding.displayName ?? branding.name;

export async function loadBranding(db: Kysely<Database>, municipalityId: string): Promise<Branding | undefined> {
  const row = await db
    .selectFrom('municipalities')
    .leftJoin('municipality_logos', 'municipality_logos.municipality_id', 'municipalities.id')
    .select(['municipalities.id', 'name', 'display_name', 'host_name', 'brand_primary', 'brand_on_primary', 'brand_focus', 'municipality_logos.sha256'])
    .where('municipalities.id', '=', municipalityId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    municipalityId: row.id,
    name: row.name,
    displayName: row.display_name,
    hostName: row.host_name,
    colours: row.brand_primary && row.brand_on_primary && row.brand_focus ? { primary: row.brand_primary, onPrimary: row.brand_on_primary, focus: row.brand_focus } : null,
    logoVersion: row.sha256 ? row.sha256.slice(0, 16) : null,
  };
}

export async function saveBranding(db: Kysely<Database>, municipalityId: string, change: BrandingChange): Promise<void> {
  await db
    .updateTable('municipalities')
    .set({
      display_name: change.displayName,
      host_name: change.hostName,
      brand_primary: change.colours?.primary ?? null,
      brand_on_primary: change.colours?.onPrimary ?? null,
      brand_focus: change.colours?.focus ?? null,
    })
    .where('id', '=', municipalityId)
    .execute();
}

/** The municipality whose own host name this is; only stored names count. */
export async function municipalityOfHost(db: Kysely<Database>, hostName: string): Promise<string | undefined> {
  const row = await db.selectFrom('municipalities').select('id').where('host_name', '=', hostName).executeTakeFirst();
  return row?.id;
}

export interface Logo {
  mediaType: string;
  bytes: Uint8Array;
  sha256: string;
}

export async function loadLogo(db: Kysely<Database>, municipalityId: string): Promise<Logo | undefined> {
  const row = await db.selectFrom('municipality_logos').select(['media_type', 'bytes', 'sha256']).where('municipality_id', '=', municipalityId).executeTakeFirst();
  return row && { mediaType: row.media_type, bytes: row.bytes, sha256: row.sha256 };
}

export async function saveLogo(db: Kysely<Database>, municipalityId: string, logo: Logo): Promise<void> {
  await db
    .insertInto('municipality_logos')
    .values({ municipality_id: municipalityId, media_type: logo.mediaType, bytes: logo.bytes, sha256: logo.sha256 })
    .onConflict((oc) => oc.column('municipality_id').doUpdateSet({ media_type: logo.mediaType, bytes: logo.bytes, sha256: logo.sha256, updated_at: new Date() }))
    .execute();
}

export async function deleteLogo(db: Kysely<Database>, municipalityId: string): Promise<boolean> {
  const result = await db.deleteFrom('municipality_logos').where('municipality_id', '=', municipalityId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
