/**
 * A letter resource kept outside the document (case details, checklist): loaded once, refetched
 * quietly whenever the server's `letterEvent` names its topic, and replaceable after a local save.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LetterEventTopic } from '../../../shared/protocol';
import type { LetterConnection } from './letterConnection';
import { useLetterEvent } from './useLetterEvent';

/** Loading, the value (with the last quiet refetch's failure, if any), or the first load's error. */
export type LiveState<T> =
  | { status: 'loading' }
  | { status: 'ready'; value: T; staleBecause: unknown }
  | { status: 'error'; error: unknown };

/** What useLiveResource returns. */
export interface LiveResource<T> {
  state: LiveState<T>;
  /** Loads again, showing the loading state (after an error). */
  retry(): void;
  /** Loads again behind the current value. */
  refresh(): void;
  /** Shows `value` now (what a save returned), dropping any refetch still in flight. */
  replace(value: T): void;
}

/** Loads `load` for `key`, refreshing it on `topic`. `load` should be stable for a given key. */
export function useLiveResource<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  connection: LetterConnection | null,
  topic: LetterEventTopic,
): LiveResource<T> {
  const [state, setState] = useState<LiveState<T>>({ status: 'loading' });
  const inFlight = useRef<AbortController | null>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  const run = useCallback((quiet: boolean) => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    if (!quiet) setState({ status: 'loading' });
    loadRef.current(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ status: 'ready', value, staleBecause: null });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        // A failed quiet refetch keeps what is on screen, marked as possibly out of date.
        setState((previous) => (quiet && previous.status === 'ready' ? { ...previous, staleBecause: error } : { status: 'error', error }));
      },
    );
  }, []);

  useEffect(() => {
    run(false);
    return () => inFlight.current?.abort();
  }, [key, run]);

  const refresh = useCallback(() => run(true), [run]);
  useLetterEvent(connection, topic, refresh);

  return {
    state,
    retry: useCallback(() => run(false), [run]),
    refresh,
    replace: useCallback((value: T) => {
      inFlight.current?.abort();
      setState({ status: 'ready', value, staleBecause: null });
    }, []),
  };
}
