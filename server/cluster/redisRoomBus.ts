/**
 * The room bus over Redis: one channel per room, binary messages (kind, the publishing room
 * instance's id, the Yjs or awareness update). Receivers apply and never republish.
 *
 * After Redis was lost and is back, every room this instance holds reloads from the store, and a
 * `resync` on the control channel asks every other instance holding them to do the same: that
 * covers what this instance published into the void while it was cut off. Receiving a resync
 * reloads, and never sends one, so nothing loops.
 */
import type { BusMessage, ResyncListener, RoomBus } from '../collab/roomBus';
import type { Logger } from '../logger';
import type { ControlChannel } from './controlChannel';
import type { RedisPubSub } from './redisPubSub';

/** Prefix of the per-room channels. */
export const ROOM_CHANNEL_PREFIX = 'casewrite:room:';

const FORMAT_VERSION = 1;
const KINDS = ['update', 'awareness'] as const;

/** The channel of one room. */
export function roomChannel(room: string): string {
  return `${ROOM_CHANNEL_PREFIX}${room}`;
}

/** version, kind, source length, source (ASCII), data. */
export function encodeBusMessage(message: BusMessage): Buffer {
  const source = Buffer.from(message.source, 'latin1');
  if (source.byteLength > 255) throw new Error('bus message source id is too long');
  const header = Buffer.from([FORMAT_VERSION, KINDS.indexOf(message.kind), source.byteLength]);
  return Buffer.concat([header, source, message.data]);
}

/** The message in a payload, or null if it is not one this version understands. */
export function decodeBusMessage(payload: Buffer): BusMessage | null {
  if (payload.byteLength < 3 || payload[0] !== FORMAT_VERSION) return null;
  const kind = KINDS[payload[1] ?? -1];
  const sourceLength = payload[2] ?? 0;
  if (!kind || payload.byteLength < 3 + sourceLength) return null;
  const source = payload.subarray(3, 3 + sourceLength).toString('latin1');
  // A copy: the payload's memory may be a slice of a larger buffer ioredis reuses.
  const data = new Uint8Array(payload.subarray(3 + sourceLength));
  return { kind, source, data };
}

/** The Redis bus; `control` carries the resync requests. */
export function createRedisRoomBus(pubsub: RedisPubSub, control: ControlChannel, log: Logger): RoomBus {
  /** Subscriptions per room (a room loads once per process, but keep it general). */
  const subscribed = new Map<string, number>();
  const resyncListeners = new Set<ResyncListener>();
  const tellResync = (rooms: readonly string[]) => {
    if (rooms.length === 0) return;
    for (const listener of [...resyncListeners]) listener(rooms);
  };
  const stopReconnected = pubsub.onReconnected(() => {
    const rooms = [...subscribed.keys()];
    tellResync(rooms);
    // Sent even naming no room: the others also check their sockets again (closes this
    // instance published while cut off went nowhere).
    control.publish({ type: 'resync', rooms });
  });
  const stopControl = control.onMessage((message) => {
    if (message.type !== 'resync') return;
    tellResync(message.rooms.filter((room) => subscribed.has(room)));
  });

  return {
    publish(room, message) {
      pubsub.publish(roomChannel(room), encodeBusMessage(message));
    },
    async subscribe(room, listener) {
      subscribed.set(room, (subscribed.get(room) ?? 0) + 1);
      const unsubscribe = await pubsub.subscribe(roomChannel(room), (payload) => {
        const message = decodeBusMessage(payload);
        if (!message) {
          log.warn('malformed room bus message dropped', { room, bytes: payload.byteLength });
          return;
        }
        listener(message);
      });
      let done = false;
      return () => {
        if (done) return;
        done = true;
        const left = (subscribed.get(room) ?? 1) - 1;
        if (left > 0) subscribed.set(room, left);
        else subscribed.delete(room);
        unsubscribe();
      };
    },
    onResync(listener) {
      resyncListeners.add(listener);
      return () => resyncListeners.delete(listener);
    },
    async close() {
      stopReconnected();
      stopControl();
      resyncListeners.clear();
      subscribed.clear();
    },
  };
}
