/** PostgreSQL SQLSTATE of an error from pg or PGlite, when it has one. */
export const sqlState = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;

export const isUniqueViolation = (error: unknown) => sqlState(error) === '23505';
