/** The largest attachment when ATTACHMENT_MAX_BYTES is not set (see config.ts). */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
