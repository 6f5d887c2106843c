import { randomBytes, randomInt } from 'node:crypto';
import { hash, hashRaw, verify } from '@node-rs/argon2';
import { Secret, TOTP } from 'otpauth';
import { openBytes, sealBytes } from '../../crypto/sealed-bytes.js';

/**
 * The local administrator's two factors: a generated password (argon2id) and a TOTP secret
 * (RFC 6238: SHA-1, 6 digits, 30 s, what every authenticator app reads from an otpauth:// URI).
 *
 * The TOTP secret is sealed with AES-256-GCM under a key derived from the password (argon2id with
 * a salt of its own), not under an installation key: the platform has no key store, and this way
 * a copy of the database yields neither factor, while the login, which has the password, can
 * open it after checking the password.
 */

/** argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane); also the @node-rs/argon2 default, stated so it cannot drift */
export const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const TOTP_SETTINGS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
export const TOTP_ISSUER = 'E-tjänstplattformen';

// no look-alikes (0/O, 1/l/I): the password is read off a terminal and typed
const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 24 random characters of 57 (about 140 bits), in groups of six for reading aloud. */
export function generatePassword(): string {
  const chars = Array.from({ length: 24 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]);
  return [0, 6, 12, 18].map((i) => chars.slice(i, i + 6).join('')).join('-');
}

export const hashPassword = (password: string) => hash(password, ARGON2_OPTIONS);
export const verifyPassword = (passwordHash: string, password: string) => verify(passwordHash, password);

let decoy: Promise<string> | undefined;
/** Spends the time a password check takes, for a username that does not exist (no user enumeration by timing). */
export async function verifyDecoy(password: string): Promise<void> {
  decoy ??= hashPassword(generatePassword());
  await verify(await decoy, password);
}

/** 160 random bits, the key length RFC 4226 recommends for HMAC-SHA-1. */
export const newTotpSecret = (): Uint8Array => randomBytes(20);

const asSecret = (secret: Uint8Array) => Secret.fromHex(Buffer.from(secret).toString('hex'));

/** How the secret is shown once: base32 for typing, an otpauth:// URI for scanning. */
export function totpEnrolment(secret: Uint8Array, username: string): { base32: string; uri: string } {
  const totp = new TOTP({ issuer: TOTP_ISSUER, label: username, secret: asSecret(secret), ...TOTP_SETTINGS });
  return { base32: totp.secret.base32, uri: totp.toString() };
}

/** The RFC 6238 time step a code belongs to, one step of clock drift either way; undefined: not a valid code now. */
export function matchingStep(secret: Uint8Array, code: string, now: number): number | undefined {
  const delta = TOTP.validate({ token: code, secret: asSecret(secret), ...TOTP_SETTINGS, timestamp: now, window: 1 });
  return delta === null ? undefined : TOTP.counter({ period: TOTP_SETTINGS.period, timestamp: now }) + delta;
}

export const currentCode = (secret: Uint8Array, now: number): string => TOTP.generate({ secret: asSecret(secret), ...TOTP_SETTINGS, timestamp: now });

/** A secret as typed from the enrolment (spaces and case do not matter); undefined when it is not base32 of at least 80 bits. */
export function secretFromBase32(text: string): Uint8Array | undefined {
  const base32 = text.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z2-7]{16,}=*$/.test(base32)) return undefined;
  return Secret.fromBase32(base32).bytes;
}

const sealingKey = (password: string, salt: Uint8Array) => hashRaw(password, { ...ARGON2_OPTIONS, salt, outputLen: 32 });

/** Seals the TOTP secret under the password; `adminId` binds it to its row (authenticated data). */
export async function sealTotpSecret(secret: Uint8Array, password: string, adminId: string): Promise<{ sealed: Buffer; keySalt: Buffer }> {
  const keySalt = randomBytes(16);
  return { sealed: sealBytes(await sealingKey(password, keySalt), Buffer.from(adminId), secret), keySalt };
}

/** Opens a sealed TOTP secret with the (already checked) password; throws when it was altered. */
export async function openTotpSecret(sealed: Uint8Array, keySalt: Uint8Array, password: string, adminId: string): Promise<Uint8Array> {
  return openBytes(await sealingKey(password, Buffer.from(keySalt)), Buffer.from(adminId), sealed);
}
