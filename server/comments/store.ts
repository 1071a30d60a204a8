/** SQL for comment threads and their comments. The first comment of a thread opens it; the rest are replies. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Comment, CommentThread } from '../../shared/comments';
import { toProfession } from '../auth/users';
import { orderedTimestamp } from '../db/clock';
import type { Database } from '../db/schema';
import type { StoredAnchor } from './anchor';
import { encodeAnchor } from './anchor';

/** Mentions as stored: a JSON array of user ids (only this module writes it). */
function parseMentions(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** A letter's threads with their comments, oldest first; `threadId` narrows it to one. */
export async function listThreads(db: Kysely<Database>, letterId: string, threadId?: string): Promise<CommentThread[]> {
  let threadQuery = db
    .selectFrom('comment_threads')
    .innerJoin('users as author', 'author.id', 'comment_threads.author_id')
    .leftJoin('users as resolver', 'resolver.id', 'comment_threads.resolved_by')
    .selectAll('comment_threads')
    .select(['author.name as author_name', 'author.profession as author_profession', 'resolver.name as resolver_name'])
    .where('comment_threads.letter_id', '=', letterId)
    .orderBy('comment_threads.created_at')
    .orderBy('comment_threads.id');
  if (threadId !== undefined) threadQuery = threadQuery.where('comment_threads.id', '=', threadId);
  const threads = await threadQuery.execute();
  if (threads.length === 0) return [];

  const comments = await db
    .selectFrom('comments')
    .innerJoin('users', 'users.id', 'comments.author_id')
    .selectAll('comments')
    .select(['users.name as author_name', 'users.profession as author_profession'])
    .where(
      'comments.thread_id',
      'in',
      threads.map((thread) => thread.id),
    )
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .execute();
  const byThread = new Map<string, Comment[]>();
  for (const row of comments) {
    const list = byThread.get(row.thread_id) ?? [];
    list.push({
      id: row.id,
      author: { userId: row.author_id, name: row.author_name, profession: toProfession(row.author_profession) },
      body: row.body,
      mentions: parseMentions(row.mentions),
      createdAt: row.created_at,
      editedAt: row.edited_at,
    });
    byThread.set(row.thread_id, list);
  }

  return threads.map((row) => ({
    id: row.id,
    anchor: encodeAnchor({ start: row.anchor_start, end: row.anchor_end }),
    quote: row.quote,
    author: { userId: row.author_id, name: row.author_name, profession: toProfession(row.author_profession) },
    createdAt: row.created_at,
    resolved: row.resolved_at !== null,
    resolvedBy: row.resolved_by !== null && row.resolver_name !== null ? { userId: row.resolved_by, name: row.resolver_name } : null,
    resolvedAt: row.resolved_at,
    comments: byThread.get(row.id) ?? [],
  }));
}

/** One thread of a letter, or undefined (also when it belongs to another letter). */
export async function findThread(db: Kysely<Database>, letterId: string, threadId: string): Promise<CommentThread | undefined> {
  return (await listThreads(db, letterId, threadId))[0];
}

/** A new thread: where it is, what it quoted, and its opening comment. */
export interface NewThread {
  letterId: string;
  authorId: string;
  anchor: StoredAnchor;
  quote: string;
  body: string;
  mentions: readonly string[];
}

/** Opens a thread with its first comment; returns both ids. */
export async function insertThread(db: Kysely<Database>, thread: NewThread): Promise<{ threadId: string; commentId: string }> {
  const threadId = randomUUID();
  // The opening comment is written at the thread's own moment.
  const createdAt = orderedTimestamp();
  await db
    .insertInto('comment_threads')
    .values({
      id: threadId,
      letter_id: thread.letterId,
      author_id: thread.authorId,
      anchor_start: thread.anchor.start,
      anchor_end: thread.anchor.end,
      quote: thread.quote,
      resolved_by: null,
      resolved_at: null,
      created_at: createdAt,
    })
    .execute();
  const commentId = await insertComment(db, threadId, { authorId: thread.authorId, body: thread.body, mentions: thread.mentions }, createdAt);
  return { threadId, commentId };
}

/** Adds a comment to a thread; returns its id. */
export async function insertComment(
  db: Kysely<Database>,
  threadId: string,
  comment: { authorId: string; body: string; mentions: readonly string[] },
  createdAt = orderedTimestamp(),
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('comments')
    .values({ id, thread_id: threadId, author_id: comment.authorId, body: comment.body, mentions: JSON.stringify(comment.mentions), created_at: createdAt, edited_at: null })
    .execute();
  return id;
}

/** Rewrites a comment (its author's edit) and stamps editedAt. */
export async function updateComment(db: Kysely<Database>, commentId: string, changes: { body: string; mentions: readonly string[] }): Promise<void> {
  await db
    .updateTable('comments')
    .set({ body: changes.body, mentions: JSON.stringify(changes.mentions), edited_at: new Date().toISOString() })
    .where('id', '=', commentId)
    .execute();
}

/** Removes one comment. */
export async function deleteComment(db: Kysely<Database>, commentId: string): Promise<void> {
  await db.deleteFrom('comments').where('id', '=', commentId).execute();
}

/** Removes a thread; its comments and the inbox items about it go with it (foreign keys cascade). */
export async function deleteThread(db: Kysely<Database>, threadId: string): Promise<void> {
  await db.deleteFrom('comment_threads').where('id', '=', threadId).execute();
}

/** Resolves a thread (by `userId`) or reopens it (null). */
export async function setResolved(db: Kysely<Database>, threadId: string, userId: string | null): Promise<void> {
  await db
    .updateTable('comment_threads')
    .set({ resolved_by: userId, resolved_at: userId === null ? null : new Date().toISOString() })
    .where('id', '=', threadId)
    .execute();
}
