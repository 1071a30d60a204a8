/** The inbox: a user's notifications (mentions, replies to their threads, review requests and outcomes, being added to a letter). */

/**
 * What an inbox item is about. A review's outcome is its own kind, so the item says it;
 * `review_finished` is only read, for items stored before outcomes had their own kinds.
 * `member_added` tells someone who added them to a letter (their invite accepted), `invite_accepted`
 * tells the inviter that they joined, `role_changed` tells a member an owner gave them another role;
 * the excerpt of each says the role.
 */
export const INBOX_KINDS = [
  'mention',
  'reply',
  'review_requested',
  'review_approved',
  'review_changes_requested',
  'review_finished',
  'member_added',
  'invite_accepted',
  'role_changed',
] as const;

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
