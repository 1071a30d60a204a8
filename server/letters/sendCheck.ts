/**
 * What is outstanding on a letter before it is marked sent (shared/sendCheck.ts): read from the
 * store, so the dialog's list and the list the send record keeps come from the same code, and
 * fingerprinted, so a mark-sent request can say which list its sender confirmed.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import * as Y from 'yjs';
import { SendCheckLimits } from '../../shared/limits';
import { splitSections } from '../../shared/sections';
import type { SendCheck, SendCheckItems, SendRecordCheck } from '../../shared/sendCheck';
import { SendRecordCheckSchema } from '../../shared/sendCheck';
import { TEMPLATES } from '../../shared/templates';
import type { LetterTemplate } from '../../shared/templates';
import type { Database } from '../db/schema';
import { bodyJsonOf } from '../export/body';
import { ApiException } from '../http/errors';

function templateOf(id: string): LetterTemplate | null {
  return Object.entries(TEMPLATES).find(([key]) => key === id)?.[1] ?? null;
}

/** The first words of a comment, enough to recognise its thread. */
export function excerptOf(body: string): string {
  const words = body.trim().split(/\s+/).filter((word) => word !== '');
  let excerpt = words.slice(0, SendCheckLimits.excerptWords).join(' ');
  let cut = words.length > SendCheckLimits.excerptWords;
  if (excerpt.length > SendCheckLimits.excerptChars) {
    excerpt = excerpt.slice(0, SendCheckLimits.excerptChars).trimEnd();
    cut = true;
  }
  return cut ? `${excerpt}…` : excerpt;
}

/** The headings of the template's sections that are in `state`'s body with nothing under them (same rule as the editor's hints). */
function emptySectionsOf(state: Uint8Array, template: LetterTemplate | null): { key: string; heading: string }[] {
  if (!template) return [];
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const sections = splitSections(bodyJsonOf(doc), template);
    return template.sections
      .filter((section) => section.mayBeEmpty !== true && sections.get(section.key)?.found === true && sections.get(section.key)?.empty === true)
      .map((section) => ({ key: section.key, heading: section.heading }));
  } finally {
    doc.destroy();
  }
}

/**
 * What is outstanding on `letterId`, whose body is `state` (the stored document), read with `db`
 * (the caller's transaction when marking sent).
 */
export async function computeSendCheck(db: Kysely<Database>, letterId: string, state: Uint8Array): Promise<SendCheck> {
  const letter = await db.selectFrom('letters').select('template').where('id', '=', letterId).executeTakeFirst();
  const unchecked = await db
    .selectFrom('checklist_items')
    .select(['id', 'text'])
    .where('letter_id', '=', letterId)
    .where('ticked_by', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const threads = await db
    .selectFrom('comment_threads')
    .select(['id', 'quote'])
    .where('letter_id', '=', letterId)
    .where('resolved_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const firstComments = new Map<string, string>();
  if (threads.length > 0) {
    const comments = await db
      .selectFrom('comments')
      .select(['thread_id', 'body'])
      .where(
        'thread_id',
        'in',
        threads.map((thread) => thread.id),
      )
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const comment of comments) if (!firstComments.has(comment.thread_id)) firstComments.set(comment.thread_id, comment.body);
  }
  const reviews = await db
    .selectFrom('review_requests')
    .innerJoin('users', 'users.id', 'review_requests.reviewer_id')
    .select(['review_requests.id', 'users.name'])
    .where('review_requests.letter_id', '=', letterId)
    .where('review_requests.state', '=', 'pending')
    .orderBy('review_requests.created_at')
    .orderBy(sql`review_requests.rowid`)
    .execute();
  const sections = emptySectionsOf(state, letter ? templateOf(letter.template) : null);

  const items: SendCheckItems = {
    uncheckedItems: unchecked.map((item) => item.text),
    openThreads: threads.map((thread) => ({ id: thread.id, excerpt: excerptOf(firstComments.get(thread.id) ?? thread.quote) })),
    pendingReviews: reviews.map((review) => review.name),
    emptySections: sections.map((section) => section.heading),
  };
  // Ids as well as words: a new item or thread worded like an old one is still a change.
  const identity = { items, checklist: unchecked.map((item) => item.id), reviews: reviews.map((review) => review.id), sections: sections.map((section) => section.key) };
  const fingerprint = createHash('sha256').update(JSON.stringify(identity)).digest('hex');
  return { ...items, fingerprint };
}

/** 409 `send_check_changed`: the list changed since the sender saw it; the body carries the new one. */
export function sendCheckChanged(check: SendCheck): ApiException {
  return new ApiException(409, 'send_check_changed', 'What is outstanding on this letter changed since you looked. Check the new list and confirm again.', {
    sendCheck: check,
  });
}

/** The list a send record keeps. */
export function recordOf(check: SendCheck, acknowledged: boolean): SendRecordCheck {
  const { fingerprint: _fingerprint, ...items } = check;
  return { ...items, acknowledged };
}

/** A stored list read back; null when there is none (sends before the check existed) or it cannot be read. */
export function parseRecord(json: string | null): SendRecordCheck | null {
  if (json === null) return null;
  try {
    const parsed = SendRecordCheckSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
