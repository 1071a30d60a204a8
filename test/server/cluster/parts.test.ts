/**
 * The cluster's parts on their own: without Redis the bus, channel and limiters stay in this
 * process; bus and control messages survive the wire or are refused whole; the rate limiter
 * counts in a sliding window, and over Redis falls back on its own counts while Redis is down.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../../../server/auth/rateLimit';
import { createCluster } from '../../../server/cluster/cluster';
import { ControlMessageSchema } from '../../../server/cluster/controlChannel';
import { RedisRateLimiter } from '../../../server/cluster/redisRateLimit';
import { decodeBusMessage, encodeBusMessage } from '../../../server/cluster/redisRoomBus';
import { ConnectionRegistry } from '../../../server/collab/connections';
import type { BusMessage } from '../../../server/collab/roomBus';
import { CloseReason } from '../../../shared/protocol';
import { createRecordingLogger } from '../../helpers/resources';
import type { RedisProcess } from './redisProcess';
import { startRedisProcess } from './redisProcess';

describe('without Redis', () => {
  it('keeps the bus in this process: a subscription is live at once and nothing ever asks for a resync', async () => {
    const cluster = await createCluster({ log: createRecordingLogger() });
    expect(cluster.pubsub).toBeNull();
    const received: BusMessage[] = [];
    const resyncs: (readonly string[])[] = [];
    cluster.bus.onResync((rooms) => resyncs.push(rooms));
    const unsubscribe = await cluster.bus.subscribe('room', (message) => received.push(message));
    const message: BusMessage = { kind: 'update', data: new Uint8Array([1, 2, 3]), source: 'x' };
    cluster.bus.publish('room', message);
    expect(received).toEqual([message]);
    unsubscribe();
    cluster.bus.publish('room', message);
    expect(received).toHaveLength(1);
    expect(resyncs).toEqual([]);
    await cluster.close();
  });

  it('refuses to close sockets on an empty match, which would close everyone', () => {
    expect(() => new ConnectionRegistry().closeWhere({}, CloseReason.forbidden)).toThrow(/empty match/);
    expect(new ConnectionRegistry().closeWhere({ room: 'nobody-here' }, CloseReason.forbidden)).toBe(0);
  });

  it('counts failures in a sliding window', async () => {
    const limiter = new MemoryRateLimiter({ max: 3, windowMs: 1_000 });
    for (const at of [0, 100, 200]) await limiter.record('key', at);
    expect(await limiter.retryAfterMs('key', 300)).toBe(700);
    expect(await limiter.retryAfterMs('key', 1_000)).toBe(0);
    expect(await limiter.retryAfterMs('other', 300)).toBe(0);
    await limiter.reset('key');
    expect(await limiter.retryAfterMs('key', 300)).toBe(0);
  });
});

describe('messages on the wire', () => {
  it('round-trips bus messages and refuses what is not one', () => {
    for (const kind of ['update', 'awareness'] as const) {
      const message: BusMessage = { kind, data: new Uint8Array([0, 255, 7]), source: randomUUID() };
      expect(decodeBusMessage(encodeBusMessage(message))).toEqual(message);
    }
    expect(decodeBusMessage(Buffer.from([]))).toBeNull();
    expect(decodeBusMessage(Buffer.from([2, 0, 0]))).toBeNull();
    expect(decodeBusMessage(Buffer.from([1, 7, 0]))).toBeNull();
    expect(decodeBusMessage(Buffer.from([1, 0, 40, 1]))).toBeNull();
  });

  it('accepts the control messages the server sends and refuses malformed ones', () => {
    const valid = [
      { type: 'close', match: { room: 'r', userId: 'u' }, reason: 'forbidden' },
      { type: 'close', match: { sessionId: 's' }, reason: 'unauthenticated' },
      { type: 'notify', room: 'r', topic: 'members' },
      { type: 'notifyUser', userId: 'u', topic: 'inbox' },
      { type: 'workshopChanged', workshopId: 'w' },
      { type: 'resync', rooms: ['r'] },
    ];
    for (const message of valid) expect(ControlMessageSchema.safeParse(message).success).toBe(true);
    const invalid = [
      { type: 'close', match: {}, reason: 'forbidden' },
      { type: 'close', match: { room: 'r', everyone: true }, reason: 'forbidden' },
      { type: 'close', match: { room: 'r' }, reason: 'because' },
      { type: 'notify', room: 'r', topic: 'gossip' },
      { type: 'resync', rooms: 'r' },
      { type: 'explode' },
      null,
    ];
    for (const message of invalid) expect(ControlMessageSchema.safeParse(message).success).toBe(false);
  });
});

describe.skipIf(!process.env.REDIS_URL)('the rate limiter over Redis', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedisProcess();
  });
  afterAll(async () => {
    await redis.kill();
  });

  it('shares counts between limiters, and falls back on its own counts while Redis is down', async () => {
    const log = createRecordingLogger();
    const clients = [new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }), new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })];
    for (const client of clients) client.on('error', () => {});
    await Promise.all(clients.map((client) => new Promise((resolve) => client.once('ready', resolve))));
    const limit = { max: 3, windowMs: 60_000 };
    const [first, second] = clients.map((client) => new RedisRateLimiter(client, 'test', limit, log));
    if (!first || !second) throw new Error('two limiters expected');
    const key = randomUUID();
    const now = Date.now();
    await first.record(key, now);
    await second.record(key, now + 1);
    expect(await first.retryAfterMs(key, now + 2)).toBe(0);
    await second.record(key, now + 2);
    expect(await first.retryAfterMs(key, now + 3)).toBe(limit.windowMs - 3);
    // The key expires with the window, and names no account: only a hash of it.
    const keys = await clients[0]?.keys('casewrite:limits:test:*');
    expect(keys).toHaveLength(1);
    expect(keys?.[0]).not.toContain(key);
    expect(await clients[0]?.pttl(keys?.[0] ?? '')).toBeGreaterThan(0);

    await redis.kill();
    // The first limiter saw only one of the three failures itself: it lets the key try, and says why in the log, once.
    expect(await first.retryAfterMs(key, now + 4)).toBe(0);
    await first.record(key, now + 5);
    await first.reset(key);
    expect(log.entries.filter((entry) => entry.level === 'warn')).toHaveLength(1);
    await redis.start();
    for (const client of clients) client.disconnect();
  });

  it('takes atomically: many takes at once from two instances let exactly the limit through', async () => {
    const log = createRecordingLogger();
    const clients = [new Redis(redis.url, { maxRetriesPerRequest: 1 }), new Redis(redis.url, { maxRetriesPerRequest: 1 })];
    await Promise.all(clients.map((client) => new Promise((resolve) => client.once('ready', resolve))));
    const limit = { max: 5, windowMs: 60_000 };
    const limiters = clients.map((client) => new RedisRateLimiter(client, 'take', limit, log));
    const key = randomUUID();
    const waits = await Promise.all(Array.from({ length: 40 }, (_, index) => limiters[index % 2]?.take(key) ?? Promise.resolve(-1)));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(limit.max);
    expect(waits.filter((wait) => wait > 0 && wait <= limit.windowMs)).toHaveLength(40 - limit.max);
    // Refused takes recorded nothing: the set holds the limit's events only.
    const keys = (await clients[0]?.keys('casewrite:limits:take:*')) ?? [];
    expect(await clients[0]?.zcard(keys[0] ?? '')).toBe(limit.max);
    expect(log.entries).toEqual([]);
    for (const client of clients) client.disconnect();
  });
});
