/** Review requests over the real API, and the inbox rows they leave (read straight from the server's database). */
import { sql } from 'kysely';
import type { DatabaseLocation } from '../../server/db/database';
import type { Letter } from '../../shared/letters';
import type { Review, ReviewOutcome } from '../../shared/reviews';
import type { HttpTarget, Session } from './http';
import { withTestDatabase } from './database';
import { expectJson, requestJson } from './http';

/** `GET /api/letters/:id/reviews` as `session` (asserting 200), newest first. */
export async function listReviews(server: HttpTarget, session: Session, letterId: string): Promise<Review[]> {
  return (await expectJson<{ reviews: Review[] }>(requestJson(server, `/api/letters/${letterId}/reviews`, { session }), 200)).reviews;
}

/** `POST /api/letters/:id/reviews` as `session`, returning the raw response. */
export function requestReviewRequest(server: HttpTarget, session: Session | null, letterId: string, body: unknown): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}/reviews`, { method: 'POST', session, body });
}

/** Asks `reviewerId` to review, as `session` (asserting 201). */
export async function requestReview(server: HttpTarget, session: Session, letterId: string, reviewerId: string, message?: string): Promise<Review> {
  const body = { reviewerId, ...(message === undefined ? {} : { message }) };
  return (await expectJson<{ review: Review }>(requestReviewRequest(server, session, letterId, body), 201)).review;
}

/** `POST /api/letters/:id/reviews/:reviewId/finish` as `session`, returning the raw response. */
export function finishReviewRequest(server: HttpTarget, session: Session | null, letterId: string, reviewId: string, body: unknown): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}/reviews/${reviewId}/finish`, { method: 'POST', session, body });
}

/** Finishes a review as `session` (asserting 200). */
export async function finishReview(server: HttpTarget, session: Session, letterId: string, reviewId: string, outcome: ReviewOutcome, summary: string): Promise<{ review: Review; letter: Letter }> {
  return expectJson<{ review: Review; letter: Letter }>(finishReviewRequest(server, session, letterId, reviewId, { outcome, summary }), 200);
}

/** `DELETE /api/letters/:id/reviews/:reviewId` as `session`, returning the raw response. */
export function cancelReviewRequest(server: HttpTarget, session: Session | null, letterId: string, reviewId: string): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}/reviews/${reviewId}`, { method: 'DELETE', session });
}

/** One stored notification, as the inbox_items table holds it. */
export interface InboxRow {
  user_id: string;
  letter_id: string;
  kind: string;
  actor_id: string | null;
  thread_id: string | null;
  review_id: string | null;
  excerpt: string;
}

/** A letter's notifications, oldest first (in order of insertion within one millisecond), read straight from the server's database. */
export async function inboxRows(location: DatabaseLocation, letterId: string): Promise<InboxRow[]> {
  return withTestDatabase(location, (reader) =>
    reader.db
      .selectFrom('inbox_items')
      .select(['user_id', 'letter_id', 'kind', 'actor_id', 'thread_id', 'review_id', 'excerpt'])
      .where('letter_id', '=', letterId)
      // rowid on SQLite, the row's place in the heap on PostgreSQL: both follow insertion here (these rows are never updated).
      .orderBy('created_at')
      .orderBy(location.engine === 'sqlite' ? sql`rowid` : sql`ctid`)
      .execute(),
  );
}

/**
 * Empties every inbox, straight in the server's database: for tests about other notifications
 * that start from a shared letter, whose joining left items (tested with sharing) they do not count.
 */
export async function clearInbox(location: DatabaseLocation): Promise<void> {
  await withTestDatabase(location, (writer) => writer.db.deleteFrom('inbox_items').execute(), { writable: true });
}
