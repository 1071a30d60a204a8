/** The inbox: a user's notifications (mentions, replies to their threads, review requests and outcomes). */

/**
 * What an inbox item is about. A review's outcome is its own kind, so the item says it;
 * `review_finished` is only read, for items stored before outcomes had their own kinds.
 */
export const INBOX_KINDS = ['mention', 'reply', 'review_requested', 'review_approved', 'review_changes_requested', 'review_finished'] as const;

/** One of INBOX_KINDS. */
export type InboxKind = (typeof INBOX_KINDS)[number];

/** One notification. `threadId` links to a comment thread, `reviewId` to a review request. */
export interface InboxItem {
  id: string;
  kind: InboxKind;
  letterId: string;
  letterTitle: string;
  threadId: string | null;
  reviewId: string | null;
  /** Who caused it; null if that account is gone. */
  actor: { userId: string; name: string } | null;
  /** A short plain-text excerpt (the comment, or the review message or summary). */
  excerpt: string;
  createdAt: string;
  readAt: string | null;
}

/** Longest excerpt kept in an inbox item. */
export const INBOX_EXCERPT_LENGTH = 200;
