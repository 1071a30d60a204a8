/** The margin's rules: states, filters, grouping, permissions, times, and the shortcut. */
import { describe, expect, it } from 'vitest';
import { isCommentShortcut } from '../../../client/src/comments/CommentHighlights';
import { relativeTime } from '../../../client/src/comments/relativeTime';
import { excerpt, groupThreads, matchesFilter, mayChangeComment, mayComment, mayResolve, narrowestThreadAt, threadState } from '../../../client/src/comments/threads';
import { badgeText, inboxButtonLabel, inboxItemHref, inboxItemSentence } from '../../../client/src/inbox/inboxItems';

const thread = (id: string, resolved: boolean, createdAt = '2025-01-01T00:00:00.000Z') => ({ id, resolved, createdAt });

describe('threadState and matchesFilter', () => {
  it('calls a thread without a range detached, whether resolved or not', () => {
    expect(threadState({ resolved: false }, null)).toBe('detached');
    expect(threadState({ resolved: true }, null)).toBe('detached');
    expect(threadState({ resolved: false }, { from: 1, to: 2 })).toBe('open');
    expect(threadState({ resolved: true }, { from: 1, to: 2 })).toBe('resolved');
  });

  it('filters open, resolved and all', () => {
    expect(matchesFilter({ resolved: false }, 'open')).toBe(true);
    expect(matchesFilter({ resolved: true }, 'open')).toBe(false);
    expect(matchesFilter({ resolved: true }, 'resolved')).toBe(true);
    expect(matchesFilter({ resolved: false }, 'resolved')).toBe(false);
    expect(matchesFilter({ resolved: true }, 'all')).toBe(true);
  });
});

describe('groupThreads', () => {
  it('orders anchored threads by position and detached ones by age, within the filter', () => {
    const threads = [thread('late', false), thread('early', false), thread('gone', false, '2024-01-01T00:00:00.000Z'), thread('done', true)];
    const ranges = new Map([
      ['late', { from: 40, to: 50 }],
      ['early', { from: 3, to: 9 }],
      ['gone', null],
      ['done', { from: 1, to: 2 }],
    ]);
    const open = groupThreads(threads, ranges, 'open');
    expect(open.anchored.map((entry) => entry.thread.id)).toEqual(['early', 'late']);
    expect(open.detached.map((entry) => entry.id)).toEqual(['gone']);
    expect(groupThreads(threads, ranges, 'all').anchored.map((entry) => entry.thread.id)).toEqual(['done', 'early', 'late']);
  });
});

describe('narrowestThreadAt', () => {
  const anchored = [
    { thread: { id: 'wide' }, range: { from: 1, to: 30 } },
    { thread: { id: 'narrow' }, range: { from: 10, to: 14 } },
  ];
  it('finds the most specific thread under the caret, ends included', () => {
    expect(narrowestThreadAt(anchored, 12)).toBe('narrow');
    expect(narrowestThreadAt(anchored, 14)).toBe('narrow');
    expect(narrowestThreadAt(anchored, 20)).toBe('wide');
    expect(narrowestThreadAt(anchored, 31)).toBeNull();
  });
});

describe('permissions', () => {
  const author = { author: { userId: 'me', name: 'Me', profession: 'lawyer' as const } };
  const other = { author: { userId: 'them', name: 'Them', profession: 'physician' as const } };

  it('lets owners, editors and commenters comment, never viewers, never on a sent letter', () => {
    expect(mayComment({ userId: 'me', role: 'commenter', frozen: false })).toBe(true);
    expect(mayComment({ userId: 'me', role: 'viewer', frozen: false })).toBe(false);
    expect(mayComment({ userId: 'me', role: 'owner', frozen: true })).toBe(false);
  });

  it('lets only the author change a comment', () => {
    expect(mayChangeComment({ userId: 'me', role: 'commenter', frozen: false }, 'me')).toBe(true);
    expect(mayChangeComment({ userId: 'me', role: 'owner', frozen: false }, 'them')).toBe(false);
    expect(mayChangeComment({ userId: 'me', role: 'owner', frozen: true }, 'me')).toBe(false);
  });

  it('lets the thread author and body editors resolve', () => {
    expect(mayResolve({ userId: 'me', role: 'commenter', frozen: false }, author)).toBe(true);
    expect(mayResolve({ userId: 'me', role: 'commenter', frozen: false }, other)).toBe(false);
    expect(mayResolve({ userId: 'me', role: 'editor', frozen: false }, other)).toBe(true);
    expect(mayResolve({ userId: 'me', role: 'viewer', frozen: false }, author)).toBe(false);
    expect(mayResolve({ userId: 'me', role: 'owner', frozen: true }, other)).toBe(false);
  });
});

