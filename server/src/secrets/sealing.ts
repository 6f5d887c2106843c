import { hkdfSync } from 'node:crypto';
import { openBytes, sealBytes } from '../crypto/sealed-bytes.js';

/**
 * Secrets the server must use itself (a webhook's signing secret, an OIDC client secret), so a
 * hash would not do: stored sealed with AES-256-GCM under a key derived from the installation's
 * DELIVERY_SECRET, one derived key per purpose. The additional authenticated data names what the
 * secret belongs to, so a sealed value cannot be moved to another row and still open.
 */

const FORMAT = 'v1';

export interface SealedSecretPurpose {
  /** Separates the derived keys of different kinds of secret ("connector-secrets") */
  name: string;
}

const keyOf = (keyMaterial: string, purpose: SealedSecretPurpose) => Buffer.from(hkdfSync('sha256', keyMaterial, Buffer.alloc(0), `etjanst ${purpose.name} v1`, 32));

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** `v1.<iv>.<tag>.<ciphertext>`, each part base64url (sealBytes' parts, as text for a text column). */
export function sealSecret(keyMaterial: string, purpose: SealedSecretPurpose, owner: string, secret: string): string {
  const sealed = sealBytes(keyOf(keyMaterial, purpose), Buffer.from(owner), Buffer.from(secret, 'utf8'));
  const parts = [sealed.subarray(0, IV_BYTES), sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES), sealed.subarray(IV_BYTES + TAG_BYTES)];
  return [FORMAT, ...parts.map((part) => part.toString('base64url'))].join('.');
}

/** The secret, or undefined when it cannot be opened (DELIVERY_SECRET changed, the value was altered or moved). */
export function openSecret(keyMaterial: string, purpose: SealedSecretPurpose, owner: string, sealed: string): string | undefined {
  const [format, iv, tag, ciphertext, ...rest] = sealed.split('.');
  if (format !== FORMAT || !iv || !tag || ciphertext === undefined || rest.length > 0) return undefined;
  try {
    const bytes = Buffer.concat([iv, tag, ciphertext].map((part) => Buffer.from(part, 'base64url')));
    return openBytes(keyOf(keyMaterial, purpose), Buffer.from(owner), bytes).toString('utf8');
  } catch {
    return undefined;
  }
}
