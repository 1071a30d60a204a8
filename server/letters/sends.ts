/**
 * Marking a letter sent, and the record of each time it was: when, by whom, to whom, and the exact
 * document state that went out.
 *
 * Sent is a freeze. The room stops taking edits and everything it received is stored; then one
 * transaction moves the status, reads the stored document under the room's lock (no edit from any
 * instance can commit while it holds it, and every later one sees the status and is refused), and
 * records the "Sent" version and the send record from those same bytes. If anything fails, none
 * of it is written and the room takes edits again.
 *
 * The send record also keeps what was outstanding (sendCheck.ts), read in the same transaction.
 * A request that acknowledges a list its sender was shown is refused (409, nothing written) when
 * the list is no longer the same; one without an acknowledgement (a script) is recorded as such.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { LetterSend, LetterStatus } from '../../shared/letters';
import type { SendRecordCheck } from '../../shared/sendCheck';
import { getCaseDetails } from '../case/store';
import type { DocStore } from '../collab/docStore';
import { storedStateOf } from '../collab/replay';
import type { RoomManager } from '../collab/rooms';
import type { Database } from '../db/schema';
import { computeSendCheck, parseRecord, recordOf, sendCheckChanged } from './sendCheck';
import { changeStatus } from './status';

/** What marking a letter sent needs. */
export interface SendDeps {
  db: Kysely<Database>;
  docStore: DocStore;
  rooms: RoomManager;
}

/** One request to mark a letter sent. */
export interface SendRequest {
  letterId: string;
  from: LetterStatus;
  actorId: string;
  ip: string | null;
  /** Other changes of the same request (a new title), written in the same transaction first. */
  alongside?: (trx: Kysely<Database>) => Promise<void>;
  /** The fingerprint of the send check the sender confirmed; undefined when none was shown. */
  acknowledged?: string;
}

/** Marks the letter sent: status, "Sent" version and send record in one transaction, from the same stored bytes. */
export async function markSent({ db, docStore, rooms }: SendDeps, request: SendRequest): Promise<void> {
  const freeze = rooms.freeze(request.letterId);
  try {
    await rooms.flushPending();
    await db.transaction().execute(async (trx) => {
      await request.alongside?.(trx);
      const readSent = async () => storedStateOf(await docStore.loadForUpdate(trx, request.letterId));
      const sent = await changeStatus(trx, { letterId: request.letterId, from: request.from, to: 'sent', actorId: request.actorId, ip: request.ip, state: readSent });
      const check = await computeSendCheck(trx, request.letterId, sent);
      if (request.acknowledged !== undefined && request.acknowledged !== check.fingerprint) throw sendCheckChanged(check);
      const outstanding = recordOf(check, request.acknowledged !== undefined);
      await insertSend(trx, { letterId: request.letterId, userId: request.actorId, state: sent, outstanding });
    });
  } catch (error) {
    // Nothing was written: the room takes edits again, and writers resend what was held back.
    freeze.release({ resend: true });
    throw error;
  }
  freeze.release();
}

/** Records a send of `state` inside the caller's transaction, to the recipient the case names now, with what was outstanding. */
export async function insertSend(trx: Kysely<Database>, send: { letterId: string; userId: string; state: Uint8Array; outstanding: SendRecordCheck }): Promise<void> {
  const details = await getCaseDetails(trx, send.letterId);
  const recipient = [details.recipientName, details.recipientTitle, details.recipientOffice].filter((part) => part !== '').join(', ');
  await trx
    .insertInto('letter_sends')
    .values({
      id: randomUUID(),
      letter_id: send.letterId,
      sent_at: new Date().toISOString(),
      sent_by: send.userId,
      recipient,
      state: send.state,
      outstanding: JSON.stringify(send.outstanding),
    })
    .execute();
}

/** A letter's sends, newest first. */
export async function listSends(db: Kysely<Database>, letterId: string): Promise<LetterSend[]> {
  const rows = await db
    .selectFrom('letter_sends')
    .leftJoin('users', 'users.id', 'letter_sends.sent_by')
    .select(['letter_sends.id', 'letter_sends.sent_at', 'letter_sends.sent_by', 'letter_sends.recipient', 'letter_sends.outstanding', 'users.name'])
    .where('letter_sends.letter_id', '=', letterId)
    .orderBy('letter_sends.sent_at', 'desc')
    .execute();
  return rows.map((row) => ({ id: row.id, sentAt: row.sent_at, sentBy: { userId: row.sent_by, name: row.name ?? '' }, recipient: row.recipient, outstanding: parseRecord(row.outstanding) }));
}
