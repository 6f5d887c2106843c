import type { StaffSessionView } from '@etjanst/schemas';
import { setStaffCsrfToken } from '../shared/api';
import { fetchStaffSession, type StaffSessionState } from './staffApi';

/**
 * The staff login of this tab, known to both the route guards (loaders, outside React) and the
 * StaffSessionProvider. Whoever learns the state from the server publishes it here, which also
 * keeps the API client's staff CSRF token in step.
 */
let current: StaffSessionState | undefined;
const listeners = new Set<() => void>();

export const staffSessionSnapshot = (): StaffSessionState | undefined => current;

export function subscribeStaffSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function publishStaffSession(next: StaffSessionState): void {
  current = next;
  setStaffCsrfToken(next.session?.csrfToken);
  listeners.forEach((listener) => listener());
}

/** Asks the server for the staff session and publishes the answer. */
export async function loadStaffSession(touch: boolean, signal?: AbortSignal): Promise<StaffSessionView | null> {
  const state = await fetchStaffSession(touch, signal);
  publishStaffSession(state);
  return state.session;
}
