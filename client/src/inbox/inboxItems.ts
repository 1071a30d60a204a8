/** How inbox items read and where they lead. */
import type { InboxItem, InboxKind } from '../../../shared/inbox';

/** What happened, after the actor's name. */
export const INBOX_KIND_TEXT: Record<InboxKind, string> = {
  mention: 'mentioned you',
  reply: 'replied to your comment',
  review_requested: 'asked you to review',
  review_approved: 'approved',
  review_changes_requested: 'asked for changes to',
  review_finished: 'reviewed',
  member_added: 'added you to',
  invite_accepted: 'accepted your invite to',
  role_changed: 'changed your role on',
};

/** The letter page, opened at the item's thread (`?thread=`) or review (`?review=`). */
export function inboxItemHref(item: Pick<InboxItem, 'letterId' | 'threadId' | 'reviewId'>): string {
  const path = `/letters/${encodeURIComponent(item.letterId)}`;
  if (item.threadId) return `${path}?thread=${encodeURIComponent(item.threadId)}`;
  if (item.reviewId) return `${path}?review=${encodeURIComponent(item.reviewId)}`;
  return path;
}

/** "Dana Lee mentioned you" (or "Someone …" once that account is gone). */
export function inboxItemSentence(item: Pick<InboxItem, 'actor' | 'kind'>): string {
  return `${item.actor?.name ?? 'Someone'} ${INBOX_KIND_TEXT[item.kind]}`;
}

/** The inbox button's accessible name: always starts with "Inbox". */
export function inboxButtonLabel(unread: number | null): string {
  if (unread === null || unread === 0) return 'Inbox';
  return `Inbox, ${unread} unread`;
}

/** The badge text: the count, capped so it fits. */
export function badgeText(unread: number): string {
  return unread > 99 ? '99+' : String(unread);
}
