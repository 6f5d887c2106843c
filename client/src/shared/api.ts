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

/** Methods that change state: they carry the sessions' CSRF tokens and are always sent as JSON. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | undefined;
let staffCsrfToken: string | undefined;

/** The CSRF token of the current session (undefined when logged out); set by the session provider. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The CSRF token of the staff login (undefined when logged out); set with the staff session. */
export function setStaffCsrfToken(token: string | undefined): void {
  staffCsrfToken = token;
}

/** The server's answers that send staff to the staff login page. */
const STAFF_LOGIN_NEEDED = new Set(['staff-session-expired', 'staff-login-required']);

type StaffLoginNeededListener = (code: string) => void;
const staffLoginNeededListeners = new Set<StaffLoginNeededListener>();

/** Called with the problem's code when any request answers 401 for want of a staff login; returns the unsubscribe function. */
export function onStaffLoginNeeded(listener: StaffLoginNeededListener): () => void {
  staffLoginNeededListeners.add(listener);
  return () => staffLoginNeededListeners.delete(listener);
}

/** Seconds from a Retry-After header (seconds or an HTTP date); undefined when absent or unreadable. */
function retryAfterSeconds(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : undefined;
}

type SessionExpiredListener = () => void;
const sessionExpiredListeners = new Set<SessionExpiredListener>();

/** Called when any request answers 401 'session-expired'; returns the unsubscribe function. */
export function onSessionExpired(listener: SessionExpiredListener): () => void {
  sessionExpiredListeners.add(listener);
  return () => sessionExpiredListeners.delete(listener);
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json, application/problem+json');
  headers.set('Accept-Language', currentLanguage());
  const method = (init.method ?? 'GET').toUpperCase();
  if (STATE_CHANGING.has(method)) {
    // JSON even without a body: the staff routes refuse other types, so no plain cross-site form can reach them
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    // a request sent without cookies carries nothing of the session either
    if (csrfToken && init.credentials !== 'omit') headers.set('X-CSRF-Token', csrfToken);
    if (staffCsrfToken && init.credentials !== 'omit') headers.set('X-Staff-CSRF-Token', staffCsrfToken);
  }
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', ...init, headers });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ProblemError(localProblem('network', 0, 'problem.networkTitle', 'problem.networkDetail'));
  }
  const body = await readJson(response);
  if (!response.ok) {
    const problem = isProblem(body) ? body : unexpectedProblem(response.status);
    const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'));
    if (retryAfter !== undefined) problem.retryAfterSeconds = retryAfter;
    if (response.status === 401 && problem.code === 'session-expired') {
      csrfToken = undefined;
      sessionExpiredListeners.forEach((listener) => listener());
    }
    if (response.status === 401 && STAFF_LOGIN_NEEDED.has(problem.code)) {
      staffCsrfToken = undefined;
      staffLoginNeededListeners.forEach((listener) => listener(problem.code));
    }
    throw new ProblemError(problem);
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

export const getJson = <T>(path: string, signal?: AbortSignal, headers?: HeadersInit): Promise<T> =>
  request<T>(path, { signal, headers });

const withBody = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers,
  body: body === undefined ? undefined : JSON.stringify(body),
});

/** `headers` for what a route needs beyond the defaults (e.g. a staff CSRF token). */
export const postJson = <T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T> => request<T>(path, withBody('POST', body, headers));

/** A POST that carries no cookie and no session token: what it sends cannot be tied to a login. */
export const postAnonymously = <T = unknown>(path: string, body: unknown, keepalive = false): Promise<T> =>
  request<T>(path, { ...withBody('POST', body), credentials: 'omit', keepalive });

/** `headers` for conditional saves (If-Match) and what a route needs beyond the defaults. */
export const putJson = <T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T> =>
  request<T>(path, withBody('PUT', body, headers));

/** `body` for the few DELETEs that name what to remove (a booking slot's block). */
export const deleteJson = <T = unknown>(path: string, headers?: Record<string, string>, body?: unknown): Promise<T> => request<T>(path, withBody('DELETE', body, headers));

export async function fetchMunicipalities(signal?: AbortSignal): Promise<Municipality[]> {
  const { items } = await getJson<{ items: Municipality[] }>('/api/municipalities', signal);
  return items;
}

/**
 * Sends a file as the raw request body (the server streams it), with the session's CSRF token
 * and the name percent-encoded in X-File-Name. XMLHttpRequest, since fetch reports no upload
 * progress; `onProgress` gets the share sent (0–1).
 */
export function uploadFile<T>(path: string, file: File, onProgress?: (share: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress?.(event.loaded / event.total);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ProblemError(isProblem(body) ? body : unexpectedProblem(xhr.status)));
    };
    // a refused upload may be answered before the whole file is sent and the connection closed:
    // the browser can then report a network error although the server said why (see onload)
    xhr.onerror = () => reject(new ProblemError(localProblem('network', 0, 'problem.networkTitle', 'problem.networkDetail')));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
