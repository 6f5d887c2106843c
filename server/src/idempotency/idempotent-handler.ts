import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import { isUniqueViolation } from '../db/errors.js';
import type { RowAlongside } from '../db/row-alongside.js';
import type { Database } from '../db/tables.js';
import type { Idempotency } from '../http/route-table.js';
import { conflict, unprocessable } from '../problems/problem.js';
import { readIdempotencyKey } from './key.js';
import { completeKey, deleteExpiredKey, findLiveKey, keyRow, releaseKey, reserveKey, type EarlierRequest } from './repository.js';
import { callerScope, idempotentRequest, requestFingerprintInput, type IdempotentRequest, type RememberedResponse } from './request.js';

/**
 * What the handler of an 'in-transaction' route stores in the statement of its effect: the key
 * with the response it will send (exactly that, and no header to remember). When another request
 * with the key committed first, that statement fails and stores nothing, and the retry is
 * answered with that request's response.
 */
export interface TransactionalKey {
  row(response: { status: number; body: unknown }): RowAlongside;
}

/** The request's key when it sent one to an 'in-transaction' route. */
export const transactionalKeyOf = (res: Response): TransactionalKey | undefined => res.locals.idempotencyKey as TransactionalKey | undefined;

/** The response headers a retry needs again: where the new resource is, its version, its cookie (an upload token). */
const REMEMBERED_HEADERS = ['location', 'etag', 'set-cookie'];

const keyReused = () =>
  unprocessable(
    'idempotency-key-reused',
    bilingual(
      'Idempotency-Key har redan använts för en annan begäran. Skicka nya uppgifter med en ny nyckel.',
      'The Idempotency-Key has already been used for another request. Send new content with a new key.',
    ),
  );

const keyInFlight = (seconds: number) =>
  conflict(
    'idempotency-key-in-flight',
    bilingual(`En begäran med samma Idempotency-Key behandlas fortfarande. Försök igen om ${seconds} sekunder.`, `A request with the same Idempotency-Key is still being processed. Try again in ${seconds} seconds.`),
    { retryAfterSeconds: seconds },
  );

/** The body as JSON gives it back (dates as strings), so a replay sends what the first response sent. */
const asJson = (body: unknown): unknown => (body === undefined ? undefined : JSON.parse(JSON.stringify(body)));

function remembered(res: Response, body: unknown): RememberedResponse {
  const headers: Record<string, string | string[]> = {};
  for (const name of REMEMBERED_HEADERS) {
    const value = res.getHeader(name);
    if (value !== undefined) headers[name] = typeof value === 'number' ? String(value) : value;
  }
  return { status: res.statusCode, headers, body: asJson(body) };
}

/** An upload answered before its handler read the file: close the connection rather than read the rest. */
function leaveBodyUnread(req: Request, res: Response): void {
  if (!req.complete) res.set('Connection', 'close');
}

/** A retry: the first request's response again, or 422 for other content under its key, or 409 while it runs. */
function answerEarlier(req: Request, res: Response, request: IdempotentRequest, earlier: EarlierRequest | undefined): void {
  leaveBodyUnread(req, res);
  if (earlier && earlier.fingerprint !== request.fingerprint) throw keyReused();
  if (!earlier?.response) throw keyInFlight(Math.max(1, Math.ceil(((earlier?.lockedUntil?.getTime() ?? 0) - Date.now()) / 1000)));
  const response = request.open(earlier.response);
  res.status(response.status).set(response.headers).set('Idempotent-Replayed', 'true');
  if (response.body === undefined) res.end();
  else res.json(response.body);
}

function keyOf(req: Request, res: Response): string | undefined {
  try {
    return readIdempotencyKey(req.headers['idempotency-key']);
  } catch (error) {
    leaveBodyUnread(req, res);
    throw error;
  }
}

/**
 * An 'in-transaction' request: no look before it runs (a retry is rare, and the statement that
 * stores its effect refuses a used key), so a first request costs no round trip for its key. When
 * that statement fails on the key, the retry is answered as the earlier request's; when the row in
 * the way had expired, it is deleted and the request runs once more.
 */
async function inStatement(db: Kysely<Database>, request: IdempotentRequest, req: Request, res: Response, run: () => unknown): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await run();
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const earlier = await findLiveKey(db, request.keyHash);
      if (earlier) return answerEarlier(req, res, request, earlier);
      // another unique violation than the key's, or an expired row that will not go away
      if (attempt > 0 || !(await deleteExpiredKey(db, request.keyHash))) throw error;
    }
  }
}

/**
 * The Idempotency-Key handling of the routes that declare `idempotent` (see IdempotencyMode),
 * following draft-ietf-httpapi-idempotency-key-header: a request without the field runs as
 * always; a first request runs and its successful (2xx) response is remembered, before it is
 * sent, for KEY_LIFETIME_HOURS; a retry gets that response again (`Idempotent-Replayed: true`),
 * 422 when it carries other content, 409 with Retry-After while the first still runs. A request
 * that fails remembers nothing, so its retry runs afresh.
 */
export function idempotencyKeys(db: Kysely<Database>): Idempotency {
  return (declared, handler) => async (req, res, next) => {
    const key = keyOf(req, res);
    if (key === undefined) return handler(req, res, next);
    const request = idempotentRequest(key, callerScope(res, declared.access), requestFingerprintInput(req));
    if (declared.idempotent === 'in-transaction') {
      res.locals.idempotencyKey = {
        row: (response) => keyRow(request, request.seal({ status: response.status, headers: {}, body: asJson(response.body) })),
      } satisfies TransactionalKey;
      return inStatement(db, request, req, res, () => handler(req, res, next));
    }
    const holder = randomUUID();
    // one more try when the key's holder released it between our insert and our look
    for (let attempt = 0; !(await reserveKey(db, request, holder)); attempt++) {
      const earlier = await findLiveKey(db, request.keyHash);
      if (earlier || attempt > 0) return answerEarlier(req, res, request, earlier);
    }
    let kept = false;
    let keeping: Promise<void> | undefined;
    const send = res.json.bind(res);
    res.json = ((body: unknown) => {
      if (res.statusCode < 200 || res.statusCode >= 300) return send(body);
      keeping = completeKey(db, request.keyHash, holder, request.seal(remembered(res, body)))
        .then(
          () => void (kept = true),
          (error: unknown) => req.log.warn({ err: error }, 'the response to an Idempotency-Key could not be remembered'),
        )
        .then(() => void send(body));
      return res;
    }) as typeof res.json;
    try {
      await handler(req, res, next);
      await keeping;
    } finally {
      if (!kept) await releaseKey(db, request.keyHash, holder).catch((error: unknown) => req.log.warn({ err: error }, 'an Idempotency-Key could not be released'));
    }
  };
}
