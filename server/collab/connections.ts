/**
 * Every live sync connection of this process, so that access changes act at once: a removed
 * member's sockets close, a role change makes them reconnect, a sign-out ends the session's
 * sockets. The heartbeat walks the same set.
 */
import type { LetterEventTopic } from '../../shared/protocol';
import type { CloseReasonValue, Connection } from './connection';
import { encodeLetterEvent } from './protocol';

/** The live connections. */
export class ConnectionRegistry implements Iterable<Connection> {
  private readonly connections = new Set<Connection>();

  /** Starts tracking a connection. */
  add(conn: Connection): void {
    this.connections.add(conn);
  }

  /** Stops tracking a connection. */
  remove(conn: Connection): void {
    this.connections.delete(conn);
  }

  [Symbol.iterator](): Iterator<Connection> {
    return this.connections.values();
  }

  /** Closes every connection that matches; returns how many. */
  closeWhere(matches: (conn: Connection) => boolean, reason: CloseReasonValue): number {
    let closed = 0;
    for (const conn of this.connections) {
      if (!conn.closed && matches(conn)) {
        conn.close(reason);
        closed++;
      }
    }
    return closed;
  }

  /** Tells a letter's clients (those that opted in) that one of its resources changed. */
  notify(room: string, topic: LetterEventTopic): void {
    const frame = encodeLetterEvent(topic);
    for (const conn of this.connections) if (!conn.closed && conn.room === room && conn.wantsAck) conn.send(frame);
  }

  /** Tells one user's clients (on any letter) that something of theirs changed, e.g. their inbox. */
  notifyUser(userId: string, topic: LetterEventTopic): void {
    const frame = encodeLetterEvent(topic);
    for (const conn of this.connections) if (!conn.closed && conn.userId === userId && conn.wantsAck) conn.send(frame);
  }

  /** Whether `userId` has an open connection to `room`. */
  isOnline(room: string, userId: string): boolean {
    for (const conn of this.connections) if (!conn.closed && conn.room === room && conn.userId === userId) return true;
    return false;
  }
}
