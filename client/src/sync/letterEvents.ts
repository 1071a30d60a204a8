/**
 * `letterEvent` frames (shared/protocol.ts, type 101): the server's "this resource of the letter
 * changed" notices, parsed strictly, and a tiny per-topic publish/subscribe for the panels.
 */
import { LETTER_EVENT_TOPICS, type LetterEventTopic } from '../../../shared/protocol';

/** The topic a `letterEvent` payload names, or null for anything this client does not know. */
export function parseLetterEvent(payload: string): LetterEventTopic | null {
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    // A malformed notice is ignored: the next one (or a reconnect) refreshes the panels anyway.
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const topic: unknown = Reflect.get(body, 'topic');
  return LETTER_EVENT_TOPICS.find((known) => known === topic) ?? null;
}

/** Listeners per topic. */
export interface LetterEventBus {
  /** Calls `listener` whenever `topic` is published; returns the unsubscribe function. */
  subscribe(topic: LetterEventTopic, listener: () => void): () => void;
  /** Tells every listener of `topic`. */
  publish(topic: LetterEventTopic): void;
  /** Tells every listener of every topic (after a reconnect, when notices may have been missed). */
  publishAll(): void;
  /** Drops every listener. */
  clear(): void;
}

/** A new, empty bus. */
export function createLetterEventBus(): LetterEventBus {
  const listeners = new Map<LetterEventTopic, Set<() => void>>();
  const publish = (topic: LetterEventTopic): void => {
    // A copy, so a listener that unsubscribes while being called does not disturb the loop.
    for (const listener of [...(listeners.get(topic) ?? [])]) listener();
  };
  return {
    subscribe(topic, listener) {
      const set = listeners.get(topic) ?? new Set();
      set.add(listener);
      listeners.set(topic, set);
      return () => set.delete(listener);
    },
    publish,
    publishAll() {
      for (const topic of LETTER_EVENT_TOPICS) publish(topic);
    },
    clear() {
      listeners.clear();
    },
  };
}
