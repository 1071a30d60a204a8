/**
 * One letter's live connection: a Y.Doc synced by y-websocket's WebsocketProvider, plus the
 * durable-save acknowledgement, exposed as a tiny external store for React, and the server's
 * `letterEvent` notices (checklist, case, letter, members changed), by topic.
 */
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { ACK_PARAM, CloseReason, MessageType, SYNC_PATH, type LetterEventTopic } from '../../../shared/protocol';
import { createLetterEventBus, parseLetterEvent } from './letterEvents';
import { areUpdateFramesSaved, deriveSyncStatus, isStateSaved, type ConnectionState, type StateVector, type SyncStatus } from './saveState';
import { countUpdateFrames } from './updateFrames';

/** How the server ended the connection for good, if it did. */
export interface FinalClose {
  code: number;
  reason: string;
}

/** What the UI reads from a connection; a new object whenever anything in it changes. */
export interface SyncSnapshot {
  status: SyncStatus;
  /** Local changes exist that the server has not durably stored yet. */
  unsaved: boolean;
  /** The first sync finished, so the document holds the letter (not an empty placeholder). */
  loaded: boolean;
  finalClose: FinalClose | null;
  /**
   * How many times a socket has opened. It grows on every reconnect, including the one after the
   * server closed with 4500 because this person's role changed: the page then reloads the role.
   */
  connections: number;
}

/** A live letter connection. */
export interface LetterConnection {
  readonly ydoc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Current snapshot; stable identity between changes (for useSyncExternalStore). */
  getSnapshot(): SyncSnapshot;
  /** Calls `listener` after each snapshot change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /**
   * Calls `listener` when the server says `topic` changed, and after each reconnect (notices sent
   * while offline are lost); returns the unsubscribe function.
   */
  onLetterEvent(topic: LetterEventTopic, listener: () => void): () => void;
  /** Disconnects and frees the document. */
  destroy(): void;
}

/** The sync endpoint on the page's own origin. */
export function syncServerUrl(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${SYNC_PATH}`;
}

/** Opens the sync connection for one letter. */
export function connectLetter(letterId: string): LetterConnection {
  const ydoc = new Y.Doc();
  const provider = new WebsocketProvider(syncServerUrl(), letterId, ydoc, { params: { [ACK_PARAM]: '1' } });
  // Before the document listener below, so that it reads counts that include each update.
  const frames = countUpdateFrames(provider, () => recompute());

  let connection: ConnectionState = 'connecting';
  let everConnected = false;
  // The server closed with 4500 (role or status changed) and the provider is already reconnecting.
  let rejoining = false;
  // The server closed with a server error and has not stored every local change since.
  let storeFailed = false;
  let connections = 0;
  let everSynced = false;
  let savedSv: StateVector = new Map();
  let finalClose: FinalClose | null = null;
  let snapshot = computeSnapshot();
  const listeners = new Set<() => void>();
  const events = createLetterEventBus();

  function computeSnapshot(): SyncSnapshot {
    const saved = isStateSaved(Y.decodeStateVector(Y.encodeStateVector(ydoc)), savedSv) && areUpdateFramesSaved(frames.current());
    // The failure is over once a live connection's acknowledgement covers every local change.
    if (storeFailed && saved && connection === 'connected' && everSynced) storeFailed = false;
    const status = deriveSyncStatus({ connection, everConnected, everSynced, saved, closed: finalClose !== null, rejoining, storeFailed });
    return { status, unsaved: !saved, loaded: everSynced, finalClose, connections };
  }

  function recompute(): void {
    const next = computeSnapshot();
    if (
      next.status === snapshot.status &&
      next.unsaved === snapshot.unsaved &&
      next.loaded === snapshot.loaded &&
      next.finalClose === snapshot.finalClose &&
      next.connections === snapshot.connections
    ) {
      return;
    }
    snapshot = next;
    for (const listener of listeners) listener();
  }

  // The server's durable state vector, then how many of this connection's update frames are
  // stored. The encoder is left empty so the provider sends nothing back.
  provider.messageHandlers[MessageType.savedStateVector] = (_encoder, decoder) => {
    savedSv = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    // A server without the count leaves it at 0: sent frames then never show as saved.
    frames.acknowledge(decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : 0);
    recompute();
  };

  // A resource outside the document changed; the panels showing it refetch.
  provider.messageHandlers[MessageType.letterEvent] = (_encoder, decoder) => {
    const topic = parseLetterEvent(decoding.readVarString(decoder));
    if (topic) events.publish(topic);
  };

  const handleStatus = ({ status }: { status: ConnectionState }): void => {
    const reconnected = status === 'connected' && connection !== 'connected' && connections > 0;
    if (status === 'connected' && connection !== 'connected') connections += 1;
    connection = status;
    if (status === 'connected') {
      everConnected = true;
      rejoining = false;
    }
    recompute();
    if (reconnected) events.publishAll();
  };
  const handleSync = (isSynced: boolean): void => {
    if (isSynced) everSynced = true;
    recompute();
  };
  const handleConnectionClose = (event: CloseEvent | null): void => {
    rejoining = event?.code === CloseReason.roleChanged.code;
    if (event?.code === CloseReason.serverError.code) storeFailed = true;
    recompute();
  };
  const handleClosed = (event: FinalClose): void => {
    finalClose = { code: event.code, reason: event.reason };
    recompute();
  };
  provider.on('status', handleStatus);
  provider.on('sync', handleSync);
  provider.on('closed', handleClosed);
  provider.on('connection-close', handleConnectionClose);
  ydoc.on('update', recompute);

  return {
    ydoc,
    provider,
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onLetterEvent: (topic, listener) => events.subscribe(topic, listener),
    destroy() {
      listeners.clear();
      events.clear();
      provider.off('status', handleStatus);
      provider.off('sync', handleSync);
      provider.off('closed', handleClosed);
      provider.off('connection-close', handleConnectionClose);
      ydoc.off('update', recompute);
      frames.destroy();
      provider.destroy();
      ydoc.destroy();
    },
  };
}
