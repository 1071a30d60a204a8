/** A minimal data-loading hook: loading, value or error, with retry, quiet refresh and abort on change. */
import { useCallback, useEffect, useRef, useState } from 'react';

/** The state of one load. */
export type AsyncState<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; error: unknown };

/** What useAsync returns. */
export interface AsyncResult<T> {
  result: AsyncState<T>;
  /** Loads again, showing the loading state (after an error). */
  retry(): void;
  /** Loads again behind the current value, which stays on screen until the new one arrives. */
  refresh(): void;
}

/**
 * Runs `load` whenever `key` changes (aborting the previous run), on `retry()` and on `refresh()`.
 * `load` should be stable for a given key; only `key` triggers reloads.
 */
export function useAsync<T>(key: string, load: (signal: AbortSignal) => Promise<T>): AsyncResult<T> {
  const [result, setResult] = useState<AsyncState<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const quiet = useRef(false);

  useEffect(() => {
    const controller = new AbortController();
    if (!quiet.current) setResult({ state: 'loading' });
    quiet.current = false;
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
  const refresh = useCallback(() => {
    quiet.current = true;
    setAttempt((n) => n + 1);
  }, []);
  return { result, retry, refresh };
}
