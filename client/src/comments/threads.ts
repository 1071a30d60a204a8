/** Pure rules of the margin: which threads show, in what order, in what state, and who may do what. */
import type { CommentThread, ThreadFilter } from '../../../shared/comments';
import { can, type LetterRole } from '../../../shared/roles';
import type { TextRange } from './anchors';

/** How a card presents its thread (also its `data-state`). */
export type ThreadState = 'open' | 'resolved' | 'detached';

/** A thread whose words are gone is detached, whatever else it is; otherwise open or resolved. */
export function threadState(thread: Pick<CommentThread, 'resolved'>, range: TextRange | null): ThreadState {
  if (range === null) return 'detached';
  return thread.resolved ? 'resolved' : 'open';
}

/** Whether the filter shows a thread. */
export function matchesFilter(thread: Pick<CommentThread, 'resolved'>, filter: ThreadFilter): boolean {
  return filter === 'all' || (filter === 'resolved') === thread.resolved;
}

/** The margin's two groups: threads beside their words (in text order) and detached ones (oldest first). */
export interface ThreadGroups<T> {
  anchored: { thread: T; range: TextRange }[];
  detached: T[];
}

/** Splits the filtered threads into anchored and detached, each in reading order. */
export function groupThreads<T extends Pick<CommentThread, 'id' | 'resolved' | 'createdAt'>>(
  threads: readonly T[],
  ranges: ReadonlyMap<string, TextRange | null>,
  filter: ThreadFilter,
): ThreadGroups<T> {
  const anchored: { thread: T; range: TextRange }[] = [];
  const detached: T[] = [];
  for (const thread of threads) {
    if (!matchesFilter(thread, filter)) continue;
    const range = ranges.get(thread.id) ?? null;
    if (range) anchored.push({ thread, range });
    else detached.push(thread);
  }
  anchored.sort((a, b) => a.range.from - b.range.from || a.range.to - b.range.to || a.thread.createdAt.localeCompare(b.thread.createdAt));
  detached.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { anchored, detached };
}

/** The narrowest of the anchored threads whose words hold `pos` (the caret), or null. */
export function narrowestThreadAt(anchored: readonly { thread: Pick<CommentThread, 'id'>; range: TextRange }[], pos: number): string | null {
  let best: { id: string; width: number } | null = null;
  for (const { thread, range } of anchored) {
    const width = range.to - range.from;
    if (range.from <= pos && pos <= range.to && (best === null || width < best.width)) best = { id: thread.id, width };
  }
  return best?.id ?? null;
}

/** What I may do in the margin of a letter. */
export interface CommentPermissions {
  /** My user id. */
  userId: string;
  role: LetterRole;
  /** The letter was sent: its threads are read-only for everyone. */
  frozen: boolean;
}

/** Whether I may open threads and reply. */
export function mayComment(me: CommentPermissions): boolean {
  return !me.frozen && can(me.role, 'comment');
}

/** Whether I may edit or delete a comment: only my own, and only while I may comment. */
export function mayChangeComment(me: CommentPermissions, authorId: string): boolean {
  return mayComment(me) && authorId === me.userId;
}

/** Whether I may resolve or reopen a thread: its author, or anyone who may edit the body. */
export function mayResolve(me: CommentPermissions, thread: Pick<CommentThread, 'author'>): boolean {
  return mayComment(me) && (thread.author.userId === me.userId || can(me.role, 'editBody'));
}

/** The first `max` characters of `text` on one line, with an ellipsis when cut. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}
