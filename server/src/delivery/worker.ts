import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/tables.js';
import { CASE_NEWS_EMAIL, sendCaseNewsEmail } from '../cases/notifications.js';
import { RECEIPT_EMAIL, sendReceiptEmail } from '../receipts/mail.js';
import { CO_SIGN_REQUEST_EMAIL, sendCoSignRequestEmail } from '../signing/co-sign-requests.js';
import { PermanentDeliveryError } from './connector.js';
import { signingSecretsOf } from './connector-secrets.js';
import { loadDeliveryPackage } from './package.js';
import { ConnectorRegistry } from './plugins.js';
import { claimDueDeliveries, recordDelivered, recordFailed, type ClaimedDelivery } from './repository.js';
import { retryDelayMs, type DeliverySettings, type RetryPolicy } from './settings.js';

export interface DeliveryWorkerOptions {
  db: Kysely<Database>;
  logger: Logger;
  settings: DeliverySettings;
  policy: RetryPolicy;
  registry?: ConnectorRegistry;
  /** How often an idle worker looks for due deliveries (default 2 s) */
  pollMs?: number;
  /** Deliveries claimed and run at once (default 4) */
  batchSize?: number;
  /** The worker is what its process is for (`npm run worker`): its poll timer keeps the process running */
  keepsProcessAlive?: boolean;
  /** The time that claims, leases and retries are reckoned in (default: the system clock; tests simulate hours) */
  clock?: () => Date;
}

export type AttemptOutcome = 'delivered' | 'retry' | 'dead' | 'lost-claim';

/**
 * Delivers the outbox: claims due deliveries (SKIP LOCKED, with a lease), runs each through its
 * connector plugin (the citizen's receipt e-mail through receipts/mail.ts) with a time limit, and
 * records the outcome. A failure is retried with exponential backoff and full jitter; after
 * policy.maxAttempts, or at once for a permanent failure, the delivery is dead until an
 * administrator replays it. Several workers, in this process or others (`npm run worker`), may
 * run at once.
 */
export class DeliveryWorker {
  private readonly registry: ConnectorRegistry;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly clock: () => Date;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.registry = options.registry ?? new ConnectorRegistry();
    this.clock = options.clock ?? (() => new Date());
  }

  start(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    this.schedule(0);
    return this;
  }

  /** Stops polling and waits for the round under way; unfinished claims are taken over after their lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Looks for due work now (e.g. right after a submission) instead of at the next poll. */
  nudge(): void {
    if (this.stopped || this.running) return;
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((error: unknown) => {
          this.options.logger.warn({ err: error }, 'delivery round failed');
          return 0;
        })
        .then((count) => {
          this.running = undefined;
          // a full batch suggests more is due: go on at once
          if (!this.stopped) this.schedule(count >= (this.options.batchSize ?? 4) ? 0 : (this.options.pollMs ?? 2000));
        });
    }, ms);
    // inside the server (or a test) the worker must not keep the process from ending
    if (!this.options.keepsProcessAlive) this.timer.unref();
  }

  /** One round: claims a batch and delivers it; returns how many were claimed. */
  async runOnce(): Promise<number> {
    const claims = await claimDueDeliveries(this.options.db, this.options.batchSize ?? 4, this.options.policy.leaseMs, this.clock());
    await Promise.all(claims.map((claim) => this.attempt(claim)));
    return claims.length;
  }

  /** Runs one claimed delivery and records what happened. */
  async attempt(claim: ClaimedDelivery): Promise<AttemptOutcome> {
    const { db, logger, policy } = this.options;
    const log = { deliveryId: claim.id, submissionId: claim.submission_id, connector: claim.connector_id, attempt: claim.attempts };
    try {
      const externalReference = await this.deliver(claim);
      const recorded = await recordDelivered(db, claim, externalReference, claim.connector_type === 'case-management', this.clock());
      logger.info({ ...log, externalReference, recorded }, 'delivered');
      return recorded ? 'delivered' : 'lost-claim';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof PermanentDeliveryError;
      const now = this.clock();
      const retryAt = !permanent && claim.attempts < policy.maxAttempts ? new Date(now.getTime() + retryDelayMs(claim.attempts, policy)) : undefined;
      const recorded = await recordFailed(db, claim, message, retryAt, now);
      logger.warn({ ...log, error: message, retryAt, dead: !retryAt }, retryAt ? 'delivery failed, will retry' : 'delivery failed, moved to dead letters');
      return !recorded ? 'lost-claim' : retryAt ? 'retry' : 'dead';
    }
  }

  private async deliver(claim: ClaimedDelivery): Promise<string | undefined> {
    const { settings } = this.options;
    const signal = AbortSignal.timeout(settings.attemptTimeoutMs);
    const result = await Promise.race([
      this.send(claim, signal),
      new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error(`no answer within ${settings.attemptTimeoutMs} ms`)), { once: true })),
    ]);
    return result.externalReference;
  }

  private async send(claim: ClaimedDelivery, signal: AbortSignal): Promise<{ externalReference?: string | undefined }> {
    const { db, logger, settings } = this.options;
    if (claim.connector_id === RECEIPT_EMAIL.connectorId) {
      return sendReceiptEmail(db, settings, { municipalityId: claim.municipality_id, submissionId: claim.submission_id, idempotencyKey: claim.idempotency_key });
    }
    if (claim.connector_type === CASE_NEWS_EMAIL.connectorType) {
      return sendCaseNewsEmail(db, settings, { municipalityId: claim.municipality_id, submissionId: claim.submission_id, idempotencyKey: claim.idempotency_key });
    }
    if (claim.connector_type === CO_SIGN_REQUEST_EMAIL.connectorType) {
      return sendCoSignRequestEmail(db, settings, { municipalityId: claim.municipality_id, submissionId: claim.submission_id, connectorId: claim.connector_id, idempotencyKey: claim.idempotency_key });
    }
    const delivery = await loadDeliveryPackage(db, claim.municipality_id, claim.submission_id, claim.idempotency_key);
    if (!delivery) throw new PermanentDeliveryError('the submission no longer exists');
    // connectors and their options are pinned with the version the citizen answered
    const connector = delivery.source.definition.delivery.connectors.find((c) => c.id === claim.connector_id);
    if (!connector) throw new PermanentDeliveryError(`connector "${claim.connector_id}" is not in the submission's version`);
    const { plugin, options } = this.registry.resolve(connector.type, connector.options);
    const ref = { municipalityId: claim.municipality_id, eserviceId: claim.eservice_id, connectorId: claim.connector_id };
    const context = { ...ref, settings, logger, signal, signingSecrets: signingSecretsOf(db, settings.secret, ref) };
    return plugin.deliver(delivery, options, context);
  }
}
