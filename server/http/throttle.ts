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

/**
 * For limits on every attempt (sign-ups, letters created, join codes): counts this attempt under
 * each key in turn, checking and counting in one step (RateLimiter.take), and throws the 429 at
 * the first key that must wait. Requests sent all at once get no more than a limit through.
 */
export async function takeFromLimits(c: Context<AppEnv>, checks: readonly LimitCheck[], refused: string): Promise<void> {
  for (const [limiter, key] of checks) {
    const waitMs = await limiter.take(key);
    if (waitMs > 0) throw rateLimited(c, waitMs, refused);
  }
}
