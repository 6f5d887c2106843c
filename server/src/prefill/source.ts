import type { LocalizedText } from '@etjanst/schemas';

/**
 * Where prefilled answers come from (the population register, later perhaps the vehicle or
 * property register). Adding a source is one plugin: what it can give and how to ask it. Listed
 * explicitly where the app is wired, never registered by import side effects.
 */
export interface PrefillSourcePlugin {
  /** Stable id, as e-service definitions name it in `prefill[].source` (e.g. 'population-register') */
  id: string;
  name: LocalizedText;
  /** Attributes a lookup can give, as definitions name them in `prefill[].attribute` */
  attributes: readonly string[];
  /** Can the source be reached with our credentials right now? For readiness checks and start-up logs. */
  check(): Promise<PrefillSourceHealth>;
  /**
   * What the source knows about one person, by attribute; undefined when it has no such person.
   * Throws PrefillSourceError when it cannot answer (down, timeout, refused credentials).
   */
  lookup(personalIdentityNumber: string): Promise<PrefillRecord | undefined>;
}

/** Attribute → value: text for single values, a list of objects for e.g. `children`. */
export type PrefillRecord = Readonly<Record<string, unknown>>;

export type PrefillSourceHealth = { ok: true } | { ok: false; reason: string };

/** A source that could not answer: 'unavailable' (network, timeout, 5xx) or 'refused' (credentials, malformed call). */
export class PrefillSourceError extends Error {
  constructor(
    readonly sourceId: string,
    readonly kind: 'unavailable' | 'refused',
    message: string,
    readonly httpStatus?: number,
  ) {
    super(`${sourceId} ${kind}: ${message}`);
    this.name = 'PrefillSourceError';
  }
}
