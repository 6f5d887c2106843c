import { useCallback, useEffect, useState } from 'react';
import { problemOf, type Problem } from '../shared/problem';

export type Load<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; problem: Problem };

/** Loads once per key; a new key (another login) or `reload` (after a change) loads again. */
export function useLoad<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Load<T> & { reload: () => void } {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    if (round === 0) setResult({ state: 'loading' });
    load(controller.signal).then(
      (value) => !controller.signal.aborted && setResult({ state: 'ready', value }),
      (error: unknown) => !controller.signal.aborted && setResult({ state: 'failed', problem: problemOf(error) }),
    );
    return () => controller.abort();
    // the key and the round alone decide when to load again
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...result, reload };
}
