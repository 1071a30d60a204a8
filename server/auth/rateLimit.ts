/**
 * Counts events per key (failed sign-ins, sign-ups, letters created, wrong join codes) in a
 * sliding window and says when a key must wait. The in-memory limiter serves one process; with
 * several instances the Redis one (server/cluster/redisRateLimit.ts) shares the counts, so nobody
 * gains anything by spreading requests over instances. The values are RequestLimits (shared/).
 */
import type { RateLimit, RequestLimitName } from '../../shared/limits';
import { RequestLimits } from '../../shared/limits';

/** The values of every limit; tests and benchmarks may start a server with others. */
export type LimitValues = Record<RequestLimitName, RateLimit>;

/** Counts events per key. */
export interface RateLimiter {
  /** Milliseconds until `key` may have another event, or 0 if it may now. */
  retryAfterMs(key: string, now?: number): Promise<number>;
  /** Records one event of `key`. */
  record(key: string, now?: number): Promise<void>;
  /**
   * In one step: if `key` may have another event now, records it and answers 0; otherwise
   * records nothing and answers the wait. Many requests at once cannot all slip under the limit.
   */
  take(key: string, now?: number): Promise<number>;
  /** Forgets `key`'s events. */
  reset(key: string): Promise<void>;
}

/** One limiter per limit of RequestLimits. */
export type Limiters = Record<RequestLimitName, RateLimiter>;

/** How long a key must wait, given the times of its events in the window (oldest first). */
export function waitFromEvents(recent: readonly number[], limit: RateLimit, now: number): number {
  if (recent.length < limit.max) return 0;
  const oldestThatCounts = recent[recent.length - limit.max] ?? now;
  return Math.max(1, oldestThatCounts + limit.windowMs - now);
}

/** Events kept in this process's memory. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(private readonly limit: RateLimit) {}

  retryAfterMs(key: string, now = Date.now()): Promise<number> {
    return Promise.resolve(this.retryAfterMsNow(key, now));
  }

  record(key: string, now = Date.now()): Promise<void> {
    this.recordNow(key, now);
    return Promise.resolve();
  }

  take(key: string, now = Date.now()): Promise<number> {
    return Promise.resolve(this.takeNow(key, now));
  }

  reset(key: string): Promise<void> {
    this.events.delete(key);
    return Promise.resolve();
  }

  /** The synchronous take. */
  takeNow(key: string, now = Date.now()): number {
    const wait = this.retryAfterMsNow(key, now);
    if (wait === 0) this.recordNow(key, now);
    return wait;
  }

  /** The synchronous answer (the Redis limiter falls back on it). */
  retryAfterMsNow(key: string, now = Date.now()): number {
    return waitFromEvents(this.recent(key, now), this.limit, now);
  }

  /** The synchronous record. */
  recordNow(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    recent.push(now);
    // Only the newest `max` events decide a wait: a busy key keeps no more than that.
    this.events.set(key, recent.slice(-this.limit.max));
    if (this.events.size > 10_000) this.prune(now);
  }

  private recent(key: string, now: number): number[] {
    return (this.events.get(key) ?? []).filter((at) => now - at < this.limit.windowMs);
  }

  private prune(now: number): void {
    for (const key of this.events.keys()) {
      const recent = this.recent(key, now);
      if (recent.length === 0) this.events.delete(key);
      else this.events.set(key, recent);
    }
  }
}

/** Builds one limiter per limit, each with its own values. */
export function createLimiters(values: LimitValues, create: (name: RequestLimitName, limit: RateLimit) => RateLimiter): Limiters {
  const entries = (Object.keys(values) as RequestLimitName[]).map((name) => [name, create(name, values[name])] as const); // keys of a LimitValues
  return Object.fromEntries(entries) as Limiters; // one entry per name, built just above
}

/** The limiters of one process, with RequestLimits' values unless overridden. */
export function createMemoryLimiters(overrides: Partial<LimitValues> = {}): Limiters {
  return createLimiters({ ...RequestLimits, ...overrides }, (_name, limit) => new MemoryRateLimiter(limit));
}
