/** How review requests are grouped and worded for one person. Pure, so it is unit-tested. */
import { STATUS_LABEL, type Letter } from '../../../shared/letters';
import type { Member } from '../../../shared/members';
import type { Review, ReviewOutcome } from '../../../shared/reviews';

/** The reviews as one person sees them. */
export interface ReviewGroups {
  /** Pending requests that ask me to review: shown as banners. */
  forMe: Review[];
  /** Pending requests for others. */
  waiting: Review[];
  /** Finished and cancelled requests, newest first. */
  past: Review[];
}

/** Splits `reviews` (newest first) for the user `myId`. */
export function groupReviews(reviews: readonly Review[], myId: string): ReviewGroups {
  const pending = reviews.filter((review) => review.state === 'pending');
  return {
    forMe: pending.filter((review) => review.reviewer.userId === myId),
    waiting: pending.filter((review) => review.reviewer.userId !== myId),
    past: reviews.filter((review) => review.state !== 'pending'),
  };
}

/** Why a reviewer cannot finish now, or null. The server accepts an outcome only while the letter is in review. */
export function finishBlockedReason(letter: Pick<Letter, 'status'>): string | null {
  if (letter.status === 'in_review') return null;
  return `The letter is now “${STATUS_LABEL[letter.status]}”, so this review cannot be finished. The owner can send it back to review or cancel the request.`;
}

/** Someone who may be asked to review, and whether they already have a request waiting. */
export interface ReviewerOption {
  member: Member;
  pending: boolean;
}

/** Members other than me, in list order, each with whether a request to them is already pending. */
export function reviewerOptions(members: readonly Member[], myId: string, reviews: readonly Review[]): ReviewerOption[] {
  const busy = new Set(reviews.filter((review) => review.state === 'pending').map((review) => review.reviewer.userId));
  return members.filter((member) => member.userId !== myId).map((member) => ({ member, pending: busy.has(member.userId) }));
}

/** The words of each outcome, as the finish dialog and its button say them. */
export const OUTCOME_ACTION: Record<ReviewOutcome, string> = {
  approve: 'Approve',
  request_changes: 'Request changes',
};

/** What a finished review says in the list: "Approved by Dana Lee". */
export function reviewHeadline(review: Review): string {
  switch (review.state) {
    case 'approved':
      return `Approved by ${review.reviewer.name}`;
    case 'changes_requested':
      return `Changes requested by ${review.reviewer.name}`;
    case 'cancelled':
      return `Request to ${review.reviewer.name} cancelled`;
    case 'pending':
      return `Review by ${review.reviewer.name}`;
  }
}
