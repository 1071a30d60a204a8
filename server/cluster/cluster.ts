/**
 * What this instance shares with the others: the room bus, the control channel and the rate
 * limiters. With a Redis URL they go through Redis (one subscriber and one publisher connection);
 * without one they stay in this process, exactly as a single server has always worked.
 */
import type { LimitValues, Limiters } from '../auth/rateLimit';
import { createMemoryLimiters } from '../auth/rateLimit';
import type { RoomBus } from '../collab/roomBus';
import { createInProcessRoomBus } from '../collab/roomBus';
import type { Logger } from '../logger';
import type { ControlChannel } from './controlChannel';
import { createLocalControlChannel, createRedisControlChannel } from './controlChannel';
import type { Presence } from './presence';
import { createLocalPresence, createRedisPresence } from './presence';
import type { RedisPubSub } from './redisPubSub';
import { createRedisPubSub } from './redisPubSub';
import { createRedisLimiters } from './redisRateLimit';
import { createRedisRoomBus } from './redisRoomBus';

/** How long startup waits for Redis before going on without it (it then catches up once Redis is back). */
const STARTUP_WAIT_MS = 10_000;

/** This instance's links to the others. */
export interface Cluster {
  bus: RoomBus;
  control: ControlChannel;
  limiters: Limiters;
  /** Who is online on any instance. */
  presence: Presence;
  /** The Redis connections, or null in one process. */
  pubsub: RedisPubSub | null;
  /** Disconnects from Redis (after the rooms have closed). */
  close(): Promise<void>;
}

/** What the cluster needs. */
export interface ClusterOptions {
  /** redis:// or rediss://; absent: one process, nothing shared. */
  redisUrl?: string;
  log: Logger;
  /** Other values for the rate limits than RequestLimits' (tests only). */
  limits?: Partial<LimitValues>;
}

/** Connects to Redis if configured; resolves once subscribed to the control channel, or after STARTUP_WAIT_MS. */
export async function createCluster({ redisUrl, log, limits }: ClusterOptions): Promise<Cluster> {
  if (!redisUrl) {
    const bus = createInProcessRoomBus();
    return { bus, control: createLocalControlChannel(), limiters: createMemoryLimiters(limits), presence: createLocalPresence(), pubsub: null, close: () => bus.close() };
  }
  const pubsub = createRedisPubSub(redisUrl, log);
  if (!(await pubsub.waitUntilReady(STARTUP_WAIT_MS))) {
    log.warn('redis is not reachable yet; serving alone until it is', { waitedMs: STARTUP_WAIT_MS });
  }
  const control = await createRedisControlChannel(pubsub, log);
  const bus = createRedisRoomBus(pubsub, control, log);
  const presence = createRedisPresence(pubsub.commands, log);
  return {
    bus,
    control,
    limiters: createRedisLimiters(pubsub.commands, log, limits),
    presence,
    pubsub,
    async close() {
      await presence.close();
      await bus.close();
      await control.close();
      await pubsub.close();
    },
  };
}
