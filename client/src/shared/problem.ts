import type { Language } from '@etjanst/schemas';
import type { ParseKeys } from 'i18next';
import { bothLanguages } from './i18n';

/** One wrong value in a request, as the API words it. */
export interface ProblemFieldError {
  pointer: string;
  field: string;
  message: Record<Language, string>;
}

/** An RFC 9457 problem as the API sends it, with the texts to show in each UI language. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  messages: Record<Language, { title: string; detail?: string }>;
  errors?: ProblemFieldError[];
  /** From the answer's Retry-After header: how long to wait before trying again */
  retryAfterSeconds?: number;
  /** On a 403 'forbidden': the roles any one of which would have been allowed */
  requiredRoles?: string[];
}

/** Thrown by the API client (and by loaders, for the route error page) when a request fails. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
    this.name = 'ProblemError';
  }
}

/** A problem found in the browser, worded from the UI texts in both languages. */
export function localProblem(
  code: string,
  status: number,
  titleKey: ParseKeys,
  detailKey: ParseKeys,
  values: Record<string, string | number> = {},
): Problem {
  const title = bothLanguages(titleKey, values);
  const detail = bothLanguages(detailKey, values);
  return {
    type: 'about:blank',
    title: title.en,
    status,
    code,
    messages: { sv: { title: title.sv, detail: detail.sv }, en: { title: title.en, detail: detail.en } },
  };
}

export const unexpectedProblem = (status: number): Problem =>
  localProblem('unexpected', status, 'problem.unexpectedTitle', 'problem.unexpectedDetail');

/** The problem to show for anything a request or an action threw. */
export function problemOf(error: unknown): Problem {
  return error instanceof ProblemError ? error.problem : unexpectedProblem(0);
}
