/**
 * Counting the sync update frames (SyncStep2 and Update) a y-websocket provider sends on its
 * current connection, and how many of them the server's saved acknowledgement (shared/protocol.ts,
 * type 100) says are stored. A change that only deletes shows as saved once its frame is counted,
 * never earlier: the state vector alone cannot show it.
 */
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { MessageType, SyncMessageType } from '../../../shared/protocol';
import type { UpdateFrames } from './saveState';

/** The counts of one provider, kept current as it connects, sends and is acknowledged. */
export interface UpdateFrameCounter {
  /** The counts now; a new object after every change. */
  current(): UpdateFrames;
  /** Sockets opened so far: the number of the current connection, 0 before the first. */
  readonly connection: number;
  /** Records the stored-frame count of a saved acknowledgement received on the current connection. */
  acknowledge(count: number): void;
  /** Stops counting and gives the provider its own sync handler back. */
  destroy(): void;
}

/** Whether the provider sends a local update on its socket right now (as its update handler decides). */
export function sendsOnSocket(provider: WebsocketProvider): boolean {
  const ws = provider.ws;
  return provider.wsconnected && ws !== null && ws.readyState === ws.OPEN;
}

/**
 * Counts `provider`'s update frames. Create it before anything else listens to the document's
 * updates, so they read counts that include the update; `onChange` runs after every change.
 */
export function countUpdateFrames(provider: WebsocketProvider, onChange: () => void): UpdateFrameCounter {
  let frames: UpdateFrames = { sent: 0, acked: 0, unsent: false };
  let connection = 0;
  const set = (next: Partial<UpdateFrames>): void => {
    frames = { ...frames, ...next };
    onChange();
  };

  // Emitted when a socket opens, before the provider sends anything on it.
  const handleStatus = ({ status }: { status: string }): void => {
    if (status !== 'connected') return;
    connection += 1;
    set({ sent: 0, acked: 0 });
  };
  // Frames the server did not acknowledge may not be stored: they count as unsent until the next
  // connection's SyncStep2 carries them again.
  const handleConnectionClose = (): void => {
    set({ sent: 0, acked: 0, unsent: frames.unsent || frames.acked < frames.sent });
  };
  // The provider applies what it receives with itself as the origin, and sends every other update.
  const handleDocUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin === provider) return;
    if (sendsOnSocket(provider)) set({ sent: frames.sent + 1 });
    else set({ unsent: true });
  };

  const syncHandler = provider.messageHandlers[MessageType.sync];
  if (!syncHandler) throw new Error('the provider has no sync message handler');
  provider.messageHandlers[MessageType.sync] = (encoder, decoder, from, emitSynced, messageType) => {
    const answersStep1 = decoding.peekVarUint(decoder) === SyncMessageType.step1;
    syncHandler(encoder, decoder, from, emitSynced, messageType);
    // The answer to a SyncStep1 is a SyncStep2 with everything the server lacks, deletions
    // included; the provider sends it as soon as this returns. `emitSynced` is false for messages
    // from other tabs (BroadcastChannel), whose answers go back there, not to the server.
    if (answersStep1 && emitSynced) set({ sent: frames.sent + 1, unsent: false });
  };

  provider.on('status', handleStatus);
  provider.on('connection-close', handleConnectionClose);
  provider.doc.on('update', handleDocUpdate);
  return {
    current: () => frames,
    get connection() {
      return connection;
    },
    acknowledge(count) {
      if (count !== frames.acked) set({ acked: count });
    },
    destroy() {
      provider.off('status', handleStatus);
      provider.off('connection-close', handleConnectionClose);
      provider.doc.off('update', handleDocUpdate);
      provider.messageHandlers[MessageType.sync] = syncHandler;
    },
  };
}
