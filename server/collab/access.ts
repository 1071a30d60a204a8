/** Who may open a letter's sync socket, and whether they may edit it: the one access decision, at admission. */
import type { Kysely } from 'kysely';
import { LetterIdSchema } from '../../shared/letters';
import { CloseReason } from '../../shared/protocol';
import { decideAccess } from '../access/decide';
import type { Database } from '../db/schema';
import type { AuthorizeConnection } from './upgrade';

/** Signed-in members may connect; only roles that may edit the body may write, and not while the letter is sent. */
export function authorizeByMembership(db: Kysely<Database>): AuthorizeConnection {
  return async (c, room) => {
    const auth = c.get('auth');
    if (!auth) return { allowed: false, reason: CloseReason.unauthenticated };
    const letterId = LetterIdSchema.safeParse(room);
    if (!letterId.success) return { allowed: false, reason: CloseReason.noSuchRoom };
    const identity = { userId: auth.user.id, sessionId: auth.session.id };
    const decision = await decideAccess(db, identity, { kind: 'letter', letterId: letterId.data });
    if (!decision.allowed) {
      // Not a member and no such letter look the same on purpose.
      return { allowed: false, reason: decision.denial === 'unauthenticated' ? CloseReason.unauthenticated : CloseReason.noSuchRoom };
    }
    return { allowed: true, identity, canWrite: decision.canWrite };
  };
}
