// The fee's limits apart from its TypeBox schemas (model.ts): the portal's fee summary imports
// them, and a module the citizen's page imports must not pull TypeBox into its bundle.

/** Swish takes 1 to 999 999 999 999.99 kronor with at most two decimals. */
export const MIN_FEE_SEK = 1;
export const MAX_FEE_SEK = 999_999_999_999.99;
/** How long an unpaid submission waits by default before it expires (and its booking is released). */
export const DEFAULT_PAY_WITHIN_MINUTES = 30;
