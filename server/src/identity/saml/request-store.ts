import type { CacheProvider } from '@node-saml/passport-saml';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SamlRequestTable } from '../../db/tables.js';

/** How long an AuthnRequest or LogoutRequest id stays answerable. */
export const REQUEST_LIFETIME_MS = 10 * 60_000;

/** A stored request; `Municipality` is string for a citizen's login, null for a staff login. */
export type SamlRequestRow<Municipality extends string | null = string> = Omit<Selectable<SamlRequestTable>, 'municipality_id'> & { municipality_id: Municipality };

/**
 * node-saml's InResponseTo cache, kept in `saml_requests` so every server instance shares it.
 * Taking an id deletes its row (DELETE … RETURNING), so of two posts of the same response only
 * one can win: replays are refused even when they race. Staff logins use the same store with
 * `idp` 'staff:<idp>' and no municipality (the database checks that the two go together).
 */
export class SamlRequestStore<Municipality extends string | null = string> implements CacheProvider {
  /** The row this request consumed, once node-saml or the caller has taken it. */
  consumed: SamlRequestRow<Municipality> | undefined;
  /** True when an InResponseTo was looked up and is unknown, expired or already used. */
  unknownRequest = false;
  /** The InResponseTo node-saml looked up (a LogoutResponse's, which node-saml checks but does not consume). */
  lookedUp: string | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly idp: string,
    /** Required where this store issues new requests (login, SP-initiated logout); a login's level of assurance, or a staff re-login's being forced, is kept with it */
    private readonly issuing?: { municipalityId: Municipality; returnTo: string; requestedLoa?: number; reauthentication?: boolean },
  ) {}

  async saveAsync(id: string, value: string) {
    if (!this.issuing) throw new Error('This SAML request store only checks responses');
    const cutoff = new Date(Date.now() - REQUEST_LIFETIME_MS);
    await this.db.deleteFrom('saml_requests').where('created_at', '<', cutoff).execute();
    await this.db
      .insertInto('saml_requests')
      .values({
        id,
        municipality_id: this.issuing.municipalityId,
        idp: this.idp,
        return_to: this.issuing.returnTo,
        requested_loa: this.issuing.requestedLoa ?? null,
        reauthentication: this.issuing.reauthentication ?? false,
      })
      .execute();
    return { value, createdAt: Date.now() };
  }

  async getAsync(id: string) {
    this.lookedUp = id;
    const row = await this.db
      .selectFrom('saml_requests')
      .select('created_at')
      .where('id', '=', id)
      .where('idp', '=', this.idp)
      .where('created_at', '>=', new Date(Date.now() - REQUEST_LIFETIME_MS))
      .executeTakeFirst();
    if (!row) this.unknownRequest = true;
    return row ? row.created_at.toISOString() : null;
  }

  async removeAsync(id: string | null) {
    return id && (await this.take(id)) ? id : null;
  }

  /** Consumes the request `id` unless already consumed by this store; undefined when someone else got it. */
  async take(id: string): Promise<SamlRequestRow<Municipality> | undefined> {
    if (this.consumed?.id === id) return this.consumed;
    const row = await this.db
      .deleteFrom('saml_requests')
      .where('id', '=', id)
      .where('idp', '=', this.idp)
      .where('created_at', '>=', new Date(Date.now() - REQUEST_LIFETIME_MS))
      .returningAll()
      .executeTakeFirst();
    // The `idp` key decides the municipality's presence (the table's check), so the type holds.
    if (!row) return undefined;
    this.consumed = row as SamlRequestRow<Municipality>;
    return this.consumed;
  }
}
