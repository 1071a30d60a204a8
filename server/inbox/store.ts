/** SQL for the inbox: notifications are added inside the transaction of the change they report. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { InboxItem, InboxKind } from '../../shared/inbox';
import { INBOX_EXCERPT_LENGTH, INBOX_KINDS } from '../../shared/inbox';
import { orderedTimestamp } from '../db/clock';
import type { Database } from '../db/schema';
import { ownerName } from '../letters/store';
import { deidentifiedTitle } from '../workshops/deidentify';

/** One notification to add. */
export interface NewInboxItem {
  userId: string;
  letterId: string;
  kind: InboxKind;
  actorId: string | null;
  threadId?: string | null;
  reviewId?: string | null;
  /** Plain text; cut to INBOX_EXCERPT_LENGTH. */
  excerpt: string;
}

/** Shortens text for an excerpt, on a word boundary where one is near. */
export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= INBOX_EXCERPT_LENGTH) return flat;
  const cut = flat.slice(0, INBOX_EXCERPT_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > INBOX_EXCERPT_LENGTH / 2 ? cut.slice(0, space) : cut}…`;
}

/** Adds notifications; nobody is notified of their own action. Returns the users notified. */
export async function addInboxItems(db: Kysely<Database>, items: readonly NewInboxItem[]): Promise<string[]> {
  const wanted = items.filter((item) => item.userId !== item.actorId);
  if (wanted.length === 0) return [];
  const createdAt = orderedTimestamp();
  await db
    .insertInto('inbox_items')
    .values(
      wanted.map((item) => ({
        id: randomUUID(),
        user_id: item.userId,
        letter_id: item.letterId,
        kind: item.kind,
        actor_id: item.actorId,
        thread_id: item.threadId ?? null,
        review_id: item.reviewId ?? null,
        excerpt: excerptOf(item.excerpt),
        created_at: createdAt,
        read_at: null,
      })),
    )
    .execute();
  return [...new Set(wanted.map((item) => item.userId))];
}

function toKind(value: string): InboxKind {
  const kind = INBOX_KINDS.find((known) => known === value);
  if (!kind) throw new Error(`unknown inbox kind in the database: ${value}`);
  return kind;
}

/** A user's notifications, newest first, for letters they are still a member of. */
export async function listInbox(db: Kysely<Database>, userId: string, limit = 100): Promise<InboxItem[]> {
  const rows = await db
    .selectFrom('inbox_items')
    .innerJoin('letter_members', (join) =>
      join.onRef('letter_members.letter_id', '=', 'inbox_items.letter_id').onRef('letter_members.user_id', '=', 'inbox_items.user_id'),
    )
    .innerJoin('letters', 'letters.id', 'inbox_items.letter_id')
    .leftJoin('users as actor', 'actor.id', 'inbox_items.actor_id')
    .select([
      'inbox_items.id',
      'inbox_items.kind',
      'inbox_items.letter_id',
      'letters.title',
      'letter_members.granted_by_workshop',
      ownerName,
      'inbox_items.thread_id',
      'inbox_items.review_id',
      'inbox_items.actor_id',
      'actor.name as actor_name',
      'inbox_items.excerpt',
      'inbox_items.created_at',
      'inbox_items.read_at',
    ])
    .where('inbox_items.user_id', '=', userId)
    .orderBy('inbox_items.created_at', 'desc')
    .orderBy('inbox_items.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: toKind(row.kind),
    letterId: row.letter_id,
    // De-identified members (a workshop's grant) never see the title: names get typed into it.
    letterTitle: row.granted_by_workshop === null ? row.title : deidentifiedTitle(row.owner_name),
    threadId: row.thread_id,
    reviewId: row.review_id,
    actor: row.actor_id !== null && row.actor_name !== null ? { userId: row.actor_id, name: row.actor_name } : null,
    excerpt: row.excerpt,
    createdAt: row.created_at,
    readAt: row.read_at,
  }));
}

/** How many unread notifications a user has on letters they are still on. */
export async function countUnread(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('inbox_items')
    .innerJoin('letter_members', (join) =>
      join.onRef('letter_members.letter_id', '=', 'inbox_items.letter_id').onRef('letter_members.user_id', '=', 'inbox_items.user_id'),
    )
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('inbox_items.user_id', '=', userId)
    .where('inbox_items.read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks one of the user's items read; false if it is not theirs. */
export async function markRead(db: Kysely<Database>, userId: string, itemId: string): Promise<boolean> {
  const result = await db
    .updateTable('inbox_items')
    .set({ read_at: new Date().toISOString() })
    .where('id', '=', itemId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows > 0n) return true;
  const exists = await db.selectFrom('inbox_items').select('id').where('id', '=', itemId).where('user_id', '=', userId).executeTakeFirst();
  return exists !== undefined;
}

/** Marks all of a user's items read (optionally only those of one thread). */
export async function markAllRead(db: Kysely<Database>, userId: string, threadId?: string): Promise<void> {
  let query = db.updateTable('inbox_items').set({ read_at: new Date().toISOString() }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (threadId !== undefined) query = query.where('thread_id', '=', threadId);
  await query.execute();
}

/** What tells apart the notifications one comment caused: its thread, its author and its text. */
export interface CommentItemsKey {
  threadId: string;
  actorId: string;
  body: string;
}

async function findCommentItems(db: Kysely<Database>, key: CommentItemsKey): Promise<{ id: string; user_id: string }[]> {
  return db
    .selectFrom('inbox_items')
    .select(['id', 'user_id'])
    .where('thread_id', '=', key.threadId)
    .where('actor_id', '=', key.actorId)
    .where('kind', 'in', ['mention', 'reply'])
    .where('excerpt', '=', excerptOf(key.body))
    .execute();
}

/**
 * Removes the notifications a deleted comment caused (its mentions and the reply notice), so its
 * words do not outlive it in anyone's inbox. Returns the users whose inbox changed.
 */
export async function removeCommentItems(db: Kysely<Database>, key: CommentItemsKey): Promise<string[]> {
  const rows = await findCommentItems(db, key);
  if (rows.length === 0) return [];
  await db.deleteFrom('inbox_items').where('id', 'in', rows.map((row) => row.id)).execute();
  return [...new Set(rows.map((row) => row.user_id))];
}

/** Shows an edited comment's new text in the notifications it caused. Returns the users whose inbox changed. */
export async function rewordCommentItems(db: Kysely<Database>, key: CommentItemsKey, newBody: string): Promise<string[]> {
  const rows = await findCommentItems(db, key);
  if (rows.length === 0) return [];
  await db.updateTable('inbox_items').set({ excerpt: excerptOf(newBody) }).where('id', 'in', rows.map((row) => row.id)).execute();
  return [...new Set(rows.map((row) => row.user_id))];
}
