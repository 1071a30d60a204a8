/**
 * A room's rows read and deleted through Kysely, inside a relational transaction: how both
 * DocStores take part in the transactions that mark a letter sent or delete it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { StoredDoc } from './docStore';

/** The room's snapshot and the updates after it, as `trx` sees them. */
export async function readStoredRows(trx: Kysely<Database>, room: string): Promise<StoredDoc> {
  const snapshot = await trx.selectFrom('doc_snapshots').select(['state', 'upto_seq']).where('room', '=', room).executeTakeFirst();
  const rows = await trx
    .selectFrom('doc_updates')
    .select('data')
    .where('room', '=', room)
    .where('seq', '>', snapshot?.upto_seq ?? 0)
    .orderBy('seq')
    .execute();
  // Both drivers return blobs as Buffers; the rest of the server expects plain Uint8Arrays.
  return { snapshot: snapshot ? new Uint8Array(snapshot.state) : null, updates: rows.map((row) => new Uint8Array(row.data)) };
}

/** Deletes the room's log and snapshot inside `trx`. */
export async function deleteStoredRows(trx: Kysely<Database>, room: string): Promise<void> {
  await trx.deleteFrom('doc_updates').where('room', '=', room).execute();
  await trx.deleteFrom('doc_snapshots').where('room', '=', room).execute();
}
