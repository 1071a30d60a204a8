/**
 * One sync socket: what it may do, what it controls in the room's awareness, and the liveness
 * bookkeeping the heartbeat needs. Everything it sends goes through `send`, so the heartbeat
 * knows when it last heard from us.
 */
import type { WebSocket } from 'ws';
import { SyncLimits } from '../../shared/limits';
import { CloseReason, MAX_FRAME_BYTES } from '../../shared/protocol';
import type { Logger } from '../logger';
import { RequestBudget } from './requestBudget';

/**
 * Unsent bytes a connection may have waiting before it is ended: a client that stops reading
 * (while asking for the whole document again and again) would otherwise make the server buffer
 * without limit. A reading client stays far below it; one frame may exceed it on its own.
 */
export const MAX_BUFFERED_BYTES = 16 * MAX_FRAME_BYTES;

/** A named close reason from shared/protocol.ts. */
export type CloseReasonValue = (typeof CloseReason)[keyof typeof CloseReason];

let nextConnectionId = 1;

/** Who is on the other end of a connection. */
export interface ConnectionIdentity {
  userId: string;
  sessionId: string;
}

/** Presence entries a connection sent that were dropped for breaking a limit (not those that merely relay others'). */
export interface DroppedPresence {
  /** States larger than SyncLimits.maxPresenceStateBytes. */
  oversized: number;
  /** New client ids past SyncLimits.maxPresenceIdsPerSocket. */
  overLimit: number;
}

/** A client's sync connection to one room. */
export class Connection {
  /** Unique within this process. */
  readonly id = nextConnectionId++;
  /** Awareness client ids this connection has announced (it alone may change them), removed when it leaves. */
  readonly awarenessIds = new Set<number>();
  /** Presence entries dropped for breaking a limit; logged when the connection closes. */
  readonly droppedPresence: DroppedPresence = { oversized: 0, overLimit: 0 };
  /** Requests for the document (SyncStep1), each answered with everything the client lacks. */
  readonly syncRequests: RequestBudget;
  /** Requests for every presence state (query awareness). */
  readonly presenceQueries: RequestBudget;
  /** Edits dropped because the connection may not write. */
  rejectedWrites = 0;
  /**
   * Sync update frames (SyncStep2 and Update) received that the saved acknowledgement counts:
   * every one from a connection that may write, and those of a read-only one that change nothing.
   */
  updateFrames = 0;
  lastSentAt = Date.now();
  /** Whether a pong arrived since the last ping. */
  alive = true;
  closed = false;

  constructor(
    private readonly socket: WebSocket,
    readonly room: string,
    readonly identity: ConnectionIdentity,
    readonly canWrite: boolean,
    readonly wantsAck: boolean,
    log: Logger,
  ) {
    socket.on('pong', () => {
      this.alive = true;
    });
    // An answer sent late failed where no frame handler can catch it: the client reconnects and asks again.
    const handleFailed = (error: unknown) => {
      log.error('delayed sync answer failed', { room, error });
      this.close(CloseReason.serverError);
    };
    this.syncRequests = new RequestBudget(SyncLimits.syncRequestBurst, SyncLimits.syncRequestIntervalMs, handleFailed);
    this.presenceQueries = new RequestBudget(SyncLimits.presenceQueryBurst, SyncLimits.presenceQueryIntervalMs, handleFailed);
  }

  /** Sends one binary frame, unless the socket is closing; ends a socket that is not reading. */
  send(frame: Uint8Array): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      // A close frame would wait behind the unread data; only ending the socket frees it.
      this.terminate();
      return;
    }
    this.lastSentAt = Date.now();
    this.socket.send(frame, { binary: true });
  }

  /** Closes with a named reason; later frames from the socket are ignored. */
  close(reason: CloseReasonValue): void {
    if (this.closed) return;
    this.markClosed();
    this.socket.close(reason.code, reason.reason);
  }

  /** Pings, or ends the socket if the last ping went unanswered. */
  checkAlive(): void {
    if (!this.alive) {
      this.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  /** Ends the socket without a close handshake (shutdown stragglers). */
  terminate(): void {
    this.markClosed();
    this.socket.terminate();
  }

  /** Stops acting for the socket (it closed, or is closing): later frames are ignored, waiting answers dropped. */
  markClosed(): void {
    this.closed = true;
    this.syncRequests.cancel();
    this.presenceQueries.cancel();
  }

  /** What the connection ran into of the sync limits, or null if nothing (for the log when it closes). */
  limitsReached(): (DroppedPresence & { delayedSyncRequests: number; delayedPresenceQueries: number }) | null {
    const reached = { ...this.droppedPresence, delayedSyncRequests: this.syncRequests.deferred, delayedPresenceQueries: this.presenceQueries.deferred };
    return Object.values(reached).some((count) => count > 0) ? reached : null;
  }

  /** The account on the other end. */
  get userId(): string {
    return this.identity.userId;
  }

  /** The session the connection was opened with. */
  get sessionId(): string {
    return this.identity.sessionId;
  }

  /** Whether the underlying socket has fully closed. */
  get isSocketClosed(): boolean {
    return this.socket.readyState === this.socket.CLOSED;
  }
}
