import { useCallback, useEffect, useState } from 'react';
import { problemOf, type Problem } from './problem';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; problem: Problem };

/**
 * Loads when the key changes (null: not yet) and again on reload(); a load that is overtaken
 * (new key, unmount) is aborted and its answer ignored.
 */
export function useLoad<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): [Loaded<T>, () => void] {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    load(controller.signal).then(
      (value) => !controller.signal.aborted && setResult({ state: 'ready', value }),
      (error: unknown) => !controller.signal.aborted && setResult({ state: 'failed', problem: problemOf(error) }),
    );
    return () => controller.abort();
    // the key and reloads alone decide when to load again
  }, [key, round]);
  return [result, useCallback(() => setRound((n) => n + 1), [])];
}
