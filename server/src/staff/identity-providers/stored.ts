import type { Kysely } from 'kysely';
import { bilingual, type BilingualMessage } from '@etjanst/schemas';
import type { Database } from '../../db/tables.js';
import { Problem } from '../../problems/problem.js';
import { openSecret, sealSecret } from '../../secrets/sealing.js';
import type { StaffOidcProvider } from '../oidc/settings.js';
import type { StaffAttributeMapping } from '../saml/attributes.js';
import type { StaffSamlIdentityProvider } from '../saml/settings.js';

/**
 * Staff identity providers, wherever they come from: the configuration (STAFF_OIDC_PROVIDERS,
 * STAFF_SAML_IDPS, the demo's simulators), read-only, or the database, where platform
 * administrators keep them. A stored provider takes effect at the next login through it: the
 * login methods look stored providers up at each request. An OIDC provider's client secret is
 * stored sealed under DELIVERY_SECRET (secrets/sealing.ts), bound to the provider's id.
 */

const CLIENT_SECRETS = { name: 'staff-oidc-client-secrets' };
const ownerOf = (id: string) => `staff-identity-provider:${id}`;

/** Storing or using a stored OIDC provider needs the key its client secret is sealed with. */
export const sealingKeyMissing = () =>
  new Problem(
    503,
    'sealing-key-missing',
    bilingual('Lagrade hemligheter är inte konfigurerade', 'Stored secrets are not configured'),
    bilingual(
      'Servern saknar DELIVERY_SECRET, så den kan inte lagra eller läsa en inloggningstjänsts klienthemlighet. Kontakta driften.',
      'The server has no DELIVERY_SECRET, so it can neither store nor read an identity provider’s client secret. Contact the operators.',
    ),
  );

const secretUnreadable = (id: string) =>
  new Problem(
    503,
    'client-secret-unreadable',
    bilingual('Inloggningstjänstens klienthemlighet kan inte läsas', 'The identity provider’s client secret cannot be read'),
    bilingual(
      `Klienthemligheten för ”${id}” kan inte öppnas med serverns DELIVERY_SECRET (nyckeln har bytts, eller hemligheten sparades före kryptering). En plattformsadministratör behöver ange klienthemligheten på nytt.`,
      `The client secret of “${id}” cannot be opened with the server’s DELIVERY_SECRET (the key has changed, or the secret was stored before encryption). A platform administrator needs to enter the client secret again.`,
    ),
  );

const sealed = (sealingKey: string | undefined, id: string, clientSecret: string) => {
  if (!sealingKey) throw sealingKeyMissing();
  return sealSecret(sealingKey, CLIENT_SECRETS, ownerOf(id), clientSecret);
};

export type IdentityProviderKind = 'oidc' | 'saml';

/** What may be shown of an OIDC provider: everything but its client secret. */
export interface OidcSettings {
  kind: 'oidc';
  issuer: string;
  clientId: string;
  groupsClaim: string;
}

export interface SamlSettings {
  kind: 'saml';
  entityId: string;
  ssoUrl: string;
  /** SingleLogoutService (HTTP-Redirect), from the metadata */
  sloUrl?: string | undefined;
  signingCerts: string[];
  nameIdFormat?: string | undefined;
  attributes: StaffAttributeMapping;
}

export type IdentityProviderSettings = OidcSettings | SamlSettings;

/** A provider as the administration lists it: never a secret. */
export interface IdentityProviderRecord {
  id: string;
  name: BilingualMessage;
  settings: IdentityProviderSettings;
  origin: 'configuration' | 'database';
  updatedAt?: Date | undefined;
  updatedBy?: string | undefined;
}

/** The login method's name for logins through a provider, which group mappings name: `oidc:<id>`, `saml:<id>`. */
export const loginMethodOf = (provider: { id: string; settings: { kind: IdentityProviderKind } }) => `${provider.settings.kind}:${provider.id}`;

export const describeOidc = ({ id, name, issuer, clientId, groupsClaim }: StaffOidcProvider): IdentityProviderRecord => ({
  id,
  name,
  settings: { kind: 'oidc', issuer, clientId, groupsClaim },
  origin: 'configuration',
});

export const describeSaml = ({ id, name, entityId, ssoUrl, sloUrl, signingCerts, nameIdFormat, attributes }: StaffSamlIdentityProvider): IdentityProviderRecord => ({
  id,
  name: { sv: name.sv, en: name.en ?? name.sv },
  settings: { kind: 'saml', entityId, ssoUrl, ...(sloUrl ? { sloUrl } : {}), signingCerts, ...(nameIdFormat ? { nameIdFormat } : {}), attributes },
  origin: 'configuration',
});

