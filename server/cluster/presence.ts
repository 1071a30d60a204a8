/**
 * Who is online, across instances: the letters list and the workshop board show whether a person
 * has a letter open (a sync socket) or follows a workshop (an event stream), wherever they are
 * connected. Each instance knows its own connections; with Redis, every instance also reports them
 * every REFRESH_MS into one sorted set, each entry scored with when it expires, so an instance
 * that dies stops counting after TTL_MS. An instance answers for itself from what it holds now, and
 * for the others from what they last reported (a departure elsewhere shows within REFRESH_MS).
 *
 * Presence is a courtesy, never an access decision: if Redis is down, each instance answers for
 * itself alone.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';

/** The sorted set every instance reports into: members `<instance id>\n<key>`, scores the expiry in ms. */
export const PRESENCE_KEY = 'casewrite:online';
/** How often an instance reports who it holds. */
const REFRESH_MS = 2_000;
/** How long a report counts: a few refreshes, so one slow refresh does not make anyone vanish. */
const TTL_MS = 10_000;

/** The key of a person with a letter open. */
export function letterPresenceKey(letterId: string, userId: string): string {
  return `letter:${letterId}/${userId}`;
}

/** The key of a person following a workshop's stream. */
export function workshopPresenceKey(workshopId: string, userId: string): string {
  return `workshop:${workshopId}/${userId}`;
}

/** The keys of everyone something of this instance holds (its sockets, its streams). */
export type PresenceSource = () => Iterable<string>;

/** Who was online when asked. */
export interface OnlineSet {
  has(key: string): boolean;
}

/** Who is online, here and on the other instances. */
export interface Presence {
  /** Adds what this instance holds; returns the function that removes the source. */
  addSource(source: PresenceSource): () => void;
  /** Everyone online now. */
  online(): Promise<OnlineSet>;
  /** Stops reporting, and withdraws this instance's reports. */
  close(): Promise<void>;
}

function localKeys(sources: ReadonlySet<PresenceSource>): Set<string> {
  const keys = new Set<string>();
  for (const source of sources) for (const key of source()) keys.add(key);
  return keys;
}

function addSourceTo(sources: Set<PresenceSource>, source: PresenceSource): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

/** One process: whoever this instance holds is everyone. */
export function createLocalPresence(): Presence {
  const sources = new Set<PresenceSource>();
  return {
    addSource: (source) => addSourceTo(sources, source),
    online: async () => localKeys(sources),
    close: async () => {},
  };
}

/** Several instances: this one's sources now, plus the others' latest reports in Redis. */
export function createRedisPresence(redis: Redis, log: Logger): Presence {
  const sources = new Set<PresenceSource>();
  const instanceId = randomUUID();
  const memberOf = (key: string) => `${instanceId}\n${key}`;
  /** What the last report said, so keys that went away are withdrawn at once. */
  let reported = new Set<string>();
  let failing = false;

  const report = async (): Promise<void> => {
    const now = Date.now();
    const keys = localKeys(sources);
    const gone = [...reported].filter((key) => !keys.has(key));
    const batch = redis.multi();
    if (keys.size > 0) batch.zadd(PRESENCE_KEY, ...[...keys].flatMap((key) => [now + TTL_MS, memberOf(key)]));
    if (gone.length > 0) batch.zrem(PRESENCE_KEY, ...gone.map(memberOf));
    // Reports of instances that stopped without withdrawing them.
    batch.zremrangebyscore(PRESENCE_KEY, '-inf', now);
    try {
      await batch.exec();
      reported = keys;
      if (failing) log.info('presence reports reach redis again');
      failing = false;
    } catch (error) {
      if (!failing) log.warn('could not report presence to redis; other instances will not see who is here until it is back', { error });
      failing = true;
    }
  };

  const timer = setInterval(() => void report(), REFRESH_MS);
  // Presence must never keep a process alive.
  timer.unref();

  return {
    addSource: (source) => addSourceTo(sources, source),
    async online() {
      const keys = localKeys(sources);
      try {
        for (const member of await redis.zrangebyscore(PRESENCE_KEY, Date.now(), '+inf')) {
          const split = member.indexOf('\n');
          // This instance answers for itself from what it holds now, not from its last report.
          if (split > 0 && member.slice(0, split) !== instanceId) keys.add(member.slice(split + 1));
        }
      } catch (error) {
        log.warn('could not read presence from redis; showing this instance’s only', { error });
      }
      return keys;
    },
    async close() {
      clearInterval(timer);
      if (reported.size === 0) return;
      await redis.zrem(PRESENCE_KEY, ...[...reported].map(memberOf)).catch(() => {
        // Redis is gone: the entries expire after TTL_MS.
      });
    },
  };
}
