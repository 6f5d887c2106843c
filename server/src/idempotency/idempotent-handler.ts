import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import type { Idempotency } from '../http/route-table.js';
import { conflict, unprocessable } from '../problems/problem.js';
import { readIdempotencyKey } from './key.js';
import { completeKey, findLiveKey, recordKey, releaseKey, reserveKey, type EarlierRequest } from './repository.js';
import { callerScope, idempotentRequest, requestFingerprintInput, type IdempotentRequest, type RememberedResponse } from './request.js';

/**
 * What the handler of an 'in-transaction' route records in the transaction of its effect. It
 * throws when another request with the key committed first; the transaction then rolls back and
 * the retry is answered with that request's response.
 */
export interface TransactionalKey {
  record(trx: Kysely<Database>, response: { status: number; body: unknown }): Promise<void>;
}

/** The request's key when it sent one to an 'in-transaction' route. */
export const transactionalKeyOf = (res: Response): TransactionalKey | undefined => res.locals.idempotencyKey as TransactionalKey | undefined;

class KeyTaken extends Error {}

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
    const holder = randomUUID();
    if (declared.idempotent === 'reserved') {
      // one more try when the key's holder released it between our insert and our look
      for (let attempt = 0; !(await reserveKey(db, request, holder)); attempt++) {
        const earlier = await findLiveKey(db, request.keyHash);
        if (earlier || attempt > 0) return answerEarlier(req, res, request, earlier);
      }
    } else {
      const earlier = await findLiveKey(db, request.keyHash);
      if (earlier) return answerEarlier(req, res, request, earlier);
      res.locals.idempotencyKey = {
        record: async (trx, response) => {
          const sealed = request.seal({ status: response.status, headers: {}, body: asJson(response.body) });
          if (!(await recordKey(trx, request, holder, sealed))) throw new KeyTaken();
        },
      } satisfies TransactionalKey;
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
    } catch (error) {
      if (error instanceof KeyTaken) {
        res.json = send; // the answer is the other request's, kept already
        return answerEarlier(req, res, request, await findLiveKey(db, request.keyHash));
      }
      throw error;
    } finally {
      if (!kept) await releaseKey(db, request.keyHash, holder).catch((error: unknown) => req.log.warn({ err: error }, 'an Idempotency-Key could not be released'));
    }
  };
}
