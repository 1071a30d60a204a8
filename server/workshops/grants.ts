/**
 * Letter access a workshop grants: peer-review partners comment on each other's letters, a
 * participant may let the facilitator read theirs. Each grant is an ordinary `letter_members` row
 * marked with the workshop (`granted_by_workshop`), so the comment routes and the socket treat it
 * like a membership, but it is derived from the workshop's current state: `wantedGrants` says which
 * grants that state calls for (the workshop is live, the participant still owns the attached
 * letter, the pair or the share still stands), `reconcileGrants` makes the rows match it inside the
 * transaction of every change, and `grantStands` lets the access decision ignore any row that no
 * longer stands. A real membership is never inserted over, changed or removed here.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { ApiException } from '../http/errors';
import { bumpRevision } from './state';

/** The role a grant gives: partners comment, a facilitator reads what is shared with them. */
export const GRANT_ROLE = { partner: 'commenter', shared: 'viewer' } as const;

/** One workshop-granted membership. */
export interface Grant {
  letterId: string;
  userId: string;
  role: (typeof GRANT_ROLE)[keyof typeof GRANT_ROLE];
}

/** What a change to a workshop's grants did, for the announcements after commit. */
export interface GrantChanges {
  granted: Grant[];
  revoked: Grant[];
}

/** A stable key for a grant. */
export function grantKey(grant: Pick<Grant, 'letterId' | 'userId' | 'role'>): string {
  return `${grant.letterId}:${grant.userId}:${grant.role}`;
}

/** The grant rows a workshop holds now. */
export async function listGrants(db: Kysely<Database>, workshopId: string): Promise<Grant[]> {
  const rows = await db
    .selectFrom('letter_members')
    .select(['letter_id', 'user_id', 'role'])
    .where('granted_by_workshop', '=', workshopId)
    .orderBy('letter_id')
    .orderBy('user_id')
    .execute();
  return rows.map((row) => ({ letterId: row.letter_id, userId: row.user_id, role: row.role === GRANT_ROLE.partner ? GRANT_ROLE.partner : GRANT_ROLE.shared }));
}

/**
 * The participants of a live workshop with the letter each attached and still owns (by their own
 * right, not by a grant), and whether they share it. Empty once the workshop ended.
 */
export async function ownedParticipantLetters(db: Kysely<Database>, workshopId: string): Promise<{ userId: string; letterId: string; sharesText: boolean }[]> {
  const rows = await db
    .selectFrom('workshop_members as wm')
    .innerJoin('workshops', 'workshops.id', 'wm.workshop_id')
    .innerJoin('letter_members as lm', (join) => join.onRef('lm.letter_id', '=', 'wm.letter_id').onRef('lm.user_id', '=', 'wm.user_id'))
    .select(['wm.user_id', 'wm.letter_id', 'wm.shares_text'])
    .where('wm.workshop_id', '=', workshopId)
    .where('wm.role', '=', 'participant')
    .where('workshops.ended_at', 'is', null)
    .where('lm.role', '=', 'owner')
    .where('lm.granted_by_workshop', 'is', null)
    .execute();
  return rows.flatMap((row) => (row.letter_id === null ? [] : [{ userId: row.user_id, letterId: row.letter_id, sharesText: row.shares_text !== 0 }]));
}

/** The grants the workshop's current state calls for: partners on each other's letters, facilitators on shared ones. */
export async function wantedGrants(db: Kysely<Database>, workshopId: string): Promise<Grant[]> {
  const letters = await ownedParticipantLetters(db, workshopId);
  if (letters.length === 0) return [];
  const letterOf = new Map(letters.map((entry) => [entry.userId, entry.letterId]));
  const [pairs, facilitators] = await Promise.all([
    db.selectFrom('workshop_pairs').select(['user_a', 'user_b']).where('workshop_id', '=', workshopId).execute(),
    db.selectFrom('workshop_members').select('user_id').where('workshop_id', '=', workshopId).where('role', '=', 'facilitator').execute(),
  ]);
  const wanted: Grant[] = [];
  for (const pair of pairs) {
    const [a, b] = [letterOf.get(pair.user_a), letterOf.get(pair.user_b)];
    if (a === undefined || b === undefined) continue;
    wanted.push({ letterId: a, userId: pair.user_b, role: GRANT_ROLE.partner }, { letterId: b, userId: pair.user_a, role: GRANT_ROLE.partner });
  }
  for (const entry of letters) {
    if (!entry.sharesText) continue;
    for (const facilitator of facilitators) wanted.push({ letterId: entry.letterId, userId: facilitator.user_id, role: GRANT_ROLE.shared });
  }
  return wanted;
}

