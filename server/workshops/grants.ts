/**
 * Letter access a workshop grants: peer-review partners comment on each other's letters, a
 * participant may let the facilitator read theirs. Each grant is an ordinary `letter_members` row
 * marked with the workshop (`granted_by_workshop`), so every access check, the sync socket and
 * the comment routes treat it like any membership, and the end of the session removes exactly
 * these rows. A real membership is never inserted over, changed or removed here.
 */
import type { Kysely } from 'kysely';
import { CloseReason } from '../../shared/protocol';
import type { ConnectionRegistry } from '../collab/connections';
import type { Database } from '../db/schema';

/** The role a grant gives: partners comment, a facilitator reads what is shared with them. */
export const GRANT_ROLE = { partner: 'commenter', shared: 'viewer' } as const;

/** One workshop-granted membership. */
export interface Grant {
  letterId: string;
  userId: string;
  role: (typeof GRANT_ROLE)[keyof typeof GRANT_ROLE];
}

/** Which of a workshop's grants to revoke; omitted fields match all. */
export interface GrantFilter {
  role?: Grant['role'];
  letterId?: string;
  userId?: string;
}

/** A stable key for a (letter, user) pair. */
export function grantKey(grant: Pick<Grant, 'letterId' | 'userId'>): string {
  return `${grant.letterId}:${grant.userId}`;
}

/** The grants a workshop holds now, optionally filtered. */
export async function listGrants(db: Kysely<Database>, workshopId: string, filter: GrantFilter = {}): Promise<Grant[]> {
  let query = db.selectFrom('letter_members').select(['letter_id', 'user_id', 'role']).where('granted_by_workshop', '=', workshopId);
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.letterId) query = query.where('letter_id', '=', filter.letterId);
  if (filter.userId) query = query.where('user_id', '=', filter.userId);
  const rows = await query.orderBy('letter_id').orderBy('user_id').execute();
  return rows.map((row) => ({ letterId: row.letter_id, userId: row.user_id, role: row.role === GRANT_ROLE.partner ? GRANT_ROLE.partner : GRANT_ROLE.shared }));
}

/**
 * Grants `userId` access to `letterId` for the workshop, unless they already are a member (by
 * their own right or by another grant): that membership stays as it is. Returns whether it granted.
 */
export async function grantAccess(db: Kysely<Database>, workshopId: string, grant: Grant): Promise<boolean> {
  const result = await db
    .insertInto('letter_members')
    .values({ letter_id: grant.letterId, user_id: grant.userId, role: grant.role, added_at: new Date().toISOString(), granted_by_workshop: workshopId })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Removes the workshop's grants that match; only rows this workshop granted. Returns what it removed. */
export async function revokeGrants(db: Kysely<Database>, workshopId: string, filter: GrantFilter = {}): Promise<Grant[]> {
  const grants = await listGrants(db, workshopId, filter);
  for (const grant of grants) await revokeGrant(db, workshopId, grant);
  return grants;
}

/** Removes one grant of the workshop; the `granted_by_workshop` condition leaves real memberships alone. */
export async function revokeGrant(db: Kysely<Database>, workshopId: string, grant: Pick<Grant, 'letterId' | 'userId'>): Promise<void> {
  await db
    .deleteFrom('letter_members')
    .where('letter_id', '=', grant.letterId)
    .where('user_id', '=', grant.userId)
    .where('granted_by_workshop', '=', workshopId)
    .execute();
}

/**
 * After the transaction committed: revoked people's sockets on those letters close with 4403
 * (final: the stock provider stops, as when a member is removed), and each touched letter's
 * clients hear that its members changed.
 */
export function announceGrantChanges(connections: ConnectionRegistry, changes: { granted: readonly Grant[]; revoked: readonly Grant[] }): void {
  for (const { letterId, userId } of changes.revoked) {
    connections.closeWhere({ room: letterId, userId }, CloseReason.forbidden);
  }
  for (const letterId of new Set([...changes.granted, ...changes.revoked].map((grant) => grant.letterId))) {
    connections.notify(letterId, 'members');
  }
}
