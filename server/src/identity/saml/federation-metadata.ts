import { bilingual, type LocalizedText } from '@etjanst/schemas';
import type { Logger } from 'pino';
import { Problem } from '../../problems/problem.js';
import type { Loa, SamlIdentityProviderConfig } from './config.js';
import { readIdpMetadata, verifiedMetadata, type IdpMetadata } from './idp-metadata.js';

/** Where an IdP's metadata is fetched from and who must have signed it. */
export interface MetadataSource {
  /** https:// address of the metadata (a federation's aggregate or the IdP's own) */
  url: string;
  /** PEM certificate of the key the federation signs its metadata with */
  signingCert: string;
  /** How often it is fetched again; default 1 hour */
  refreshMs?: number;
  /** Largest document taken; default 10 MiB (Sweden Connect's aggregate is a few MiB) */
  maxBytes?: number;
  /** A fetch that takes longer fails; default 15 seconds */
  timeoutMs?: number;
}

export const DEFAULT_REFRESH_MS = 60 * 60_000;
/** After a failed fetch the next try comes sooner, but no sooner than this. */
const RETRY_MS = 60_000;
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;

const metadataUnavailable = (idp: string) =>
  new Problem(
    503,
    'saml-metadata-unavailable',
    bilingual('Inloggningen går inte just nu', 'Login is not available right now'),
    bilingual(
      'Uppgifterna om e-legitimationen har inte kunnat hämtas än. Försök igen om en stund eller välj ett annat sätt att logga in.',
      'The details of the e-ID could not be fetched yet. Please try again in a while or choose another way to log in.',
    ),
    { idp },
  );

/**
 * An IdP whose endpoints and signing certificates come from signed metadata at a URL, fetched
 * at start and then periodically. Only metadata signed with the configured certificate, not
 * expired, within the size limit and fetched in time replaces what we have; anything else is
 * logged and the last good metadata stays in use. Until a first good fetch the IdP's login
 * answers 503.
 */
export class RefreshedIdentityProvider implements SamlIdentityProviderConfig {
  private trusted: IdpMetadata | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** When the metadata in use was fetched, and the last failure since then */
  readonly status: { fetchedAt?: Date; lastError?: string } = {};

  constructor(
    private readonly fixed: { id: string; name: LocalizedText; entityId: string; maxLoa: Loa },
    private readonly source: MetadataSource,
    private readonly logger?: Pick<Logger, 'info' | 'warn'>,
  ) {}

  get id() {
    return this.fixed.id;
  }
  get name() {
    return this.fixed.name;
  }
  get entityId() {
    return this.fixed.entityId;
  }
  get maxLoa() {
    return this.fixed.maxLoa;
  }
  get ssoUrl(): string {
    return this.current().ssoUrl;
  }
  get sloUrl(): string | undefined {
    return this.trusted?.sloUrl;
  }
  get signingCerts(): readonly string[] {
    return this.current().signingCerts;
  }

  private current(): IdpMetadata {
    if (!this.trusted) throw metadataUnavailable(this.id);
    return this.trusted;
  }

  /** Fetches and checks the metadata once; true when it replaced what we had. */
  async refresh(): Promise<boolean> {
    const outcome = await this.fetchVerified().catch((error: unknown) => `could not be fetched (${(error as Error).message})`);
    if (typeof outcome === 'string') {
      this.status.lastError = outcome;
      this.logger?.warn({ idp: this.id, url: this.source.url, problem: outcome }, this.trusted ? 'IdP metadata refused; the last good metadata stays in use' : 'IdP metadata refused; the IdP cannot be used until good metadata is fetched');
      return false;
    }
    this.trusted = outcome;
    Object.assign(this.status, { fetchedAt: new Date(), lastError: undefined });
    this.logger?.info({ idp: this.id, signingCerts: outcome.signingCerts.length }, 'IdP metadata refreshed');
    return true;
  }

  /** Fetches now, then again every refresh period (sooner after a failure); the timer does not keep the process alive. */
  start(): this {
    const next = (ok: boolean) => {
      const period = this.source.refreshMs ?? DEFAULT_REFRESH_MS;
      this.timer = setTimeout(() => void this.refresh().then(next), ok ? period : Math.min(period, RETRY_MS));
      this.timer.unref();
    };
    void this.refresh().then(next);
    return this;
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private async fetchVerified(): Promise<IdpMetadata | string> {
    const text = await fetchBounded(this.source.url, this.source.maxBytes ?? DEFAULT_MAX_BYTES, this.source.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    if (typeof text !== 'string') return text.error;
    const signed = verifiedMetadata(text, this.source.signingCert);
    if (typeof signed !== 'string') return signed.error;
    return readIdpMetadata(signed, { entityId: this.entityId });
  }
}

/** The body as text, or why not: not 200, larger than `maxBytes`, slower than `timeoutMs`; redirects are not followed. */
async function fetchBounded(url: string, maxBytes: number, timeoutMs: number): Promise<string | { error: string }> {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/samlmetadata+xml, application/xml' } });
  if (response.status !== 200) {
    await response.body?.cancel();
    return { error: `answered ${response.status}` };
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    return { error: `is larger than ${maxBytes} bytes` };
  }
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      await reader?.cancel();
      return { error: `is larger than ${maxBytes} bytes` };
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
