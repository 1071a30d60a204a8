/** SQL for the session routes (pairs, spotlight, sharing, the end): participants' letters, pairs, flags, ending a session. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { bumpRevision } from './state';

/** A participant of a workshop and the letter they attached (or null). */
export interface ParticipantLetter {
  userId: string;
  name: string;
  letterId: string | null;
}

/**
 * Every participant of a workshop with their attached letter: null unless they still own it (a
 * letter whose owner was removed from it, or demoted, can no longer be paired).
 */
export async function listParticipantLetters(db: Kysely<Database>, workshopId: string): Promise<ParticipantLetter[]> {
  const rows = await db
    .selectFrom('workshop_members')
    .innerJoin('users', 'users.id', 'workshop_members.user_id')
    .leftJoin('letter_members as owned', (join) =>
      join
        .onRef('owned.letter_id', '=', 'workshop_members.letter_id')
        .onRef('owned.user_id', '=', 'workshop_members.user_id')
        .on('owned.role', '=', 'owner')
        .on('owned.granted_by_workshop', 'is', null),
    )
    .select(['workshop_members.user_id', 'owned.letter_id', 'users.name'])
    .where('workshop_members.workshop_id', '=', workshopId)
    .where('workshop_members.role', '=', 'participant')
    .orderBy('workshop_members.joined_at')
    .execute();
  return rows.map((row) => ({ userId: row.user_id, name: row.name, letterId: row.letter_id }));
}

/** A participant's own row: their letter and whether they share it. */
export async function findParticipant(db: Kysely<Database>, workshopId: string, userId: string): Promise<{ letterId: string | null; sharesText: boolean } | null> {
  const row = await db
    .selectFrom('workshop_members')
    .select(['letter_id', 'shares_text'])
    .where('workshop_id', '=', workshopId)
    .where('user_id', '=', userId)
    .where('role', '=', 'participant')
    .executeTakeFirst();
  return row ? { letterId: row.letter_id, sharesText: row.shares_text !== 0 } : null;
}

/** Replaces a workshop's pairs. */
export async function savePairs(db: Kysely<Database>, workshopId: string, pairs: readonly { a: string; b: string }[]): Promise<void> {
  await db.deleteFrom('workshop_pairs').where('workshop_id', '=', workshopId).execute();
  if (pairs.length > 0) {
    await db
      .insertInto('workshop_pairs')
      .values(pairs.map((pair) => ({ workshop_id: workshopId, user_a: pair.a, user_b: pair.b })))
      .execute();
  }
}

/** Sets a participant's "share my text with the facilitator" flag. */
export async function setSharesText(db: Kysely<Database>, workshopId: string, userId: string, shared: boolean): Promise<void> {
  await db
    .updateTable('workshop_members')
    .set({ shares_text: shared ? 1 : 0 })
    .where('workshop_id', '=', workshopId)
    .where('user_id', '=', userId)
    .execute();
}

/**
 * Ends a session's live parts (the caller then reconciles its grants, which removes them all): the end time, no spotlight, no
 * pairs, no raised hands, nothing shared any more. Returns false when it had already ended.
 */
export async function markEnded(db: Kysely<Database>, workshopId: string): Promise<boolean> {
  const now = new Date().toISOString();
  const ended = await db.updateTable('workshops').set({ ended_at: now }).where('id', '=', workshopId).where('ended_at', 'is', null).executeTakeFirst();
  if (Number(ended.numUpdatedRows) === 0) return false;
  await bumpRevision(db, workshopId, { spotlight_letter_id: null });
  await savePairs(db, workshopId, []);
  await db.updateTable('workshop_members').set({ hand_raised_at: null, shares_text: 0 }).where('workshop_id', '=', workshopId).execute();
  return true;
}
