/**
 * Who hears about a comment: the members it mentions, and the thread's author when someone
 * replies. Mentions of anyone who is not on the letter are dropped before they are stored, so a
 * user id typed into a request can neither notify nor reveal anybody outside it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { NewInboxItem } from '../inbox/store';

/** The mentioned ids that are members of the letter, each once, in the order given. */
export async function memberMentions(db: Kysely<Database>, letterId: string, mentions: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(mentions)];
  if (wanted.length === 0) return [];
  const rows = await db
    .selectFrom('letter_members')
    .select('user_id')
    .where('letter_id', '=', letterId)
    .where('user_id', 'in', wanted)
    .execute();
  const members = new Set(rows.map((row) => row.user_id));
  return wanted.filter((id) => members.has(id));
}

/** What a new or edited comment is, for working out whom to notify. */
export interface CommentNotice {
  letterId: string;
  threadId: string;
  actorId: string;
  body: string;
  /** Member mentions that are new with this comment or edit. */
  newMentions: readonly string[];
  /** The thread's author, when this comment is a reply (they hear of it unless mentioned anyway). */
  replyTo?: string;
}

/** The inbox items a comment causes (addInboxItems leaves out the actor themself). */
export function commentInboxItems(notice: CommentNotice): NewInboxItem[] {
  const base = { letterId: notice.letterId, threadId: notice.threadId, actorId: notice.actorId, excerpt: notice.body };
  const items: NewInboxItem[] = notice.newMentions.map((userId) => ({ ...base, userId, kind: 'mention' }));
  if (notice.replyTo !== undefined && !notice.newMentions.includes(notice.replyTo)) items.push({ ...base, userId: notice.replyTo, kind: 'reply' });
  return items;
}
