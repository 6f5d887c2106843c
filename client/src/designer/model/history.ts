/**
 * Undo/redo over immutable snapshots: each edit makes a new definition (sharing nothing mutable
 * with the old one), so keeping the old ones is enough. Bounded, oldest dropped first.
 */
export interface History<T> {
  past: readonly T[];
  present: T;
  future: readonly T[];
  /** What the last edit changed; a next edit of the same thing replaces it instead of adding a step */
  lastKey?: string;
}

export const HISTORY_LIMIT = 100;

export const startHistory = <T>(present: T): History<T> => ({ past: [], present, future: [] });

/**
 * A new present. With a key (e.g. the text being typed in), consecutive edits of the same thing
 * are one undo step, so undo takes back a typed word, not one letter.
 */
export function record<T>(history: History<T>, next: T, key?: string, limit = HISTORY_LIMIT): History<T> {
  if (next === history.present) return history;
  if (key !== undefined && key === history.lastKey && history.future.length === 0) {
    return { ...history, present: next };
  }
  return { past: [...history.past, history.present].slice(-limit), present: next, future: [], lastKey: key };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest };
}

export const canUndo = (history: History<unknown>): boolean => history.past.length > 0;
export const canRedo = (history: History<unknown>): boolean => history.future.length > 0;
