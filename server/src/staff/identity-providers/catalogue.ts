import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import type { StaffLoginMethod } from '../login-methods.js';
import { listStoredProviders, loginMethodOf, type IdentityProviderKind, type IdentityProviderRecord } from './stored.js';

/** A provider as the administration sees it, and whether logins go through it now. */
export interface CatalogueEntry extends IdentityProviderRecord {
  /** `oidc:<id>` or `saml:<id>`: the provider name of its logins and group mappings */
  loginMethod: string;
  /**
   * False for a stored provider whose id the configuration took since (the configuration's
   * wins), or whose kind no login method serves (SAML without a service provider)
   */
  inEffect: boolean;
}

/**
 * Every staff identity provider of the installation: the configuration's, from the SSO login
 * methods the app runs with, then the stored ones. Ids are one namespace across both kinds and
 * both origins.
 */
export class IdentityProviderCatalogue {
  private readonly configured: IdentityProviderRecord[];
  /** The kinds a login method serves: a provider of another kind could not be logged in with */
  readonly kinds: ReadonlySet<IdentityProviderKind>;

  constructor(
    private readonly db: Kysely<Database>,
    methods: readonly StaffLoginMethod[],
  ) {
    const sso = methods.filter((method) => method.identityProviders && (method.kind === 'oidc' || method.kind === 'saml'));
    this.configured = sso.flatMap((method) => method.identityProviders!.configured);
    this.kinds = new Set(sso.map((method) => method.kind as IdentityProviderKind));
  }

  isConfigured(id: string): boolean {
    return this.configured.some((provider) => provider.id === id);
  }

  async list(db: Kysely<Database> = this.db): Promise<CatalogueEntry[]> {
    const stored = await listStoredProviders(db);
    return [
      ...this.configured.map((provider) => ({ ...provider, loginMethod: loginMethodOf(provider), inEffect: true })),
      ...stored.map((provider) => ({ ...provider, loginMethod: loginMethodOf(provider), inEffect: !this.isConfigured(provider.id) && this.kinds.has(provider.settings.kind) })),
    ];
  }

  /** The provider whose logins are named `loginMethod` (`oidc:<id>`, `saml:<id>`), wherever it comes from. */
  async byLoginMethod(loginMethod: string, db: Kysely<Database> = this.db): Promise<CatalogueEntry | undefined> {
    return (await this.list(db)).find((provider) => provider.loginMethod === loginMethod);
  }
}
