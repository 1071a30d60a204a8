/**
 * Rate limits counted in Redis, shared by every instance: one sorted set per key whose members
 * are the events and whose scores are their times, trimmed to the window (and to the newest
 * `max`) on each use and expiring with it. If Redis cannot answer, the call falls back on this
 * instance's own counts (kept alongside) and logs: an outage must neither lock everyone out nor
 * let errors escape.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimit } from '../../shared/limits';
import { RequestLimits } from '../../shared/limits';
import type { LimitValues, Limiters, RateLimiter } from '../auth/rateLimit';
import { createLimiters, MemoryRateLimiter, waitFromEvents } from '../auth/rateLimit';
import type { Logger } from '../logger';

/** Prefix of the rate-limit keys. */
export const RATE_LIMIT_PREFIX = 'casewrite:limits:';

/**
 * `take` in one atomic step: trims the window, and records the event (answering 0) only if fewer
 * than `max` are left; otherwise answers how long until the oldest that counts leaves the window.
 * KEYS[1] the set; ARGV now, window, max, a unique member.
 */
const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < max then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], count - max, count - max, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

/** A limiter whose counts live in Redis under `${RATE_LIMIT_PREFIX}${scope}:<hash of the key>`. */
export class RedisRateLimiter implements RateLimiter {
  private readonly local: MemoryRateLimiter;
  /** Whether the current outage was logged already (once per outage, not per sign-in). */
  private outageLogged = false;

  constructor(
    private readonly redis: Redis,
    private readonly scope: string,
    private readonly limit: RateLimit,
    private readonly log: Logger,
  ) {
    this.local = new MemoryRateLimiter(limit);
  }

  async retryAfterMs(key: string, now = Date.now()): Promise<number> {
    try {
      const redisKey = this.keyOf(key);
      const [, trimmed] = await this.redis
        .multi()
        .zremrangebyscore(redisKey, '-inf', now - this.limit.windowMs)
        .zrangebyscore(redisKey, now - this.limit.windowMs, '+inf', 'WITHSCORES')
        .exec()
        .then((results) => results ?? []);
      const flat = resultOf(trimmed) as string[];
      const times: number[] = [];
      for (let i = 1; i < flat.length; i += 2) times.push(Number(flat[i]));
      this.recovered();
      return waitFromEvents(times, this.limit, now);
    } catch (error) {
      this.failedOver(error);
      return this.local.retryAfterMsNow(key, now);
    }
  }

  async record(key: string, now = Date.now()): Promise<void> {
    this.local.recordNow(key, now);
    try {
      const redisKey = this.keyOf(key);
      const results = await this.redis
        .multi()
        .zadd(redisKey, now, `${now}:${randomUUID()}`)
        .zremrangebyscore(redisKey, '-inf', now - this.limit.windowMs)
        // Only the newest `max` events decide a wait: a busy key keeps no more than that.
        .zremrangebyrank(redisKey, 0, -(this.limit.max + 1))
        .pexpire(redisKey, this.limit.windowMs)
        .exec();
      for (const result of results ?? []) resultOf(result);
      this.recovered();
    } catch (error) {
      this.failedOver(error);
    }
  }

  async take(key: string, now = Date.now()): Promise<number> {
    try {
      const wait = Number(await this.redis.eval(TAKE_SCRIPT, 1, this.keyOf(key), now, this.limit.windowMs, this.limit.max, `${now}:${randomUUID()}`));
      // Keep the local counts close, for the next outage.
      if (wait === 0) this.local.recordNow(key, now);
      this.recovered();
      return wait;
    } catch (error) {
      this.failedOver(error);
      return this.local.takeNow(key, now);
    }
  }

  async reset(key: string): Promise<void> {
    await this.local.reset(key);
    try {
      await this.redis.del(this.keyOf(key));
      this.recovered();
    } catch (error) {
      this.failedOver(error);
    }
  }

  /** The Redis key of `key`: hashed, so Redis holds no email or address of anyone. */
  private keyOf(key: string): string {
    return `${RATE_LIMIT_PREFIX}${this.scope}:${createHash('sha256').update(key).digest('base64url')}`;
  }

  private failedOver(error: unknown): void {
    if (this.outageLogged) return;
    this.outageLogged = true;
    this.log.warn('rate limits fall back on this instance while redis is unavailable', { scope: this.scope, error });
  }

  private recovered(): void {
    this.outageLogged = false;
  }
}

/** Every limiter over Redis, each under its own scope (its name), with RequestLimits' values unless overridden. */
export function createRedisLimiters(redis: Redis, log: Logger, overrides: Partial<LimitValues> = {}): Limiters {
  return createLimiters({ ...RequestLimits, ...overrides }, (name, limit) => new RedisRateLimiter(redis, name, limit, log));
}

/** The value of one `[error, value]` pair of a MULTI's results; throws its error. */
function resultOf(result: [Error | null, unknown] | undefined): unknown {
  if (!result) throw new Error('redis transaction returned no result');
  const [error, value] = result;
  if (error) throw error;
  return value;
}
