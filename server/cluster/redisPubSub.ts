/**
 * This process's two Redis connections: one subscriber for every channel it listens on (room
 * channels and the control channel), one publisher that also runs the rate limiter's commands.
 *
 * Redis is for speed, the store is the truth, so Redis going away must never stop the server:
 * publishing fails fast during an outage (no offline queue) and is counted, logged once per outage;
 * subscribing while the subscriber is down resolves at once. After any loss (a connection closed,
 * a publish failed, a subscription could not be confirmed) the pub/sub is "degraded"; once both
 * connections are back it subscribes to every channel again, waits for Redis to confirm, and only
 * then tells its `onReconnected` listeners, who reload from the store what they may have missed.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger';

/** Receives the raw payloads published on one channel. */
export type ChannelListener = (payload: Buffer) => void;

/** Publishing and subscribing over Redis, shared by the room bus and the control channel. */
export interface RedisPubSub {
  /** Sends a payload; never throws (a failure is counted and triggers a resync once Redis is back). */
  publish(channel: string, payload: Buffer | string): void;
  /**
   * Listens to a channel. Resolves once Redis confirmed the subscription, or at once if Redis is
   * unreachable (then `onReconnected` fires after it is back and subscribed). Resolves to the
   * function that stops listening.
   */
  subscribe(channel: string, listener: ChannelListener): Promise<() => void>;
  /** Called after a loss, once both connections are back and every channel is subscribed again. */
  onReconnected(listener: () => void): () => void;
  /** The connection that runs ordinary commands (fails fast while Redis is down). */
  readonly commands: Redis;
  /** Publishes that failed so far (for tests and diagnostics). */
  readonly failedPublishes: number;
  /** Whether a loss is not yet recovered from. */
  readonly degraded: boolean;
  /** Resolves once both connections are ready, or after `timeoutMs` (false then). */
  waitUntilReady(timeoutMs: number): Promise<boolean>;
  /** Disconnects both connections. */
  close(): Promise<void>;
}

/** How long after a failed publish, with both connections seemingly up, to try recovering. */
const RECOVERY_RETRY_MS = 500;

