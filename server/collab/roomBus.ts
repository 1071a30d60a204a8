/**
 * The seam through which accepted updates and awareness changes leave a room, so that several
 * server instances holding the same room can exchange them. In one process there is nobody else
 * to tell; the in-process bus delivers to the room's other subscribers, of which there are none
 * unless a test creates them. With REDIS_URL the Redis bus (server/cluster/redisRoomBus.ts)
 * carries them between instances.
 *
 * The store is the truth, the bus is for speed: rooms publish an update only once it is stored, so
 * a room that subscribes before it reads the store misses nothing, and a bus that may have lost
 * messages (Redis restarted, this instance was cut off) tells the rooms to reload from the store.
 */

/** What one room instance tells the others. */
export interface BusMessage {
  kind: 'update' | 'awareness';
  data: Uint8Array;
  /** Which room instance published it, so it never applies its own message. */
  source: string;
}

/** Receives a room's messages from other instances. */
export type BusListener = (message: BusMessage) => void;

/** Told which rooms may have missed bus messages and must reload what is stored. */
export type ResyncListener = (rooms: readonly string[]) => void;

/** Carries room messages between instances. */
export interface RoomBus {
  /** Sends to the other instances holding the room; never throws (a lost message is made up by a resync). */
  publish(room: string, message: BusMessage): void;
  /** Resolves, once the subscription is live, to the function that unsubscribes. */
  subscribe(room: string, listener: BusListener): Promise<() => void>;
  /**
   * Called with the rooms this instance must reload from the store because bus messages for them
   * may have been lost: after the bus reconnected, or when another instance that was cut off asks.
   */
  onResync(listener: ResyncListener): () => void;
  close(): Promise<void>;
}

/** The default bus: delivers synchronously to every other subscriber of the room in this process. */
export function createInProcessRoomBus(): RoomBus {
  const listeners = new Map<string, Set<BusListener>>();
  return {
    publish(room, message) {
      for (const listener of listeners.get(room) ?? []) listener(message);
    },
    subscribe(room, listener) {
      const set = listeners.get(room) ?? new Set<BusListener>();
      set.add(listener);
      listeners.set(room, set);
      return Promise.resolve(() => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(room);
      });
    },
    onResync() {
      // Nothing is ever lost in one process.
      return () => {};
    },
    async close() {
      listeners.clear();
    },
  };
}