describe('relativeTime and excerpt', () => {
  const now = Date.parse('2025-03-10T12:00:00.000Z');
  it('reads recent times relatively and gives up after a week', () => {
    expect(relativeTime('2025-03-10T11:59:30.000Z', now)).toBe('just now');
    expect(relativeTime('2025-03-10T11:55:00.000Z', now)).toBe('5 min ago');
    expect(relativeTime('2025-03-10T09:00:00.000Z', now)).toBe('3 h ago');
    expect(relativeTime('2025-03-09T09:00:00.000Z', now)).toBe('yesterday');
    expect(relativeTime('2025-03-06T12:00:00.000Z', now)).toBe('4 days ago');
    expect(relativeTime('2025-02-01T12:00:00.000Z', now)).toBeNull();
    expect(relativeTime('not a date', now)).toBeNull();
  });

  it('shortens long text onto one line', () => {
    expect(excerpt('short', 10)).toBe('short');
    expect(excerpt('a  long\n\ntext here', 9)).toBe('a long t…');
  });
});

describe('isCommentShortcut', () => {
  const key = (overrides: Partial<Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'code' | 'key'>>) => ({
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    code: 'KeyM',
    key: 'm',
    ...overrides,
  });
  it('is Ctrl+Alt+M or ⌘⌥M (where ⌥M types µ)', () => {
    expect(isCommentShortcut(key({ ctrlKey: true, altKey: true }))).toBe(true);
    expect(isCommentShortcut(key({ metaKey: true, altKey: true, key: 'µ' }))).toBe(true);
    expect(isCommentShortcut(key({ ctrlKey: true }))).toBe(false);
    expect(isCommentShortcut(key({ ctrlKey: true, altKey: true, shiftKey: true }))).toBe(false);
    expect(isCommentShortcut(key({ ctrlKey: true, altKey: true, code: 'KeyN', key: 'n' }))).toBe(false);
  });
});

describe('inbox items', () => {
  const item = { letterId: 'l 1', threadId: null, reviewId: null, actor: { userId: 'u', name: 'Dana Lee' }, kind: 'mention' as const };
  it('links to the thread or the review of the letter', () => {
    expect(inboxItemHref({ ...item, threadId: 't1' })).toBe('/letters/l%201?thread=t1');
    expect(inboxItemHref({ ...item, reviewId: 'r1' })).toBe('/letters/l%201?review=r1');
    expect(inboxItemHref(item)).toBe('/letters/l%201');
  });

  it('says who did what', () => {
    expect(inboxItemSentence(item)).toBe('Dana Lee mentioned you');
    expect(inboxItemSentence({ ...item, kind: 'reply', actor: null })).toBe('Someone replied to your comment');
    expect(inboxItemSentence({ ...item, kind: 'review_requested' })).toBe('Dana Lee asked you to review');
    expect(inboxItemSentence({ ...item, kind: 'review_approved' })).toBe('Dana Lee approved');
    expect(inboxItemSentence({ ...item, kind: 'review_changes_requested' })).toBe('Dana Lee asked for changes to');
  });

  it('names the button "Inbox…" with the count, and caps the badge', () => {
    expect(inboxButtonLabel(null)).toBe('Inbox');
    expect(inboxButtonLabel(0)).toBe('Inbox');
    expect(inboxButtonLabel(3)).toBe('Inbox, 3 unread');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(120)).toBe('99+');
  });
});
