/**
 * The one access decision: whether a session may hold a socket or a stream on a letter or a
 * workshop, with what rights. Used when a socket or stream opens, and again over every open one
 * whenever something it stands on changes (membership, role, status, workshop state, sign-out,
 * session expiry, a Redis reconnect). Read-only: it never changes what it looks at.
 */
import type { Kysely } from 'kysely';
import { can } from '../../shared/roles';
import type { LetterRole } from '../../shared/roles';
import { sessionExpired } from '../auth/sessions';
import type { Database } from '../db/schema';
import { toRole } from '../letters/store';
import { grantStands } from '../workshops/grants';

/** Who holds (or asks for) the socket or stream. */
export interface AccessHolder {
  userId: string;
  sessionId: string;
}

/** What they hold it on. */
export type AccessResource = { kind: 'letter'; letterId: string } | { kind: 'workshop'; workshopId: string };

/** Why access is refused: no valid session, never a member, or a membership or grant that no longer stands. */
export type AccessDenial = 'unauthenticated' | 'notMember';

/** The decision: on a letter, the role, whether the body may be written and whether it is de-identified. */
export type AccessDecision =
  | { allowed: true; role: LetterRole | 'facilitator' | 'participant'; canWrite: boolean; deidentified: boolean }
  | { allowed: false; denial: AccessDenial };

/** Decides whether `holder` may hold a socket or stream on `resource` now. */
export async function decideAccess(db: Kysely<Database>, holder: AccessHolder, resource: AccessResource, now = Date.now()): Promise<AccessDecision> {
  const session = await db.selectFrom('sessions').select(['user_id', 'last_verified_at']).where('id', '=', holder.sessionId).executeTakeFirst();
  if (!session || session.user_id !== holder.userId || sessionExpired(session.last_verified_at, now)) return { allowed: false, denial: 'unauthenticated' };
  if (resource.kind === 'workshop') {
    const member = await db
      .selectFrom('workshop_members')
      .select('role')
      .where('workshop_id', '=', resource.workshopId)
      .where('user_id', '=', holder.userId)
      .executeTakeFirst();
    if (!member) return { allowed: false, denial: 'notMember' };
    return { allowed: true, role: member.role === 'facilitator' ? 'facilitator' : 'participant', canWrite: false, deidentified: false };
  }
  const row = await db
    .selectFrom('letter_members')
    .innerJoin('letters', 'letters.id', 'letter_members.letter_id')
    .select(['letter_members.role', 'letter_members.granted_by_workshop', 'letters.status'])
    .where('letter_members.letter_id', '=', resource.letterId)
    .where('letter_members.user_id', '=', holder.userId)
    .executeTakeFirst();
  if (!row) return { allowed: false, denial: 'notMember' };
  const role = toRole(row.role);
  // A workshop's grant counts only while what it was made for still stands (derived, not stored).
  if (row.granted_by_workshop !== null && !(await grantStands(db, row.granted_by_workshop, { letterId: resource.letterId, userId: holder.userId, role }))) {
    return { allowed: false, denial: 'notMember' };
  }
  // A sent letter is read-only for everyone until an owner reopens it.
  return { allowed: true, role, canWrite: can(role, 'editBody') && row.status !== 'sent', deidentified: row.granted_by_workshop !== null };
}
