/**
 * The seam through which accepted updates and awareness changes leave a room, so that several
 * server instances holding the same room can exchange them. In one process there is nobody else
 * to tell; the in-process bus delivers to the room's other subscribers, of which there are none
 * unless a test or a future adapter creates them.
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

/** Carries room messages between instances. */
export interface RoomBus {
  publish(room: string, message: BusMessage): void;
  /** Returns the function that unsubscribes. */
  subscribe(room: string, listener: BusListener): () => void;
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
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(room);
      };
    },
    async close() {
      listeners.clear();
    },
  };
}
