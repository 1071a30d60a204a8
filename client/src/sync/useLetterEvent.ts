/** React binding for `letterEvent` notices: run a callback whenever a topic changes. */
import { useEffect, useRef } from 'react';
import type { LetterEventTopic } from '../../../shared/protocol';
import type { LetterConnection } from './letterConnection';

/**
 * Calls `onEvent` whenever the server says `topic` changed (and after every reconnect, since
 * notices sent while offline are lost). The latest `onEvent` is used without resubscribing.
 */
export function useLetterEvent(connection: LetterConnection | null, topic: LetterEventTopic, onEvent: () => void): void {
  const latest = useRef(onEvent);
  useEffect(() => {
    latest.current = onEvent;
  });
  useEffect(() => {
    if (!connection) return;
    return connection.onLetterEvent(topic, () => latest.current());
  }, [connection, topic]);
}
