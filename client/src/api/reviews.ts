/** Review requests on a letter: asking a member to review, finishing with an outcome, cancelling. */
import { z } from 'zod';
import type { Letter } from '../../../shared/letters';
import { REVIEW_STATES, type Review, type ReviewOutcome } from '../../../shared/reviews';
import { pick, request } from './http';
import { LetterSchema } from './schemas';

const PersonRefSchema = z.object({ userId: z.string(), name: z.string() });

/** A review request as the API returns it. */
export const ReviewSchema: z.ZodType<Review> = z.object({
  id: z.string(),
  requestedBy: PersonRefSchema,
  reviewer: PersonRefSchema,
  message: z.string(),
  state: z.enum(REVIEW_STATES),
  summary: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

const reviewsPath = (letterId: string) => `/api/letters/${encodeURIComponent(letterId)}/reviews`;
const reviewPath = (letterId: string, reviewId: string) => `${reviewsPath(letterId)}/${encodeURIComponent(reviewId)}`;

/** `GET /api/letters/:id/reviews`: every review request on the letter, newest first. */
export async function listReviews(letterId: string, signal?: AbortSignal): Promise<Review[]> {
  return pick(await request(reviewsPath(letterId), { signal }), 'reviews', z.array(ReviewSchema));
}

/** `POST /api/letters/:id/reviews` (owners): asks `reviewerId` to review; the letter moves to "in review". */
export async function requestReview(letterId: string, reviewerId: string, message: string): Promise<Review> {
  const body = await request(reviewsPath(letterId), { method: 'POST', json: { reviewerId, message } });
  return pick(body, 'review', ReviewSchema);
}

/** What finishing a review returns: the review and the letter with its new status. */
export interface FinishedReview {
  review: Review;
  letter: Letter;
}

/** `POST /api/letters/:id/reviews/:reviewId/finish` (the reviewer only). */
export async function finishReview(letterId: string, reviewId: string, outcome: ReviewOutcome, summary: string): Promise<FinishedReview> {
  const body = await request(`${reviewPath(letterId, reviewId)}/finish`, { method: 'POST', json: { outcome, summary } });
  return { review: pick(body, 'review', ReviewSchema), letter: pick(body, 'letter', LetterSchema) };
}

/** `DELETE /api/letters/:id/reviews/:reviewId` (owners, pending requests only). */
export async function cancelReview(letterId: string, reviewId: string): Promise<void> {
  await request(reviewPath(letterId, reviewId), { method: 'DELETE' });
}
