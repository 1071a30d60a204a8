/**
 * After this instance was cut off from Redis, it may have missed the control messages that close
 * sockets: a member removed, a role changed, a sign-out, a letter sent, all on another instance.
 * So once Redis is back, every socket held here is checked against the database again, as it was
 * when it opened, and closed with the reason it would have got: the letter is never shown to
 * someone who should no longer see it for longer than the outage lasted.
 */
import type { Kysely } from 'kysely';
import { CloseReason } from '../../shared/protocol';
import { can } from '../../shared/roles';
import type { CloseReasonValue, Connection } from '../collab/connection';
import type { Database } from '../db/schema';
import { findRole, findStatus } from '../letters/store';
import type { Logger } from '../logger';

/** Why `conn` must close now, or null if its session, membership and write access still stand. */
async function closeReasonFor(db: Kysely<Database>, conn: Connection): Promise<CloseReasonValue | null> {
  const session = await db.selectFrom('sessions').select('id').where('id', '=', conn.sessionId).executeTakeFirst();
  if (!session) return CloseReason.unauthenticated;
  const role = await findRole(db, conn.room, conn.userId);
  if (!role) return CloseReason.forbidden;
  const canWrite = can(role, 'editBody') && (await findStatus(db, conn.room)) !== 'sent';
  return canWrite === conn.canWrite ? null : CloseReason.roleChanged;
}

/** Checks every open connection again; closes those whose access changed. Resolves to how many closed. */
export async function recheckAccess(db: Kysely<Database>, connections: Iterable<Connection>, log: Logger): Promise<number> {
  let closed = 0;
  for (const conn of [...connections]) {
    if (conn.closed) continue;
    try {
      const reason = await closeReasonFor(db, conn);
      if (reason && !conn.closed) {
        conn.close(reason);
        closed += 1;
      }
    } catch (error) {
      // The database is unreachable too: the client reconnects and is checked as it opens.
      log.error('could not check a connection again after redis came back', { room: conn.room, error });
      conn.close(CloseReason.roleChanged);
      closed += 1;
    }
  }
  if (closed > 0) log.info('closed sockets whose access changed while redis was away', { closed });
  return closed;
}
