import type { MailSettings } from '../mail/sender.js';
import { policyWithConfiguredTargets, PUBLIC_TARGETS_ONLY, type OutboundPolicy } from './outbound.js';

/** Installation-wide delivery settings (DELIVERY_*, CASE_MANAGEMENT_*, ARCHIVE_DIR); per-e-service options live in the definition. */
export interface DeliverySettings {
  /** The server's public address, for signed attachment links */
  publicUrl: string;
  /** HMAC key for webhook signatures and attachment links (DELIVERY_SECRET); connectors that need it fail without */
  secret: string | undefined;
  /** SMTP for the e-mail connector */
  mail: MailSettings | undefined;
  /** The registry (diarium) the case-management connector talks to */
  caseManagement: { url: string; authkey: string } | undefined;
  /** Folder the e-archive connector writes packages under */
  archiveDir: string;
  /** How long one attempt may take before it counts as failed */
  attemptTimeoutMs: number;
  /** How long signed attachment links work */
  linkSeconds: number;
  /** Which targets connectors may reach (public https, plus the allow-list and the configured case management system) */
  outbound: OutboundPolicy;
}

/** Retry policy of the worker. */
export interface RetryPolicy {
  /** Attempts before a delivery goes to the dead letters (DELIVERY_MAX_ATTEMPTS) */
  maxAttempts: number;
  /** First retry waits up to this long, doubling each attempt (full jitter) */
  baseDelayMs: number;
  /** No wait is longer than this */
  maxDelayMs: number;
  /** A claimed delivery whose worker does not finish within this is taken over by another */
  leaseMs: number;
}

/** Exponential backoff with full jitter: a random wait between 0 and min(max, base·2^(attempt-1)). */
export function retryDelayMs(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Signed attachment links in webhooks work this long (7 days: a receiver down for a while can still fetch them). */
export const ATTACHMENT_LINK_SECONDS = 7 * 86400;

/** Settings with nothing configured: connectors that need SMTP, a registry or DELIVERY_SECRET fail with a message saying so. */
export const unconfiguredDeliverySettings = (publicUrl: string): DeliverySettings => ({
  publicUrl,
  secret: undefined,
  mail: undefined,
  caseManagement: undefined,
  archiveDir: 'data/archive',
  attemptTimeoutMs: 60_000,
  linkSeconds: ATTACHMENT_LINK_SECONDS,
  outbound: PUBLIC_TARGETS_ONLY,
});

/** The delivery settings of a running server or worker, from its configuration and mail settings. */
export function deliverySettingsFrom(
  config: {
    publicUrl: string;
    delivery: { secret: string | undefined; caseManagement: DeliverySettings['caseManagement']; archiveDir: string; attemptTimeoutMs: number; allowedHosts: readonly string[] };
  },
  mail: MailSettings | undefined,
): DeliverySettings {
  const { secret, caseManagement, archiveDir, attemptTimeoutMs, allowedHosts } = config.delivery;
  const outbound = policyWithConfiguredTargets(allowedHosts, [caseManagement?.url]);
  return { publicUrl: config.publicUrl, secret, mail, caseManagement, archiveDir, attemptTimeoutMs, linkSeconds: ATTACHMENT_LINK_SECONDS, outbound };
}

export function retryPolicyFrom(config: { delivery: { maxAttempts: number; retryBaseMs: number; retryMaxMs: number; leaseMs: number } }): RetryPolicy {
  const { maxAttempts, retryBaseMs, retryMaxMs, leaseMs } = config.delivery;
  return { maxAttempts, baseDelayMs: retryBaseMs, maxDelayMs: retryMaxMs, leaseMs };
}