/** Connects to `url`; connections are made in the background and retried forever. */
export function createRedisPubSub(url: string, log: Logger): RedisPubSub {
  // Named so an operator (or a test) can tell the connections of each instance apart in CLIENT LIST.
  const instanceTag = randomUUID();
  const subscriber = new Redis(url, {
    connectionName: `casewrite:subscriber:${instanceTag}`,
    // We subscribe again ourselves after a reconnect, so we know when it is live.
    autoResubscribe: false,
    // A subscribe waits for the connection rather than failing; we never wait on it unbounded.
    maxRetriesPerRequest: null,
    lazyConnect: false,
  });
  const publisher = new Redis(url, {
    connectionName: `casewrite:publisher:${instanceTag}`,
    // Fail fast while Redis is down: an edit's way to local clients and the store must never wait on it.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  const listeners = new Map<string, Set<ChannelListener>>();
  const reconnectedListeners = new Set<() => void>();
  let degraded = false;
  let recovering = false;
  /** Counts losses, so a recovery knows whether another one happened while it resubscribed. */
  let losses = 0;
  let closed = false;
  let failedPublishes = 0;
  let outageLogged = false;
  /** Resolved on the next close of the subscriber: a subscription in flight then is not confirmed. */
  let subscriberLost = deferred();

  const bothReady = () => subscriber.status === 'ready' && publisher.status === 'ready';
  const markDegraded = (why: string, error?: unknown) => {
    if (closed) return;
    degraded = true;
    losses += 1;
    if (!outageLogged) {
      outageLogged = true;
      log.warn('redis unavailable; instances will resync from the store when it is back', { why, error });
    }
  };

  for (const [name, client] of [['subscriber', subscriber], ['publisher', publisher]] as const) {
    // Without a listener an 'error' event would end the process; ioredis reconnects by itself.
    client.on('error', (error: unknown) => markDegraded(`${name} error`, error));
    client.on('close', () => {
      if (name === 'subscriber') {
        subscriberLost.resolve();
        subscriberLost = deferred();
      }
      markDegraded(`${name} connection closed`);
    });
    client.on('ready', () => void recover());
  }

  subscriber.on('messageBuffer', (channel: Buffer, payload: Buffer) => {
    for (const listener of [...(listeners.get(channel.toString()) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        log.error('bus message handler failed', { channel: channel.toString(), error });
      }
    }
  });

  /** After a loss, once both are up: subscribe to everything again, then tell the listeners. */
  async function recover(): Promise<void> {
    if (recovering) return;
    recovering = true;
    try {
      while (degraded && !closed && bothReady()) {
        const lossesBefore = losses;
        const channels = [...listeners.keys()];
        if (channels.length > 0) await subscriber.subscribe(...channels);
        // Lost again while we resubscribed (a publish failed, a connection dropped): go again.
        if (losses !== lossesBefore) continue;
        degraded = false;
        outageLogged = false;
        log.info('redis is back; reloading rooms from the store', { channels: channels.length });
        for (const listener of [...reconnectedListeners]) {
          try {
            listener();
          } catch (error) {
            log.error('redis reconnect handler failed', { error });
          }
        }
      }
    } catch (error) {
      markDegraded('resubscribe failed', error);
    } finally {
      recovering = false;
    }
    // Still degraded with both connections up: no 'ready' will come to retry, so a timer does.
    if (degraded && !closed && bothReady()) setTimeout(() => void recover(), RECOVERY_RETRY_MS).unref();
  }

  /** Whether a recovery attempt is already timed (every failed publish of an outage shares it). */
  let recoveryTimed = false;
  const handlePublishFailure = (error: unknown) => {
    failedPublishes += 1;
    markDegraded('publish failed', error);
    if (recoveryTimed) return;
    recoveryTimed = true;
    setTimeout(() => {
      recoveryTimed = false;
      void recover();
    }, RECOVERY_RETRY_MS).unref();
  };

  return {
    commands: publisher,
    get failedPublishes() {
      return failedPublishes;
    },
    get degraded() {
      return degraded;
    },
    publish(channel, payload) {
      if (closed) return;
      if (publisher.status !== 'ready') {
        handlePublishFailure(new Error(`redis publisher is ${publisher.status}`));
        return;
      }
      publisher.publish(channel, payload).catch(handlePublishFailure);
    },
    async subscribe(channel, listener) {
      let set = listeners.get(channel);
      const first = !set;
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
      }
      set.add(listener);
      const unsubscribe = () => {
        set.delete(listener);
        if (set.size > 0 || listeners.get(channel) !== set) return;
        listeners.delete(channel);
        if (!closed && subscriber.status === 'ready') {
          // A failure leaves a subscription whose messages nobody listens to; harmless.
          subscriber.unsubscribe(channel).catch((error: unknown) => log.warn('redis unsubscribe failed', { channel, error }));
        }
      };
      if (!first || closed) return unsubscribe;
      if (subscriber.status !== 'ready') {
        // Subscribed on recovery, which then tells the listeners to reload.
        markDegraded('subscribe while disconnected');
        return unsubscribe;
      }
      const confirmed = subscriber.subscribe(channel).then(
        () => true,
        (error: unknown) => {
          markDegraded('subscribe failed', error);
          return false;
        },
      );
      await Promise.race([confirmed, subscriberLost.promise]);
      return unsubscribe;
    },
    onReconnected(listener) {
      reconnectedListeners.add(listener);
      return () => reconnectedListeners.delete(listener);
    },
    async waitUntilReady(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!bothReady() && Date.now() < deadline && !closed) await new Promise((resolve) => setTimeout(resolve, 20));
      return bothReady();
    },
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      reconnectedListeners.clear();
      await Promise.all([quit(subscriber), quit(publisher)]);
    },
  };
}

/** Ends a connection politely if it is up, at once otherwise. */
async function quit(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // The connection went away meanwhile: disconnect below ends its reconnection attempts.
    }
  }
  client.disconnect();
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
