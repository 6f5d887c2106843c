import { ConfigError } from '../config.js';

export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
/** bytea and the size column hold at most this much; a file store could go further. */
const CEILING = 1024 * 1024 * 1024;
const SIZE = /^(\d+)\s*(b|kb|mb)?$/i;
const UNITS = { b: 1, kb: 1024, mb: 1024 * 1024 } as const;

/**
 * ATTACHMENT_MAX_BYTES (default 20mb; `5mb`, `512kb` or bytes): the largest file any attachment
 * field takes, whatever its own maxBytes says. A wrong value stops the server like any setting.
 */
export function attachmentMaxBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ATTACHMENT_MAX_BYTES;
  if (raw === undefined || raw === '') return DEFAULT_ATTACHMENT_MAX_BYTES;
  const match = SIZE.exec(raw.trim());
  const bytes = match ? Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase() as keyof typeof UNITS] : NaN;
  if (!match || !Number.isSafeInteger(bytes) || bytes < 1024 || bytes > CEILING) {
    throw new ConfigError([`ATTACHMENT_MAX_BYTES must be a size from 1kb to 1024mb such as 20mb or 512kb, got "${raw}"`]);
  }
  return bytes;
}
