/**
 * The API's answer when a rate limit (RequestLimits, shared/limits.ts) is reached: 429, code
 * `rate_limited`, `Retry-After` in whole seconds, and a message that says what was refused and
 * when to try again, which the client shows as it is.
 */
import type { Context } from 'hono';
import type { RateLimiter } from '../auth/rateLimit';
import type { AppEnv } from './context';
import { ApiException } from './errors';

/** The error code of every 429. */
export const RATE_LIMITED = 'rate_limited';

/** A limiter and the key one request is counted under. */
export type LimitCheck = readonly [limiter: RateLimiter, key: string];

/** "in 1 minute", "in 12 minutes", "in 3 hours": a wait in words, rounded up. */
export function waitInWords(waitMs: number): string {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  if (minutes < 120) return `in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  return `in ${Math.ceil(minutes / 60)} hours`;
}

/** The 429 for a wait of `waitMs`; `refused` says what was refused, as a sentence. Sets `Retry-After`. */
export function rateLimited(c: Context<AppEnv>, waitMs: number, refused: string): ApiException {
  c.header('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))));
  return new ApiException(429, RATE_LIMITED, `${refused} Try again ${waitInWords(waitMs)}.`);
}

/** Milliseconds until every check's key may go on: the longest of their waits, 0 if none waits. */
export async function longestWait(checks: readonly LimitCheck[]): Promise<number> {
  const waits = await Promise.all(checks.map(([limiter, key]) => limiter.retryAfterMs(key)));
  return Math.max(0, ...waits);
}

/** Throws the 429 when any check's key must wait; `refused` says what was refused. */
export async function requireUnderLimits(c: Context<AppEnv>, checks: readonly LimitCheck[], refused: string): Promise<void> {
  const waitMs = await longestWait(checks);
  if (waitMs > 0) throw rateLimited(c, waitMs, refused);
}

/**
 * For limits on every attempt (sign-ups, letters created): throws the 429 when a key must wait,
 * otherwise counts this attempt under every key.
 */
export async function takeFromLimits(c: Context<AppEnv>, checks: readonly LimitCheck[], refused: string): Promise<void> {
  await requireUnderLimits(c, checks, refused);
  await Promise.all(checks.map(([limiter, key]) => limiter.record(key)));
}
