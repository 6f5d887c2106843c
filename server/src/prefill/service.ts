import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/tables.js';
import type { CitizenSession } from '../identity/sessions.js';
import { PrefillSourceError, type PrefillRecord, type PrefillSourcePlugin } from './source.js';

export interface PrefillDependencies {
  /** The prefill sources, listed explicitly (the population register first) */
  sources: PrefillSourcePlugin[];
  /** How long a source's answer is kept for one login's form, in seconds; default 1800 */
  cacheSeconds?: number;
}

/** What one source said about the logged-in person. */
export type SourceOutcome =
  | { status: 'found'; record: PrefillRecord }
  | { status: 'not-found' }
  | { status: 'unavailable'; reason: string };

/** One login's cache key: the SHA-256 of its CSRF token (stable for the session, useless to anyone who reads it). */
export const sessionKey = (session: CitizenSession) => createHash('sha256').update(`prefill:${session.csrfToken}`).digest('hex');

/**
 * Asks prefill sources about the logged-in person. An answer is cached for the login for a while,
 * so the submission checks against what the form was prefilled with without asking the register
 * again. A source that cannot answer is reported, never thrown: the citizen can still type.
 */
export class PrefillService {
  private readonly cacheSeconds: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    private readonly deps: PrefillDependencies,
  ) {
    this.cacheSeconds = deps.cacheSeconds ?? 1800;
  }

  get sources(): readonly PrefillSourcePlugin[] {
    return this.deps.sources;
  }

  async lookups(session: CitizenSession, sourceIds: Iterable<string>): Promise<Map<string, SourceOutcome>> {
    const ids = [...new Set(sourceIds)];
    const outcomes = await Promise.all(ids.map((id) => this.lookup(session, id)));
    return new Map(ids.map((id, i) => [id, outcomes[i]!]));
  }

  async lookup(session: CitizenSession, sourceId: string): Promise<SourceOutcome> {
    const key = sessionKey(session);
    const person = session.person.personalIdentityNumber;
    const cached = await this.db
      .selectFrom('prefill_lookups')
      .select(['record'])
      .where('session_key', '=', key)
      .where('source', '=', sourceId)
      .where('municipality_id', '=', session.municipalityId)
      .where('personal_identity_number', '=', person)
      .where('expires_at', '>', new Date())
      .executeTakeFirst();
    if (cached) return cached.record ? { status: 'found', record: cached.record } : { status: 'not-found' };

    const source = this.deps.sources.find((s) => s.id === sourceId);
    if (!source) {
      this.logger.warn({ source: sourceId }, 'prefill source not configured');
      return { status: 'unavailable', reason: 'not configured' };
    }
    let record: PrefillRecord | undefined;
    try {
      record = await source.lookup(person);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const kind = error instanceof PrefillSourceError ? error.kind : 'unexpected';
      this.logger.warn({ source: sourceId, kind, reason, municipality: session.municipalityId }, 'prefill source could not answer; the citizen types instead');
      return { status: 'unavailable', reason };
    }
    const now = new Date();
    await this.db.deleteFrom('prefill_lookups').where('expires_at', '<=', now).execute();
    await this.db
      .insertInto('prefill_lookups')
      .values({
        session_key: key,
        source: sourceId,
        municipality_id: session.municipalityId,
        personal_identity_number: person,
        record: record ? { ...record } : null,
        expires_at: new Date(now.getTime() + this.cacheSeconds * 1000),
      })
      .onConflict((oc) =>
        oc.columns(['session_key', 'source']).doUpdateSet((eb) => ({
          municipality_id: eb.ref('excluded.municipality_id'),
          personal_identity_number: eb.ref('excluded.personal_identity_number'),
          record: eb.ref('excluded.record'),
          fetched_at: now,
          expires_at: eb.ref('excluded.expires_at'),
        })),
      )
      .execute();
    return record ? { status: 'found', record } : { status: 'not-found' };
  }
}
