/**
 * Every live sync connection of this process, so that access changes act at once: a removed
 * member's sockets close, a role change makes them reconnect, a sign-out ends the session's
 * sockets. The heartbeat walks the same set.
 *
 * Closes and letter events act on this instance's connections and go out on the control channel,
 * so every other instance does the same for its own (without Redis the channel goes nowhere).
 * What arrives from the channel acts locally only, never going out again.
 */
import type { CloseReasonName, LetterEventTopic } from '../../shared/protocol';
import { CloseReason } from '../../shared/protocol';
import type { ControlChannel } from '../cluster/controlChannel';
import { letterPresenceKey } from '../cluster/presence';
import { createLocalControlChannel } from '../cluster/controlChannel';
import type { CloseReasonValue, Connection } from './connection';
import { encodeLetterEvent } from './protocol';

/** Which connections to close: every given field must match, and at least one must be given. */
export interface ConnectionMatch {
  room?: string;
  userId?: string;
  sessionId?: string;
}

/**
 * An open event stream on a workshop, held like a socket: the same closes (a sign-out) and the
 * same access checks reach it.
 */
export interface HeldStream {
  readonly workshopId: string;
  readonly userId: string;
  readonly sessionId: string;
  /** Ends the stream, telling the client why. */
  close(reason: CloseReasonValue): void;
}

/** The live connections (and the workshop event streams). */
export class ConnectionRegistry implements Iterable<Connection> {
  private readonly connections = new Set<Connection>();
  private readonly heldStreams = new Set<HeldStream>();

  constructor(private readonly channel: ControlChannel = createLocalControlChannel()) {
    channel.onMessage((message) => {
      switch (message.type) {
        case 'close':
          this.closeLocally(message.match, CloseReason[message.reason]);
          return;
        case 'notify':
          this.notifyLocally(message.room, message.topic);
          return;
        case 'notifyUser':
          this.notifyUserLocally(message.userId, message.topic);
          return;
        default:
          return;
      }
    });
  }

  /** Starts tracking a connection. */
  add(conn: Connection): void {
    this.connections.add(conn);
  }

  /** Stops tracking a connection. */
  remove(conn: Connection): void {
    this.connections.delete(conn);
  }

  /** Starts tracking an event stream; returns the function that stops tracking it. */
  addStream(stream: HeldStream): () => void {
    this.heldStreams.add(stream);
    return () => this.heldStreams.delete(stream);
  }

  /** The open event streams of this process. */
  streams(): Iterable<HeldStream> {
    return this.heldStreams.values();
  }

  [Symbol.iterator](): Iterator<Connection> {
    return this.connections.values();
  }

  /** How many open connections of this instance match (every given field must). */
  countOpen(match: ConnectionMatch): number {
    let count = 0;
    for (const conn of this.connections) if (!conn.closed && matches(conn, match)) count++;
    return count;
  }

  /** Closes every connection that matches, on every instance; returns how many closed here. */
  closeWhere(match: ConnectionMatch, reason: CloseReasonValue): number {
    if (match.room === undefined && match.userId === undefined && match.sessionId === undefined) {
      throw new Error('closeWhere needs a room, a user or a session: an empty match would close everyone');
    }
    const closed = this.closeLocally(match, reason);
    this.channel.publish({ type: 'close', match: { ...match }, reason: closeReasonName(reason) });
    return closed;
  }

  /** Tells a letter's clients (those that opted in), on every instance, that one of its resources changed. */
  notify(room: string, topic: LetterEventTopic): void {
    this.notifyLocally(room, topic);
    this.channel.publish({ type: 'notify', room, topic });
  }

  /** Tells one user's clients (on any letter, on every instance) that something of theirs changed, e.g. their inbox. */
  notifyUser(userId: string, topic: LetterEventTopic): void {
    this.notifyUserLocally(userId, topic);
    this.channel.publish({ type: 'notifyUser', userId, topic });
  }

  private closeLocally(match: ConnectionMatch, reason: CloseReasonValue): number {
    let closed = 0;
    for (const conn of this.connections) {
      if (!conn.closed && matches(conn, match)) {
        conn.close(reason);
        closed++;
      }
    }
    // A stream follows a workshop, never a letter's room: only user and session matches reach it.
    if (match.room === undefined) {
      for (const stream of [...this.heldStreams]) {
        if (matches(stream, match)) {
          this.heldStreams.delete(stream);
          stream.close(reason);
        }
      }
    }
    return closed;
  }

  private notifyLocally(room: string, topic: LetterEventTopic): void {
    const frame = encodeLetterEvent(topic);
    for (const conn of this.connections) if (!conn.closed && conn.room === room && conn.wantsAck) conn.send(frame);
  }

  private notifyUserLocally(userId: string, topic: LetterEventTopic): void {
    const frame = encodeLetterEvent(topic);
    for (const conn of this.connections) if (!conn.closed && conn.userId === userId && conn.wantsAck) conn.send(frame);
  }

  /** Who has a letter open on this instance, as presence keys. */
  *presenceKeys(): Iterable<string> {
    for (const conn of this.connections) if (!conn.closed) yield letterPresenceKey(conn.room, conn.userId);
  }
}

function matches(conn: Pick<Connection, 'userId' | 'sessionId'> & { room?: string }, match: ConnectionMatch): boolean {
  return (
    (match.room === undefined || conn.room === match.room) &&
    (match.userId === undefined || conn.userId === match.userId) &&
    (match.sessionId === undefined || conn.sessionId === match.sessionId)
  );
}

/** The name under which shared/protocol.ts knows a close reason (names cross the wire, not objects). */
function closeReasonName(reason: CloseReasonValue): CloseReasonName {
  for (const [name, value] of Object.entries(CloseReason)) {
    // Object.entries loses the key type; the keys are CloseReason's own.
    if (value === reason || value.code === reason.code) return name as CloseReasonName;
  }
  throw new Error(`unknown close reason ${reason.code}`);
}
