import { useCallback, useEffect, useRef, useState } from 'react';
import { problemOf, type Problem } from '../../shared/problem';
import type { Answers, PublishedEService } from '../portalApi';
import { createDraft, saveDraft, type Draft } from './draftsApi';

/** How long the answers rest unchanged before they are saved by themselves. */
const AUTOSAVE_DELAY_MS = 2000;

export type DraftSaving =
  | { state: 'unsaved' }
  | { state: 'saving'; saved?: SavedDraft }
  | { state: 'saved'; saved: SavedDraft }
  /** A save failed (network, session); the next change or "Spara utkast" tries again. */
  | { state: 'failed'; problem: Problem; saved?: SavedDraft }
  /**
   * Saving stops until the citizen acts: another window saved the draft (412), a draft of the
   * e-service already exists (409) or the draft is gone or expired. Never silently overwritten.
   */
  | { state: 'stopped'; problem: Problem; saved?: SavedDraft };

export interface SavedDraft {
  id: string;
  savedAt: string;
  expiresAt: string;
}

interface Snapshot {
  answers: Answers;
  stepId: string | null;
  /** Saved even when equal to the last save ("Spara utkast": the citizen sees it saved, the expiry moves on) */
  force?: boolean;
}

const STOPPING = new Set(['stale-revision', 'draft-exists', 'draft-expired', 'not-found', 'eservice-not-published']);

/**
 * The answers without empty groups and lists, for telling whether anything changed: the form
 * reports its empty defaults (an unanswered group as {}) when a step opens, which is no change.
 */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value)
    .map(([key, child]) => [key, withoutEmpty(child)] as const)
    .filter(([, child]) => child !== undefined && !(Array.isArray(child) && child.length === 0) && !(typeof child === 'object' && child !== null && !Array.isArray(child) && Object.keys(child).length === 0));
  return Object.fromEntries(entries);
}

const comparable = (snapshot: { answers: Answers; stepId: string | null }) => JSON.stringify({ answers: withoutEmpty(snapshot.answers), stepId: snapshot.stepId });

const savedOf = (draft: Draft): SavedDraft => ({ id: draft.id, savedAt: draft.updatedAt, expiresAt: draft.expiresAt });

/**
 * Keeps the citizen's answers in a server draft: `changed` saves after a pause, `saveNow` at
 * once (a step change, "Spara utkast"). Saves run one at a time, each with the revision the
 * previous one returned (If-Match); a snapshot equal to the last saved one is not sent again.
 */
export function useDraftSaving(published: PublishedEService, initial: Draft | undefined, enabled: boolean) {
  const [saving, setSaving] = useState<DraftSaving>(initial ? { state: 'saved', saved: savedOf(initial) } : { state: 'unsaved' });
  const draft = useRef(initial ? { id: initial.id, revision: initial.revision } : null);
  const lastSaved = useRef(initial ? comparable(initial) : '');
  const latest = useRef<Snapshot | null>(null);
  const running = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stopped = useRef(false);
  /** While the answers are being submitted */
  const paused = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      clearTimeout(timer.current);
    };
  }, []);

  const run = useCallback(async (): Promise<void> => {
    while (latest.current && !stopped.current && !paused.current) {
      const snapshot = latest.current;
      latest.current = null;
      const serialized = comparable(snapshot);
      if (!snapshot.force && serialized === lastSaved.current) continue;
      setSaving((previous) => ({ state: 'saving', saved: 'saved' in previous ? previous.saved : undefined }));
      try {
        const current = draft.current;
        const result = current
          ? await saveDraft(current.id, current.revision, snapshot.answers, snapshot.stepId)
          : await createDraft(published, snapshot.answers, snapshot.stepId);
        draft.current = { id: result.id, revision: result.revision };
        lastSaved.current = serialized;
        if (mounted.current) setSaving({ state: 'saved', saved: savedOf(result) });
      } catch (error) {
        const problem = problemOf(error);
        const stop = STOPPING.has(problem.code) || problem.status === 404 || problem.status === 410;
        if (stop) stopped.current = true;
        if (mounted.current) {
          setSaving((previous) => ({ state: stop ? 'stopped' : 'failed', problem, saved: 'saved' in previous ? previous.saved : undefined }));
        }
        return;
      }
    }
  }, [published]);

  /** Saves the snapshot now (after any save under way); resolves when it is saved or refused. */
  const saveNow = useCallback(
    (snapshot: Snapshot, force = false): Promise<void> => {
      if (!enabled || stopped.current || paused.current) return Promise.resolve();
      clearTimeout(timer.current);
      latest.current = { ...snapshot, force };
      const chain = (running.current ?? Promise.resolve()).then(run);
      running.current = chain;
      return chain;
    },
    [enabled, run],
  );

  /** The answers changed: saved once they have rested for a moment. */
  const changed = useCallback(
    (snapshot: Snapshot): void => {
      if (!enabled || stopped.current || paused.current) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow(snapshot), AUTOSAVE_DELAY_MS);
    },
    [enabled, saveNow],
  );

  /**
   * While submitting: no autosave (the server deletes the draft with the submission, and a save
   * after it would start a new one). `resume` when the submission was refused.
   */
  const pause = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    paused.current = true;
    await running.current;
  }, []);
  const resume = useCallback(() => {
    paused.current = false;
  }, []);

  return { enabled, saving, saveNow, changed, pause, resume };
}
