import type { LocalizedText } from '@etjanst/schemas';
import { currentLanguage } from './i18n';
import { ProblemError, localProblem, unexpectedProblem, type Problem } from './problem';

export interface Department {
  id: string;
  name: LocalizedText;
}

export interface Municipality {
  id: string;
  name: LocalizedText;
  departments: Department[];
}

/** A path segment from a slug or id, safe to put in a URL. */
export const segment = encodeURIComponent;

const isProblem = (body: unknown): body is Problem => {
  const messages = (body as Partial<Problem> | null)?.messages;
  return typeof messages?.sv?.title === 'string' && typeof messages.en?.title === 'string';
};

async function request<T>(path: string, init: RequestInit): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json, application/problem+json');
  headers.set('Accept-Language', currentLanguage());
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ProblemError(localProblem('network', 0, 'problem.networkTitle', 'problem.networkDetail'));
  }
  const body = await readJson(response);
  if (!response.ok) {
    throw new ProblemError(isProblem(body) ? body : unexpectedProblem(response.status));
  }
  return body as T;
}

/** The body as JSON; undefined when empty or not JSON (e.g. a proxy's error page). */
async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

export const getJson = <T>(path: string, signal?: AbortSignal): Promise<T> => request<T>(path, { signal });

export const postJson = <T>(path: string, body?: unknown): Promise<T> =>
  request<T>(path, {
    method: 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

export async function fetchMunicipalities(signal?: AbortSignal): Promise<Municipality[]> {
  const { items } = await getJson<{ items: Municipality[] }>('/api/municipalities', signal);
  return items;
}
