/**
 * Failed sign-ins counted in Redis, shared by every instance: one sorted set per key whose
 * members are the failures and whose scores are their times, trimmed to the window on each use
 * and expiring with it. If Redis cannot answer, the call falls back on this instance's own counts
 * (kept alongside) and logs: an outage must neither lock everyone out nor let errors escape.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { FailureLimit, FailureLimiter, SignInLimiters } from '../auth/rateLimit';
import { MemoryFailureLimiter, PER_ACCOUNT_LIMIT, PER_ADDRESS_LIMIT, waitFromFailures } from '../auth/rateLimit';
import type { Logger } from '../logger';

/** Prefix of the rate-limit keys. */
export const SIGNIN_FAILURES_PREFIX = 'casewrite:signin-failures:';

/** A limiter whose counts live in Redis under `${SIGNIN_FAILURES_PREFIX}${scope}:<hash of the key>`. */
export class RedisFailureLimiter implements FailureLimiter {
  private readonly local: MemoryFailureLimiter;
  /** Whether the current outage was logged already (once per outage, not per sign-in). */
  private outageLogged = false;

  constructor(
    private readonly redis: Redis,
    private readonly scope: string,
    private readonly limit: FailureLimit,
    private readonly log: Logger,
  ) {
    this.local = new MemoryFailureLimiter(limit);
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
      return waitFromFailures(times, this.limit, now);
    } catch (error) {
      this.failedOver(error);
      return this.local.retryAfterMsNow(key, now);
    }
  }

  async recordFailure(key: string, now = Date.now()): Promise<void> {
    this.local.recordFailureNow(key, now);
    try {
      const redisKey = this.keyOf(key);
      const results = await this.redis
        .multi()
        .zadd(redisKey, now, `${now}:${randomUUID()}`)
        .zremrangebyscore(redisKey, '-inf', now - this.limit.windowMs)
        .pexpire(redisKey, this.limit.windowMs)
        .exec();
      for (const result of results ?? []) resultOf(result);
      this.recovered();
    } catch (error) {
      this.failedOver(error);
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
    return `${SIGNIN_FAILURES_PREFIX}${this.scope}:${createHash('sha256').update(key).digest('base64url')}`;
  }

  private failedOver(error: unknown): void {
    if (this.outageLogged) return;
    this.outageLogged = true;
    this.log.warn('sign-in limits fall back on this instance while redis is unavailable', { scope: this.scope, error });
  }

  private recovered(): void {
    this.outageLogged = false;
  }
}

/** The sign-in limiters over Redis. */
export function createRedisSignInLimiters(redis: Redis, log: Logger): SignInLimiters {
  return {
    perAccount: new RedisFailureLimiter(redis, 'account', PER_ACCOUNT_LIMIT, log),
    perAddress: new RedisFailureLimiter(redis, 'address', PER_ADDRESS_LIMIT, log),
  };
}

/** The value of one `[error, value]` pair of a MULTI's results; throws its error. */
function resultOf(result: [Error | null, unknown] | undefined): unknown {
  if (!result) throw new Error('redis transaction returned no result');
  const [error, value] = result;
  if (error) throw error;
  return value;
}
