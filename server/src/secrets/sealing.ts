import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

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

/** `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
export function sealSecret(keyMaterial: string, purpose: SealedSecretPurpose, owner: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(keyMaterial, purpose), iv).setAAD(Buffer.from(owner));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [FORMAT, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** The secret, or undefined when it cannot be opened (DELIVERY_SECRET changed, the value was altered or moved). */
export function openSecret(keyMaterial: string, purpose: SealedSecretPurpose, owner: string, sealed: string): string | undefined {
  const [format, iv, tag, ciphertext, ...rest] = sealed.split('.');
  if (format !== FORMAT || !iv || !tag || ciphertext === undefined || rest.length > 0) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(keyMaterial, purpose), Buffer.from(iv, 'base64url')).setAAD(Buffer.from(owner));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
