import { bilingual, type BilingualMessage } from '@etjanst/schemas';

/**
 * A typed error that becomes an RFC 9457 problem+json response. Every problem says what went
 * wrong in Swedish and English; `extensions` carry machine-readable details (e.g. field errors).
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: BilingualMessage,
    readonly detail: BilingualMessage,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail.en);
    this.name = 'Problem';
  }
}

export const notFound = (what: BilingualMessage) =>
  new Problem(404, 'not-found', bilingual('Hittades inte', 'Not found'), bilingual(`${what.sv} finns inte.`, `${what.en} does not exist.`));

export const badRequest = (code: string, detail: BilingualMessage, extensions?: Record<string, unknown>) =>
  new Problem(400, code, bilingual('Felaktig begäran', 'Bad request'), detail, extensions);

export const conflict = (code: string, detail: BilingualMessage, extensions?: Record<string, unknown>) =>
  new Problem(409, code, bilingual('Konflikt', 'Conflict'), detail, extensions);

export const unprocessable = (code: string, detail: BilingualMessage, extensions?: Record<string, unknown>) =>
  new Problem(422, code, bilingual('Uppgifterna kunde inte godtas', 'The data could not be accepted'), detail, extensions);

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
