/** Sending the latest of a changing value at most once per interval, e.g. the caret's section. */

/** What createLatestThrottle returns. */
export interface LatestThrottle<T> {
  /** Offers a value: sent now if the interval has passed, else the latest is sent when it has. */
  push(value: T): void;
  /** Drops a pending send (on unmount). */
  cancel(): void;
}

/** The clock and timers it runs on; injectable for tests. */
export interface ThrottleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  // The handle came from setTimeout above, so it is that function's return type.
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Calls `send` with pushed values, at most once per `intervalMs`, never twice in a row with an
 * equal value, and always ending with the latest one (a trailing send).
 */
export function createLatestThrottle<T>(send: (value: T) => void, intervalMs: number, clock: ThrottleClock = realClock): LatestThrottle<T> {
  let lastSentAt = -Infinity;
  let hasSent = false;
  let lastSent: T | undefined;
  let pending: { value: T } | null = null;
  let timer: unknown = null;

  const flush = () => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    if (hasSent && Object.is(value, lastSent)) return;
    hasSent = true;
    lastSent = value;
    lastSentAt = clock.now();
    send(value);
  };

  return {
    push(value) {
      pending = { value };
      if (timer !== null) return;
      const wait = lastSentAt + intervalMs - clock.now();
      if (wait <= 0) flush();
      else timer = clock.setTimeout(flush, wait);
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