/** Whether the workshop's current state still calls for this grant (the access decision asks). */
export async function grantStands(db: Kysely<Database>, workshopId: string, grant: Pick<Grant, 'letterId' | 'userId'> & { role: string }): Promise<boolean> {
  const key = `${grant.letterId}:${grant.userId}:${grant.role}`;
  return (await wantedGrants(db, workshopId)).some((wanted) => grantKey(wanted) === key);
}

/**
 * Makes the workshop's grant rows match its current state (inside the caller's transaction): rows
 * no longer called for are removed; rows called for with role `create` are made where missing
 * (except over a real membership). Other missing rows stay missing: an owner who removed a
 * partner is not overruled by the next unrelated change.
 */
export async function reconcileGrants(db: Kysely<Database>, workshopId: string, create?: Grant['role']): Promise<GrantChanges> {
  const [existing, wanted] = await Promise.all([listGrants(db, workshopId), wantedGrants(db, workshopId)]);
  const wantedKeys = new Set(wanted.map(grantKey));
  const existingKeys = new Set(existing.map(grantKey));
  const revoked = existing.filter((grant) => !wantedKeys.has(grantKey(grant)));
  for (const grant of revoked) {
    await db
      .deleteFrom('letter_members')
      .where('letter_id', '=', grant.letterId)
      .where('user_id', '=', grant.userId)
      .where('granted_by_workshop', '=', workshopId)
      .execute();
  }
  const granted: Grant[] = [];
  for (const grant of wanted) {
    if (grant.role !== create || existingKeys.has(grantKey(grant))) continue;
    const result = await db
      .insertInto('letter_members')
      .values({ letter_id: grant.letterId, user_id: grant.userId, role: grant.role, added_at: new Date().toISOString(), granted_by_workshop: workshopId })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) granted.push(grant);
  }
  return { granted, revoked };
}

/**
 * Inside a transaction: holds the workshop's row (a no-op write, so a concurrent end waits for
 * this transaction, or this one for it) and answers 409 if it has ended. Called by every change
 * that can grant access, after its body was read: a request that arrives late finds it ended.
 */
export async function lockLiveWorkshop(db: Kysely<Database>, workshopId: string): Promise<void> {
  const result = await db.updateTable('workshops').set({ ended_at: null }).where('id', '=', workshopId).where('ended_at', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ApiException(409, 'workshop_ended', 'This workshop has ended.');
}

/**
 * After `userId` lost ownership of `letterId` (removed from it, or made something else; inside
 * that transaction): the letter is detached from every workshop they brought it to, taken off the
 * shared screen, and the grants it carried are removed. Returns the workshops it touched.
 */
export async function detachLostLetter(db: Kysely<Database>, letterId: string, userId: string): Promise<{ workshopIds: string[]; revoked: Grant[] }> {
  const owner = await db
    .selectFrom('letter_members')
    .select('role')
    .where('letter_id', '=', letterId)
    .where('user_id', '=', userId)
    .where('granted_by_workshop', 'is', null)
    .executeTakeFirst();
  if (owner?.role === 'owner') return { workshopIds: [], revoked: [] };
  const rows = await db
    .selectFrom('workshop_members')
    .select('workshop_id')
    .where('letter_id', '=', letterId)
    .where('user_id', '=', userId)
    .where('role', '=', 'participant')
    .execute();
  const workshopIds = rows.map((row) => row.workshop_id);
  const revoked: Grant[] = [];
  for (const workshopId of workshopIds) {
    await db
      .updateTable('workshop_members')
      .set({ letter_id: null, shares_text: 0, current_section: null })
      .where('workshop_id', '=', workshopId)
      .where('user_id', '=', userId)
      .execute();
    await db.updateTable('workshop_state').set({ spotlight_letter_id: null }).where('workshop_id', '=', workshopId).where('spotlight_letter_id', '=', letterId).execute();
    await bumpRevision(db, workshopId);
    revoked.push(...(await reconcileGrants(db, workshopId)).revoked);
  }
  return { workshopIds, revoked };
}
