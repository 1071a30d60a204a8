/** Who may open a letter's sync socket, and whether they may edit it: the role matrix, on the socket. */
import type { Kysely } from 'kysely';
import { LetterIdSchema } from '../../shared/letters';
import { CloseReason } from '../../shared/protocol';
import { can } from '../../shared/roles';
import type { Database } from '../db/schema';
import { findRole, findStatus } from '../letters/store';
import type { AuthorizeConnection } from './upgrade';

/** Signed-in members may connect; only roles that may edit the body may write, and not while the letter is sent. */
export function authorizeByMembership(db: Kysely<Database>): AuthorizeConnection {
  return async (c, room) => {
    const auth = c.get('auth');
    if (!auth) return { allowed: false, reason: CloseReason.unauthenticated };
    const letterId = LetterIdSchema.safeParse(room);
    const role = letterId.success ? await findRole(db, letterId.data, auth.user.id) : null;
    if (!letterId.success || !role) return { allowed: false, reason: CloseReason.noSuchRoom };
    // A sent letter is read-only for everyone until an owner reopens it.
    const frozen = (await findStatus(db, letterId.data)) === 'sent';
    return { allowed: true, identity: { userId: auth.user.id, sessionId: auth.session.id }, canWrite: can(role, 'editBody') && !frozen };
  };
}
