/**
 * A tiny bus between the open letter and the header's inbox badge: the letter's connection hears
 * the server's 'inbox' notice (something new for me), and the badge refetches at once instead of
 * waiting for its next 30-second refresh.
 */

const listeners = new Set<() => void>();

/** Tells every inbox badge to refetch now. */
export function requestInboxRefresh(): void {
  for (const listener of [...listeners]) listener();
}

/** Calls `listener` on each refresh request; returns the unsubscribe function. */
export function onInboxRefresh(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
