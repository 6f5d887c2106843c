import { deleteJson, getJson, postJson } from '../../shared/api';

/**
 * Staff writes carry the staff session's CSRF token, read from the staff session when needed (the
 * token is fixed for the session, so reading it again costs a request, never a failed write).
 */
async function staffHeaders(): Promise<Record<string, string>> {
  const session = await getJson<{ authenticated: boolean; csrfToken?: string }>('/api/staff/session');
  return session.csrfToken ? { 'X-Staff-CSRF-Token': session.csrfToken } : {};
}

export const staffPost = async <T>(path: string, body: unknown): Promise<T> => postJson<T>(path, body, await staffHeaders());

export const staffDelete = async (path: string): Promise<unknown> => deleteJson(path, await staffHeaders());
