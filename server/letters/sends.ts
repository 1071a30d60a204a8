/** Marking a letter sent: when, by whom, to whom, and the exact document state that went out. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { LetterSend } from '../../shared/letters';
import { getCaseDetails } from '../case/store';
import type { DocStore } from '../collab/docStore';
import { storedDocumentState } from '../collab/storedState';
import type { RoomManager } from '../collab/rooms';
import type { Database } from '../db/schema';

/** Records a send with the stored document state, after committing every edit received before it. */
export async function recordSend(db: Kysely<Database>, docStore: DocStore, rooms: RoomManager, letterId: string, userId: string): Promise<void> {
  const state = await storedDocumentState(docStore, rooms, letterId);
  const details = await getCaseDetails(db, letterId);
  const recipient = [details.recipientName, details.recipientTitle, details.recipientOffice].filter((part) => part !== '').join(', ');
  await db
    .insertInto('letter_sends')
    .values({
      id: randomUUID(),
      letter_id: letterId,
      sent_at: new Date().toISOString(),
      sent_by: userId,
      recipient,
      state,
    })
    .execute();
}

/** A letter's sends, newest first. */
export async function listSends(db: Kysely<Database>, letterId: string): Promise<LetterSend[]> {
  const rows = await db
    .selectFrom('letter_sends')
    .leftJoin('users', 'users.id', 'letter_sends.sent_by')
    .select(['letter_sends.id', 'letter_sends.sent_at', 'letter_sends.sent_by', 'letter_sends.recipient', 'users.name'])
    .where('letter_sends.letter_id', '=', letterId)
    .orderBy('letter_sends.sent_at', 'desc')
    .execute();
  return rows.map((row) => ({ id: row.id, sentAt: row.sent_at, sentBy: { userId: row.sent_by, name: row.name ?? '' }, recipient: row.recipient }));
}
