import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 signatures of delivery: webhook bodies (so receivers can verify them and refuse
 * replays) and attachment download links (so a link works only as issued and until it expires).
 */

export const SIGNATURE_HEADER = 'x-etjanst-signature';
/** A receiver should refuse a signature older (or newer) than this */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

const hmac = (key: string, data: string) => createHmac('sha256', key).update(data).digest();
const sameBytes = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/**
 * The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, with one
 * `v1=` per secret: during a rotation's overlap the new secret's first, then the old one's, so a
 * receiver with either verifies (as Stripe signs while a secret is rolled).
 */
export function signWebhook(secrets: readonly string[], body: string, now = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return [`t=${t}`, ...secrets.map((secret) => `v1=${hmac(secret, `${t}.${body}`).toString('hex')}`)].join(',');
}

export type WebhookVerification = { valid: true; timestamp: number } | { valid: false; reason: 'malformed' | 'signature-mismatch' | 'too-old' };

/**
 * What a receiver does: recompute the HMAC over timestamp and raw body with its secret and
 * compare in constant time with each `v1=` signature, then refuse timestamps outside the
 * tolerance, so a captured request cannot be replayed later. (Within the window the idempotency
 * key makes a repeat harmless.)
 */
export function verifyWebhook(secret: string, header: string | undefined, body: string, now = new Date(), toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS): WebhookVerification {
  const match = /^t=(\d+)((?:,v1=[0-9a-f]{64})+)$/.exec(header ?? '');
  if (!match) return { valid: false, reason: 'malformed' };
  const timestamp = Number(match[1]);
  const expected = hmac(secret, `${timestamp}.${body}`);
  const signatures = match[2]!.split(',v1=').slice(1);
  if (!signatures.some((signature) => sameBytes(expected, Buffer.from(signature, 'hex')))) return { valid: false, reason: 'signature-mismatch' };
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return { valid: false, reason: 'too-old' };
  return { valid: true, timestamp };
}

export interface AttachmentGrant {
  municipalityId: string;
  attachmentId: string;
  /** Unix seconds */
  expires: number;
}

/** Token of a signed attachment link: `<municipality>.<attachment>.<expires>.<HMAC>`. */
export function attachmentToken(deliverySecret: string, grant: AttachmentGrant): string {
  const payload = `${grant.municipalityId}.${grant.attachmentId}.${grant.expires}`;
  return `${payload}.${hmac(deliverySecret, `attachment:${payload}`).toString('base64url')}`;
}

/** The grant of a link token, when it is genuine and not expired. */
export function verifyAttachmentToken(deliverySecret: string, token: string, now = new Date()): AttachmentGrant | undefined {
  const match = /^([a-z0-9-]+)\.([0-9a-f-]{36})\.(\d+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const [, municipalityId, attachmentId, expires, mac] = match as unknown as [string, string, string, string, string];
  const expected = hmac(deliverySecret, `attachment:${municipalityId}.${attachmentId}.${expires}`);
  if (!sameBytes(expected, Buffer.from(mac, 'base64url'))) return undefined;
  if (Number(expires) * 1000 < now.getTime()) return undefined;
  return { municipalityId, attachmentId, expires: Number(expires) };
}
