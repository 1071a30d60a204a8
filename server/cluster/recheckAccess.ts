/**
 * Checks open sockets and workshop event streams against the access decision again, and closes
 * those that lost what they stood on, each with the reason it would get if it opened now: no valid
 * session 4401 (signed out, expired), no longer a member or a workshop grant that ended 4410, the
 * right to write changed 4500 (reconnect). It runs whenever something the decision depends on
 * changes: workshop grants (on every instance, through the control channel), on a timer for
 * sessions that expire while their sockets stay open, and over everything once this instance is
 * back on Redis (closes published while it was cut off went nowhere).
 */
import type { Kysely } from 'kysely';
import { CloseReason } from '../../shared/protocol';
import type { AccessDecision } from '../access/decide';
import { decideAccess } from '../access/decide';
import { sessionExpired } from '../auth/sessions';
import type { CloseReasonValue } from '../collab/connection';
import type { ConnectionRegistry } from '../collab/connections';
import type { Database } from '../db/schema';
import type { Logger } from '../logger';
import type { ControlChannel } from './controlChannel';
import { createLocalControlChannel } from './controlChannel';

/**
 * How often open sockets and streams are checked for sessions that expired: a session's sockets
 * outlive its expiry by at most this long. Sockets do not extend a session (only requests do, as
 * the app makes them on every page), so an idle tab cannot keep a session alive forever.
 */
export const SESSION_SWEEP_MS = 60_000;

/** Sessions looked up per query in a sweep. */
const SWEEP_BATCH = 500;

/** The close a held socket or stream gets for a decision, or null when it may stay as it is. */
export function closeReasonFor(decision: AccessDecision, canWrite: boolean): CloseReasonValue | null {
  if (!decision.allowed) return decision.denial === 'unauthenticated' ? CloseReason.unauthenticated : CloseReason.accessEnded;
  return decision.canWrite === canWrite ? null : CloseReason.roleChanged;
}

/** Checks this instance's sockets and streams again, and asks the other instances to check theirs. */
export class AccessChecker {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly connections: ConnectionRegistry,
    private readonly log: Logger,
    private readonly channel: ControlChannel = createLocalControlChannel(),
  ) {
    channel.onMessage((message) => {
      if (message.type === 'recheck') void this.recheckLocally(new Set(message.rooms));
    });
  }

  /** Checks, on every instance, the sockets open on these letters; resolves to how many closed here. */
  recheckLetters(letterIds: Iterable<string>): Promise<number> {
    const rooms = new Set(letterIds);
    if (rooms.size === 0) return Promise.resolve(0);
    this.channel.publish({ type: 'recheck', rooms: [...rooms] });
    return this.recheckLocally(rooms);
  }

  /** Checks every socket and stream on this instance (after a Redis reconnect); resolves to how many closed. */
  async recheckAll(): Promise<number> {
    const closed = await this.recheckLocally(null);
    if (closed > 0) this.log.info('closed sockets whose access changed', { closed });
    return closed;
  }

  /** Closes this instance's sockets and streams whose session ended or expired; resolves to how many closed. */
  async sweepSessions(now = Date.now()): Promise<number> {
    const held = new Set<string>();
    for (const conn of this.connections) if (!conn.closed) held.add(conn.sessionId);
    for (const stream of this.connections.streams()) held.add(stream.sessionId);
    const ids = [...held];
    const alive = new Set<string>();
    for (let start = 0; start < ids.length; start += SWEEP_BATCH) {
      const rows = await this.db.selectFrom('sessions').select(['id', 'last_verified_at']).where('id', 'in', ids.slice(start, start + SWEEP_BATCH)).execute();
      for (const row of rows) if (!sessionExpired(row.last_verified_at, now)) alive.add(row.id);
    }
    let closed = 0;
    for (const sessionId of ids) {
      if (!alive.has(sessionId)) closed += this.connections.closeWhere({ sessionId }, CloseReason.unauthenticated);
    }
    return closed;
  }

  /** Sweeps every `intervalMs`; returns the function that stops it. */
  startSweeping(intervalMs = SESSION_SWEEP_MS): () => void {
    const timer = setInterval(() => {
      this.sweepSessions().catch((error: unknown) => this.log.error('session sweep failed', { error }));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Checks the sockets on `rooms` (null: every socket and stream); resolves to how many closed. */
  private async recheckLocally(rooms: ReadonlySet<string> | null): Promise<number> {
    let closed = 0;
    for (const conn of [...this.connections]) {
      if (conn.closed || (rooms !== null && !rooms.has(conn.room))) continue;
      try {
        const reason = closeReasonFor(await decideAccess(this.db, conn.identity, { kind: 'letter', letterId: conn.room }), conn.canWrite);
        if (reason && !conn.closed) {
          conn.close(reason);
          closed += 1;
        }
      } catch (error) {
        // The database is unreachable: the client reconnects and is checked as it opens.
        this.log.error('could not check a connection again', { room: conn.room, error });
        conn.close(CloseReason.roleChanged);
        closed += 1;
      }
    }
    if (rooms !== null) return closed;
    for (const stream of [...this.connections.streams()]) {
      try {
        const decision = await decideAccess(this.db, stream, { kind: 'workshop', workshopId: stream.workshopId });
        if (decision.allowed) continue;
        stream.close(closeReasonFor(decision, false) ?? CloseReason.accessEnded);
        closed += 1;
      } catch (error) {
        this.log.error('could not check a workshop stream again', { workshopId: stream.workshopId, error });
        stream.close(CloseReason.serverError);
        closed += 1;
      }
    }
    return closed;
  }
}
