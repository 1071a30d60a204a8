/** A minimal data-loading hook: loading, value or error, with retry and abort on change. */
import { useCallback, useEffect, useState } from 'react';

/** The state of one load. */
export type AsyncState<T> =
  | { state: 'loading' }
  | { state: 'ready'; value: T }
  | { state: 'error'; error: unknown };

/**
 * Runs `load` whenever `key` changes (aborting the previous run) and on `retry()`.
 * `load` should be stable for a given key; only `key` triggers reloads.
 */
export function useAsync<T>(key: string, load: (signal: AbortSignal) => Promise<T>): [AsyncState<T>, () => void] {
  const [result, setResult] = useState<AsyncState<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setResult({ state: 'loading' });
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setResult({ state: 'ready', value });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResult({ state: 'error', error });
      },
    );
    return () => controller.abort();
    // `load` is deliberately left out: callers pass inline closures, and `key` names what they load.
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return [result, retry];
}
