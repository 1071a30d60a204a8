/** SQL for review requests: who asked whom to review a letter, and how it ended. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Review, ReviewState } from '../../shared/reviews';
import { AUTHOR_ROLES, REVIEW_STATES } from '../../shared/reviews';
import type { Database } from '../db/schema';

/** A review with the ids the routes check. */
export interface ReviewRecord extends Review {
  letterId: string;
}

function toState(value: string): ReviewState {
  const state = REVIEW_STATES.find((known) => known === value);
  if (!state) throw new Error(`unknown review state in the database: ${value}`);
  return state;
}

function reviewQuery(db: Kysely<Database>, letterId: string) {
  return db
    .selectFrom('review_requests')
    .innerJoin('users as requester', 'requester.id', 'review_requests.requested_by')
    .innerJoin('users as reviewer', 'reviewer.id', 'review_requests.reviewer_id')
    .selectAll('review_requests')
    .select(['requester.name as requester_name', 'reviewer.name as reviewer_name'])
    .where('review_requests.letter_id', '=', letterId);
}

type ReviewRow = Awaited<ReturnType<ReturnType<typeof reviewQuery>['executeTakeFirstOrThrow']>>;

function toReview(row: ReviewRow): ReviewRecord {
  return {
    id: row.id,
    letterId: row.letter_id,
    requestedBy: { userId: row.requested_by, name: row.requester_name },
    reviewer: { userId: row.reviewer_id, name: row.reviewer_name },
    message: row.message,
    state: toState(row.state),
    summary: row.summary,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** Strips the internal fields, as the API returns a review. */
export function toReviewDto({ letterId: _letterId, ...review }: ReviewRecord): Review {
  return review;
}

/** A letter's review requests, newest first. */
export async function listReviews(db: Kysely<Database>, letterId: string): Promise<Review[]> {
  const rows = await reviewQuery(db, letterId).orderBy('review_requests.created_at', 'desc').orderBy(sql`review_requests.rowid`, 'desc').execute();
  return rows.map((row) => toReviewDto(toReview(row)));
}

/** One review request of a letter, or undefined (also for another letter's). */
export async function findReview(db: Kysely<Database>, letterId: string, reviewId: string): Promise<ReviewRecord | undefined> {
  const row = await reviewQuery(db, letterId).where('review_requests.id', '=', reviewId).executeTakeFirst();
  return row ? toReview(row) : undefined;
}

/** Whether `reviewerId` already has a pending request on the letter. */
export async function hasPendingReview(db: Kysely<Database>, letterId: string, reviewerId: string): Promise<boolean> {
  const row = await db
    .selectFrom('review_requests')
    .select('id')
    .where('letter_id', '=', letterId)
    .where('reviewer_id', '=', reviewerId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return row !== undefined;
}

/** Records a pending request; returns its id. */
export async function insertReview(db: Kysely<Database>, request: { letterId: string; requestedBy: string; reviewerId: string; message: string }): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('review_requests')
    .values({
      id,
      letter_id: request.letterId,
      requested_by: request.requestedBy,
      reviewer_id: request.reviewerId,
      message: request.message,
      state: 'pending',
      created_at: new Date().toISOString(),
      finished_at: null,
    })
    .execute();
  return id;
}

/**
 * Ends a pending request with `state` (and the reviewer's summary); false if it was no longer
 * pending, so two finishes racing cannot both succeed.
 */
export async function closeReview(db: Kysely<Database>, reviewId: string, state: Exclude<ReviewState, 'pending'>, summary = ''): Promise<boolean> {
  const result = await db
    .updateTable('review_requests')
    .set({ state, summary, finished_at: new Date().toISOString() })
    .where('id', '=', reviewId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Whether the letter has an author (AUTHOR_ROLES) other than `userId`. */
export async function hasOtherAuthor(db: Kysely<Database>, letterId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('letter_members')
    .select('user_id')
    .where('letter_id', '=', letterId)
    .where('user_id', '!=', userId)
    .where('role', 'in', AUTHOR_ROLES)
    .executeTakeFirst();
  return row !== undefined;
}
