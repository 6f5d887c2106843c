import { ConfigError } from '../config.js';

/** Days co-signers have to sign after the applicant has signed. */
export const DEFAULT_CO_SIGN_DAYS = 14;

/**
 * CO_SIGN_DAYS from the environment (default 14): a whole number of days, 1–365. A wrong value
 * stops the start with a ConfigError, like every other setting.
 */
export function coSignDaysFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.CO_SIGN_DAYS;
  if (raw === undefined || raw === '') return DEFAULT_CO_SIGN_DAYS;
  const days = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(days) || days < 1 || days > 365) {
    throw new ConfigError([`CO_SIGN_DAYS must be a whole number of days, 1-365, got "${raw}"`]);
  }
  return days;
}
