/**
 * Counts failed sign-ins per key (an account's email, a client address) in a sliding window and
 * says when a key must wait. In memory: one process holds the counts (a shared store comes with
 * the scale-out step).
 */

/** How many failures a key may have in the window, and how long the window is. */
export interface FailureLimit {
  maxFailures: number;
  windowMs: number;
}

/** Tracks failures per key. */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limit: FailureLimit) {}

  /** Milliseconds until `key` may try again, or 0 if it may now. */
  retryAfterMs(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    if (recent.length < this.limit.maxFailures) return 0;
    const oldestThatCounts = recent[recent.length - this.limit.maxFailures] ?? now;
    return Math.max(1, oldestThatCounts + this.limit.windowMs - now);
  }

  /** Records one failure of `key`. */
  recordFailure(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.prune(now);
  }

  /** Forgets `key`'s failures (after a successful sign-in). */
  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => now - at < this.limit.windowMs);
  }

  private prune(now: number): void {
    for (const key of this.failures.keys()) {
      const recent = this.recent(key, now);
      if (recent.length === 0) this.failures.delete(key);
      else this.failures.set(key, recent);
    }
  }
}

/** Failed sign-ins allowed per account: 5 in 15 minutes. */
export const PER_ACCOUNT_LIMIT: FailureLimit = { maxFailures: 5, windowMs: 15 * 60 * 1000 };
/** Failed sign-ins allowed per client address: 20 in 15 minutes. */
export const PER_ADDRESS_LIMIT: FailureLimit = { maxFailures: 20, windowMs: 15 * 60 * 1000 };
