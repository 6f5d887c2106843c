import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { bilingual, type Language } from '@etjanst/schemas';
import { isDatabaseUnavailable, isStorageFull } from '../db/errors.js';
import { badRequest, Problem, PROBLEM_CONTENT_TYPE } from './problem.js';

/** The language of a request's messages: Accept-Language, Swedish when nothing matches. */
export function requestLanguage(req: Request): Language {
  return req.acceptsLanguages('sv', 'en') === 'en' ? 'en' : 'sv';
}

export function sendProblem(req: Request, res: Parameters<RequestHandler>[1], problem: Problem): void {
  const language = requestLanguage(req);
  // a problem that says when to come back says it in the header clients and proxies read too
  const { retryAfterSeconds } = problem.extensions;
  if (typeof retryAfterSeconds === 'number') res.set('Retry-After', String(retryAfterSeconds));
  res
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .json({
      type: `urn:etjanst:problem:${problem.code}`,
      title: problem.title[language],
      status: problem.status,
      detail: problem.detail[language],
      instance: req.originalUrl,
      code: problem.code,
      messages: {
        sv: { title: problem.title.sv, detail: problem.detail.sv },
        en: { title: problem.title.en, detail: problem.detail.en },
      },
      ...problem.extensions,
    });
}

/** Body-parser failures (size, syntax, charset) as problems; anything unknown as a logged 500. */
function toProblem(error: unknown): Problem | undefined {
  if (error instanceof Problem) return error;
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit;
    return new Problem(
      413,
      'payload-too-large',
      bilingual('För stor förfrågan', 'Payload too large'),
      bilingual(`Innehållet är större än tillåtna ${limit} byte.`, `The content is larger than the allowed ${limit} bytes.`),
      { limit },
    );
  }
  if (type === 'entity.parse.failed') {
    return badRequest('malformed-json', bilingual('Innehållet är inte giltig JSON.', 'The content is not valid JSON.'));
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new Problem(415, 'unsupported-encoding', bilingual('Fel format', 'Unsupported encoding'), bilingual('Innehållet ska vara JSON i UTF-8.', 'The content must be JSON in UTF-8.'));
  }
  return undefined;
}

/** How long a client should wait before trying again while the database is away (a restart or failover takes seconds). */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Faults of the storage underneath rather than of the request, as problems the client can act
 * on: the database away is a 503 to retry shortly, full storage a 507 (its transaction did not
 * commit, so nothing of the request was stored).
 */
function storageProblem(error: unknown): Problem | undefined {
  if (isDatabaseUnavailable(error)) {
    return new Problem(
      503,
      'database-unavailable',
      bilingual('Tillfälligt otillgänglig', 'Temporarily unavailable'),
      bilingual(
        'Vi kan inte spara eller hämta uppgifter just nu. Försök igen om en stund.',
        'We cannot store or read data right now. Please try again shortly.',
      ),
      { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
    );
  }
  if (isStorageFull(error)) {
    return new Problem(
      507,
      'storage-full',
      bilingual('Lagringsutrymmet är fullt', 'Storage is full'),
      bilingual(
        'Vi kunde inte spara det du skickade eftersom vårt lagringsutrymme är fullt. Ingenting har sparats. Försök igen senare.',
        'We could not store what you sent because our storage is full. Nothing has been stored. Please try again later.',
      ),
    );
  }
  return undefined;
}

export const problemHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const problem = toProblem(error);
  if (problem) return sendProblem(req, res, problem);
  const storage = storageProblem(error);
  if (storage) {
    req.log.warn({ err: error }, storage.detail.en);
    return sendProblem(req, res, storage);
  }
  req.log.error({ err: error }, 'unhandled error');
  sendProblem(
    req,
    res,
    new Problem(500, 'internal-error', bilingual('Internt fel', 'Internal error'), bilingual('Något gick fel hos oss. Försök igen om en stund.', 'Something went wrong on our side. Please try again shortly.')),
  );
};

/** No such endpoint (a distinct code from a missing resource, so clients and tests can tell them apart). */
export const apiNotFound: RequestHandler = (req) => {
  throw new Problem(404, 'route-not-found', bilingual('Hittades inte', 'Not found'), bilingual(`Adressen ${req.path} finns inte.`, `The address ${req.path} does not exist.`));
};

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH']);
const hasBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** State-changing API calls that carry a body must send JSON; anything else is refused unread. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (STATE_CHANGING.has(req.method) && hasBody(req) && !req.is('application/json')) {
    throw new Problem(415, 'unsupported-media-type', bilingual('Fel format', 'Unsupported media type'), bilingual('Skicka innehållet som application/json.', 'Send the content as application/json.'));
  }
  next();
};
