/**
 * The one honest sync status the letter page shows, derived from the provider's connection state
 * and the server's durable acknowledgement. Pure: no Yjs, no DOM, so the rules read in one place.
 */

/** A Yjs state vector: for each client id, the number of items of it that are included. */
export type StateVector = ReadonlyMap<number, number>;

/** What the WebsocketProvider reports through its 'status' event. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/**
 * The status shown to the user. `closed` = the server refused the room for good (4400-4499);
 * `unsaved` = the server failed to store changes (it closed with 1011) and they are still not stored.
 */
export type SyncStatus = 'connecting' | 'offline' | 'saving' | 'saved' | 'unsaved' | 'closed';

/** Everything the status depends on. */
export interface SyncInputs {
  connection: ConnectionState;
  /** Whether a socket was ever open: a later loss of it is "offline", not "connecting". */
  everConnected: boolean;
  /** Whether the first sync with the server finished: until then the document is not loaded. */
  everSynced: boolean;
  /**
   * Whether the server has durably stored every local change: its saved state vector covers the
   * local one (isStateSaved) and it has stored every update frame sent (areUpdateFramesSaved).
   */
  saved: boolean;
  /** The server closed the socket with a final code and the provider stopped reconnecting. */
  closed: boolean;
  /** The server asked for a reconnect (4500: role or status changed): not an outage. */
  rejoining?: boolean;
  /**
   * The server closed with a server error (1011: for example its disk is full) and nothing has
   * been acknowledged since that covers every local change. The server is reachable, so unsaved
   * changes are not "offline"; and it may fail again on every retry, so they are not "saving".
   */
  storeFailed?: boolean;
}

/**
 * True iff the durably saved state covers every change in the local document: for each client,
 * the saved clock has reached the local one.
 */
export function isStateSaved(local: StateVector, saved: StateVector): boolean {
  for (const [clientId, clock] of local) {
    if ((saved.get(clientId) ?? 0) < clock) return false;
  }
  return true;
}

/**
 * The sync update frames (SyncStep2 and Update) of the current connection. A change that only
 * deletes adds no item, so no state vector shows it stored; the count of frames does.
 */
export interface UpdateFrames {
  /** Frames this client sent on the current connection. */
  sent: number;
  /** How many of them the server's latest acknowledgement on this connection says are stored. */
  acked: number;
  /**
   * Local changes exist that no frame on the current connection carried: made while offline, or
   * sent on a connection that closed before they were acknowledged. The SyncStep2 with which the
   * client answers the server on the next connection carries them.
   */
  unsent: boolean;
}

/** True iff every local change went out on this connection and the server stored every frame sent. */
export function areUpdateFramesSaved(frames: UpdateFrames): boolean {
  return !frames.unsent && frames.acked >= frames.sent;
}

/** The status to show for the given inputs. */
export function deriveSyncStatus(inputs: SyncInputs): SyncStatus {
  if (inputs.closed) return 'closed';
  // Says so until the server has stored every local change, through every retry in between.
  if (inputs.storeFailed && !inputs.saved) return 'unsaved';
  if (inputs.connection === 'connected') {
    // Before the first sync the local document is still empty, so "saved" would be vacuous.
    if (!inputs.everSynced) return 'connecting';
    return inputs.saved ? 'saved' : 'saving';
  }
  return inputs.everConnected && !inputs.rejoining ? 'offline' : 'connecting';
}

/** Short, plain-language label for each status. */
export const SYNC_STATUS_LABEL: Record<SyncStatus, string> = {
  connecting: 'Connecting…',
  offline: 'Offline',
  saving: 'Saving…',
  saved: 'All changes saved',
  unsaved: 'Not saved',
  closed: 'Not connected',
};

/** Longer explanation for statuses that need one (shown next to the label). */
export const SYNC_STATUS_DETAIL: Partial<Record<SyncStatus, string>> = {
  offline: 'Your edits are kept in this tab and sync when you reconnect.',
  unsaved: 'The server could not store your latest edits. They are kept in this tab and saved as soon as it can; keep this tab open.',
};
