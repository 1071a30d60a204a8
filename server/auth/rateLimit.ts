/**
 * Counts failed sign-ins per key (an account's email, a client address) in a sliding window and
 * says when a key must wait. The in-memory limiter serves one process; with several instances the
 * Redis one (server/cluster/redisRateLimit.ts) shares the counts, so a guesser gains nothing by
 * spreading attempts over instances.
 */

/** How many failures a key may have in the window, and how long the window is. */
export interface FailureLimit {
  maxFailures: number;
  windowMs: number;
}

/** Tracks failures per key. */
export interface FailureLimiter {
  /** Milliseconds until `key` may try again, or 0 if it may now. */
  retryAfterMs(key: string, now?: number): Promise<number>;
  /** Records one failure of `key`. */
  recordFailure(key: string, now?: number): Promise<void>;
  /** Forgets `key`'s failures (after a successful sign-in). */
  reset(key: string): Promise<void>;
}

/** The two limiters of the sign-in route. */
export interface SignInLimiters {
  perAccount: FailureLimiter;
  perAddress: FailureLimiter;
}

/** How long `key` must wait, given the times of its failures in the window (oldest first). */
export function waitFromFailures(recent: readonly number[], limit: FailureLimit, now: number): number {
  if (recent.length < limit.maxFailures) return 0;
  const oldestThatCounts = recent[recent.length - limit.maxFailures] ?? now;
  return Math.max(1, oldestThatCounts + limit.windowMs - now);
}

/** Failures kept in this process's memory. */
export class MemoryFailureLimiter implements FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limit: FailureLimit) {}

  retryAfterMs(key: string, now = Date.now()): Promise<number> {
    return Promise.resolve(this.retryAfterMsNow(key, now));
  }

  recordFailure(key: string, now = Date.now()): Promise<void> {
    this.recordFailureNow(key, now);
    return Promise.resolve();
  }

  reset(key: string): Promise<void> {
    this.failures.delete(key);
    return Promise.resolve();
  }

  /** The synchronous answer (the Redis limiter falls back on it). */
  retryAfterMsNow(key: string, now = Date.now()): number {
    return waitFromFailures(this.recent(key, now), this.limit, now);
  }

  /** The synchronous record. */
  recordFailureNow(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.prune(now);
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

/** The limiters of one process. */
export function createMemorySignInLimiters(): SignInLimiters {
  return { perAccount: new MemoryFailureLimiter(PER_ACCOUNT_LIMIT), perAddress: new MemoryFailureLimiter(PER_ADDRESS_LIMIT) };
}

/** Failed sign-ins allowed per account: 5 in 15 minutes. */
export const PER_ACCOUNT_LIMIT: FailureLimit = { maxFailures: 5, windowMs: 15 * 60 * 1000 };
/** Failed sign-ins allowed per client address: 20 in 15 minutes. */
export const PER_ADDRESS_LIMIT: FailureLimit = { maxFailures: 20, windowMs: 15 * 60 * 1000 };
