/**
 * Review requests: an owner asks a member (typically the lawyer) to review the letter; the reviewer
 * finishes with "Approve" or "Request changes" and a summary, which moves the letter's status.
 */
import { z } from 'zod';
import type { LetterStatus } from './letters';

/** Where a review request is. */
export const REVIEW_STATES = ['pending', 'approved', 'changes_requested', 'cancelled'] as const;

/** One of REVIEW_STATES. */
export type ReviewState = (typeof REVIEW_STATES)[number];

/** How a reviewer finishes. */
export const REVIEW_OUTCOMES = ['approve', 'request_changes'] as const;

/** One of REVIEW_OUTCOMES. */
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** The letter status each outcome moves the letter to (from "in review"). */
export const OUTCOME_STATUS: Record<ReviewOutcome, LetterStatus> = {
  approve: 'approved',
  request_changes: 'changes_requested',
};

/**
 * The statuses only a review moves a letter to: "In review" by asking a named member to review it,
 * "Approved" or "Changes requested" by that reviewer's outcome. A plain status change refuses them.
 */
export const REVIEW_STATUSES: readonly LetterStatus[] = ['in_review', 'approved', 'changes_requested'];

/**
 * The roles that write a letter. A reviewer who is the only member with one of them is the
 * letter's only author and cannot approve it (they may still ask for changes).
 */
export const AUTHOR_ROLES = ['owner', 'editor'] as const;

/** Plain-language names for the UI. */
export const REVIEW_STATE_LABEL: Record<ReviewState, string> = {
  pending: 'Waiting for review',
  approved: 'Approved',
  changes_requested: 'Changes requested',
  cancelled: 'Cancelled',
};

/** Limits on review text. */
export const ReviewLimits = { maxMessageLength: 2000, maxSummaryLength: 4000 } as const;

/** A review request as the API returns it. */
export interface Review {
  id: string;
  requestedBy: { userId: string; name: string };
  reviewer: { userId: string; name: string };
  /** What the owner asked for (may be empty). */
  message: string;
  state: ReviewState;
  /** The reviewer's summary once finished, else ''. */
  summary: string;
  createdAt: string;
  finishedAt: string | null;
}

/** `POST /api/letters/:id/reviews` body. */
export const ReviewRequestSchema = z.strictObject({
  reviewerId: z.uuid({ message: 'reviewerId must be a user id' }),
  message: z
    .string()
    .trim()
    .max(ReviewLimits.maxMessageLength, { message: `the message must be at most ${ReviewLimits.maxMessageLength} characters` })
    .default(''),
});

/** `POST /api/letters/:id/reviews/:reviewId/finish` body. */
export const ReviewFinishSchema = z.strictObject({
  outcome: z.enum(REVIEW_OUTCOMES, { message: `outcome must be one of ${REVIEW_OUTCOMES.join(', ')}` }),
  summary: z
    .string({ message: 'summary is required' })
    .trim()
    .min(1, { message: 'write a short summary for the author' })
    .max(ReviewLimits.maxSummaryLength, { message: `the summary must be at most ${ReviewLimits.maxSummaryLength} characters` }),
});
