/** PostgreSQL SQLSTATE of an error from pg or PGlite, when it has one. */
export const sqlState = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;

export const isUniqueViolation = (error: unknown) => sqlState(error) === '23505';

/** Node's socket errors when the database server cannot be reached or went away. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * pg's own errors for a lost or never-made connection carry no code, only these messages (pg 8):
 * the server closed the socket, the pool's connection timeout ran out, a client broken earlier.
 */
const CONNECTION_LOST_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

/**
 * Whether an error says the database is not there right now (stopped, restarting, unreachable,
 * or every connection busy for longer than the pool waits), as opposed to a fault in the query:
 * SQLSTATE class 08 (connection exception), 57P01–57P03 (shut down, crashed, starting up) and
 * 53300 (too many connections), a socket error, or pg's connection messages.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = sqlState(error);
  if (code !== undefined) return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code) || UNREACHABLE.has(code);
  return error instanceof Error && CONNECTION_LOST_MESSAGES.some((message) => error.message.startsWith(message));
}

/**
 * Whether an error says the storage is full: PostgreSQL's disk_full (53100, also what it raises
 * when its own disk has no space left) or a file system's ENOSPC.
 */
export const isStorageFull = (error: unknown): boolean => ['53100', 'ENOSPC'].includes(sqlState(error) ?? '');
