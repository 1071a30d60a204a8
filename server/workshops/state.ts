/**
 * The live session as everyone sees it (WorkshopState), read whole from the tables: step, timer and
 * broadcast from `workshop_state`, hands from `workshop_members`, pairs from `workshop_pairs`, the
 * spotlight from `workshop_state.spotlight_letter_id` (de-identified title), `ended` from `workshops.ended_at`. Every route
 * that changes any of these bumps the revision through `saveLiveState`/`bumpRevision` in its
 * transaction and calls `hub.changed(id)` after committing.
 */
import type { Kysely, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { WorkshopState, WorkshopTimer } from '../../shared/workshops';
import type { Database, WorkshopStateTable } from '../db/schema';
import { notFound } from '../http/errors';
import { deidentifiedTitle } from './deidentify';
import { findSpotlight } from './spotlight';

/** The changeable part of `workshop_state`, as the action rules work on it. */
export interface LiveState {
  revision: number;
  stepIndex: number;
  timer: WorkshopTimer;
  broadcast: { text: string; at: string; by: string } | null;
}

function toTimerState(value: string): WorkshopTimer['state'] {
  return value === 'running' || value === 'paused' ? value : 'idle';
}

/** Reads a workshop's step, timer and broadcast (`by` is the sender's user id here), or throws 404. */
export async function readLiveState(db: Kysely<Database>, workshopId: string): Promise<LiveState> {
  const row = await db.selectFrom('workshop_state').selectAll().where('workshop_id', '=', workshopId).executeTakeFirst();
  if (!row) throw notFound('No such workshop.');
  return {
    revision: row.revision,
    stepIndex: row.step_index,
    timer: { state: toTimerState(row.timer_state), durationMs: row.timer_duration_ms, endsAt: row.timer_ends_at, remainingMs: row.timer_remaining_ms },
    broadcast: row.broadcast_text !== null && row.broadcast_at !== null ? { text: row.broadcast_text, at: row.broadcast_at, by: row.broadcast_by ?? '' } : null,
  };
}

/**
 * Writes a new step, timer or broadcast (`broadcast.by` a user id) and bumps the revision (call
 * inside the transaction of the change, then `hub.changed` after commit).
 */
export async function saveLiveState(db: Kysely<Database>, workshopId: string, next: Omit<LiveState, 'revision'>): Promise<void> {
  await bumpRevision(db, workshopId, {
    step_index: next.stepIndex,
    timer_state: next.timer.state,
    timer_duration_ms: next.timer.durationMs,
    timer_ends_at: next.timer.endsAt,
    timer_remaining_ms: next.timer.remainingMs,
    broadcast_text: next.broadcast?.text ?? null,
    broadcast_at: next.broadcast?.at ?? null,
    broadcast_by: next.broadcast?.by ?? null,
  });
}

/** Bumps a workshop's revision (with optional other changes to its `workshop_state` row): every change to what `buildState` reads must. */
export async function bumpRevision(db: Kysely<Database>, workshopId: string, changes: Updateable<WorkshopStateTable> = {}): Promise<void> {
  await db
    .updateTable('workshop_state')
    .set({ ...changes, revision: sql<number>`revision + 1`, updated_at: new Date().toISOString() })
    .where('workshop_id', '=', workshopId)
    .execute();
}

/** The whole live state of a workshop, as every member receives it; 404 if there is no such workshop. */
export async function buildState(db: Kysely<Database>, workshopId: string): Promise<WorkshopState> {
  const row = await db
    .selectFrom('workshop_state')
    .innerJoin('workshops', 'workshops.id', 'workshop_state.workshop_id')
    .leftJoin('users as sender', 'sender.id', 'workshop_state.broadcast_by')
    .selectAll('workshop_state')
    .select(['workshops.ended_at', 'sender.name as sender_name'])
    .where('workshop_state.workshop_id', '=', workshopId)
    .executeTakeFirst();
  if (!row) throw notFound('No such workshop.');
  const [hands, pairs, spotlight] = await Promise.all([
    db
      .selectFrom('workshop_members')
      .innerJoin('users', 'users.id', 'workshop_members.user_id')
      .select(['workshop_members.user_id', 'users.name', 'workshop_members.hand_raised_at'])
      .where('workshop_members.workshop_id', '=', workshopId)
      .where('workshop_members.hand_raised_at', 'is not', null)
      .orderBy('workshop_members.hand_raised_at')
      .orderBy('workshop_members.user_id')
      .execute(),
    // rowid: the order the facilitator made the pairs in.
    db.selectFrom('workshop_pairs').select(['user_a', 'user_b']).where('workshop_id', '=', workshopId).orderBy(sql`rowid`).execute(),
    row.spotlight_letter_id === null ? Promise.resolve(null) : spotlightSummary(db, workshopId),
  ]);
  return {
    workshopId,
    revision: row.revision,
    stepIndex: row.step_index,
    timer: { state: toTimerState(row.timer_state), durationMs: row.timer_duration_ms, endsAt: row.timer_ends_at, remainingMs: row.timer_remaining_ms },
    broadcast: row.broadcast_text !== null && row.broadcast_at !== null ? { text: row.broadcast_text, at: row.broadcast_at, by: row.sender_name ?? '' } : null,
    hands: hands.map((hand) => ({ userId: hand.user_id, name: hand.name, raisedAt: hand.hand_raised_at ?? '' })),
    pairs: pairs.map((pair) => ({ a: pair.user_a, b: pair.user_b })),
    spotlight,
    ended: row.ended_at !== null,
    serverNow: new Date().toISOString(),
  };
}

/**
 * The letter on the shared screen as GET …/spotlight shows it (spotlight.ts decides which letter
 * counts: still a participant's, workshop not ended), under a neutral title: titles often carry
 * the person's name, and the state goes to every member.
 */
async function spotlightSummary(db: Kysely<Database>, workshopId: string): Promise<WorkshopState['spotlight']> {
  const spotlight = await findSpotlight(db, workshopId);
  if (!spotlight) return null;
  return { letterId: spotlight.letterId, title: deidentifiedTitle(), ownerName: spotlight.ownerName };
}