type Row = { id: string; kind: IdentityProviderKind; name: BilingualMessage; settings: Record<string, unknown>; updated_at: Date; updated_by: string };
const SHOWN = ['id', 'kind', 'name', 'settings', 'updated_at', 'updated_by'] as const;

const recordOf = (row: Row): IdentityProviderRecord => ({
  id: row.id,
  name: row.name,
  settings: { ...row.settings, kind: row.kind } as IdentityProviderSettings,
  origin: 'database',
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

/** Every stored provider, by id; the client secrets are not read. */
export async function listStoredProviders(db: Kysely<Database>): Promise<IdentityProviderRecord[]> {
  return (await db.selectFrom('staff_identity_providers').select(SHOWN).orderBy('id').execute()).map(recordOf);
}

export async function findStoredProvider(db: Kysely<Database>, id: string): Promise<IdentityProviderRecord | undefined> {
  const row = await db.selectFrom('staff_identity_providers').select(SHOWN).where('id', '=', id).executeTakeFirst();
  return row && recordOf(row);
}

/** A stored OIDC provider as the login needs it, with its client secret opened. */
export async function storedOidcProvider(db: Kysely<Database>, id: string, sealingKey: string | undefined): Promise<StaffOidcProvider | undefined> {
  const row = await db.selectFrom('staff_identity_providers').select(['id', 'name', 'settings', 'client_secret']).where('id', '=', id).where('kind', '=', 'oidc').executeTakeFirst();
  if (!row || row.client_secret === null) return undefined;
  if (!sealingKey) throw sealingKeyMissing();
  const clientSecret = openSecret(sealingKey, CLIENT_SECRETS, ownerOf(row.id), row.client_secret);
  if (clientSecret === undefined) throw secretUnreadable(row.id);
  const settings = row.settings as Omit<OidcSettings, 'kind'>;
  return { id: row.id, name: row.name, issuer: settings.issuer, clientId: settings.clientId, clientSecret, groupsClaim: settings.groupsClaim };
}

export async function storedSamlProvider(db: Kysely<Database>, id: string): Promise<StaffSamlIdentityProvider | undefined> {
  const row = await db.selectFrom('staff_identity_providers').select(['id', 'name', 'settings']).where('id', '=', id).where('kind', '=', 'saml').executeTakeFirst();
  if (!row) return undefined;
  const settings = row.settings as Omit<SamlSettings, 'kind'>;
  return {
    id: row.id,
    name: row.name,
    entityId: settings.entityId,
    ssoUrl: settings.ssoUrl,
    sloUrl: settings.sloUrl,
    signingCerts: settings.signingCerts,
    nameIdFormat: settings.nameIdFormat,
    attributes: settings.attributes,
  };
}

/** The stored providers of one kind, for the login page's list. */
export async function storedProviderNames(db: Kysely<Database>, kind: IdentityProviderKind): Promise<{ id: string; name: BilingualMessage }[]> {
  return db.selectFrom('staff_identity_providers').select(['id', 'name']).where('kind', '=', kind).orderBy('id').execute();
}

export interface ProviderToStore {
  id: string;
  name: BilingualMessage;
  settings: IdentityProviderSettings;
  /** OIDC: required to create; left out on replace, the stored one is kept */
  clientSecret?: string | undefined;
}

const settingsColumn = ({ kind: _kind, ...rest }: IdentityProviderSettings): Record<string, unknown> => rest;

export async function insertStoredProvider(db: Kysely<Database>, provider: ProviderToStore, actor: string, sealingKey: string | undefined): Promise<void> {
  await db
    .insertInto('staff_identity_providers')
    .values({
      id: provider.id,
      kind: provider.settings.kind,
      name: provider.name,
      settings: settingsColumn(provider.settings),
      client_secret: provider.settings.kind === 'oidc' && provider.clientSecret !== undefined ? sealed(sealingKey, provider.id, provider.clientSecret) : null,
      created_by: actor,
      updated_by: actor,
    })
    .execute();
}

export async function replaceStoredProvider(db: Kysely<Database>, provider: ProviderToStore, actor: string, sealingKey: string | undefined): Promise<void> {
  await db
    .updateTable('staff_identity_providers')
    .set({
      name: provider.name,
      settings: settingsColumn(provider.settings),
      ...(provider.clientSecret !== undefined ? { client_secret: sealed(sealingKey, provider.id, provider.clientSecret) } : {}),
      updated_at: new Date(),
      updated_by: actor,
    })
    .where('id', '=', provider.id)
    .execute();
}

export async function deleteStoredProvider(db: Kysely<Database>, id: string): Promise<boolean> {
  return (await db.deleteFrom('staff_identity_providers').where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n;
}
