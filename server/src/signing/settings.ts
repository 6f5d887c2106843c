/** Days co-signers have to sign after the applicant has signed, when CO_SIGN_DAYS is not set (see config.ts). */
export const DEFAULT_CO_SIGN_DAYS = 14;
