/**
 * The PostgreSQL DocStore: the same append-only update log and one snapshot per room as the
 * SQLite store, in tables that several instances share.
 *
 * Why compaction can never lose an update, even with appends and compactions of the same room
 * running on several instances at once:
 * - Each room has a transaction-scoped advisory lock. An append holds it shared from before its
 *   insert until its commit; a compaction holds it exclusively for its whole transaction.
 * - So while a compaction reads the snapshot and the log, no append of that room is in flight:
 *   every update that will ever get a sequence number at or below the last one it read has
 *   committed already and is in what it read. It deletes exactly those rows, and replaces the
 *   snapshot only with one covering more of the log (`upto_seq` grows), so a second compaction
 *   right after the first finds nothing to do and two instances compacting at once leave the same
 *   document.
 * - Appends hold the lock shared, so they never wait for each other. A batch spanning several rooms
 *   takes its locks in ascending key order and a compaction takes only one, so no two
 *   transactions can wait for each other in a cycle.
 * - A transaction is all or nothing: an instance that dies mid-compaction (or mid-append) has its
 *   connection closed, PostgreSQL rolls the transaction back and the lock goes with it.
 * - The letter's deletion and the transaction that marks it sent take the room's lock exclusively
 *   (`delete`, `loadForUpdate`) inside their own relational transaction. An append reads the
 *   letter's row after taking its shared lock, so it sees whatever they committed: the edits of
 *   a letter that is gone or sent are refused, on every instance, and none can commit between the
 *   moment a letter's sent text is read and the moment its status says sent.
 * Reads (`load`, `logSize`) take no lock: one REPEATABLE READ transaction sees the snapshot and
 * the log as of one moment, so a compaction committing between the two reads cannot make an
 * update appear twice or not at all.
 *
 * `append` resolves after COMMIT returns, which with PostgreSQL's default `synchronous_commit`
 * is after the commit record is flushed to disk.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type pg from 'pg';
import type { Database } from '../db/schema';
import type { DocStore, LogSize, RefusedReason, SnapshotRow, StoredDoc, UpdateRow } from './docStore';
import { storedStateOf } from './replay';
import { deleteStoredRows, readStoredRows } from './storedRows';

/** The first key of every room lock, so they cannot collide with other uses of advisory locks. */
const ROOM_LOCK_SPACE = 0x43770001;

/** Rows per INSERT statement: far below PostgreSQL's 65,535 parameters, few round trips. */
const INSERT_CHUNK = 500;

/** A room's lock key: a 32-bit hash of its name (two rooms sharing one only wait for each other). */
function roomLockKey(room: string): number {
  return createHash('sha256').update(room).digest().readInt32BE(0);
}

/** Creates the PostgreSQL DocStore over a pool whose database has been migrated. */
export function createPgDocStore(pool: pg.Pool): DocStore {
  const readStored = async (client: pg.PoolClient, room: string): Promise<StoredDoc & { lastSeq: number }> => {
    const snapshot = (await client.query<SnapshotRow>('SELECT state, upto_seq FROM doc_snapshots WHERE room = $1', [room])).rows[0];
    const uptoSeq = snapshot?.upto_seq ?? 0;
    const { rows } = await client.query<UpdateRow>('SELECT seq, data FROM doc_updates WHERE room = $1 AND seq > $2 ORDER BY seq', [room, uptoSeq]);
    return {
      // pg returns bytea as a Buffer; the rest of the server expects plain Uint8Arrays.
      snapshot: snapshot ? new Uint8Array(snapshot.state) : null,
      updates: rows.map((row) => new Uint8Array(row.data)),
      lastSeq: rows.at(-1)?.seq ?? uptoSeq,
    };
  };

  return {
    async load(room) {
      const { snapshot, updates } = await inTransaction(pool, READ_SNAPSHOT, (client) => readStored(client, room));
      return { snapshot, updates };
    },

    async append(input) {
      const refused = new Map<string, RefusedReason>();
      if (input.length === 0) return { refused };
      const rooms = [...new Set(input.map(({ room }) => room))];
      const keys = [...new Set(rooms.map((room) => roomLockKey(room)))].sort((a, b) => a - b);
      await inTransaction(pool, 'BEGIN', async (client) => {
        await client.query('SELECT pg_advisory_xact_lock_shared($1, key) FROM unnest($2::int[]) WITH ORDINALITY AS lock(key, position) ORDER BY position', [
          ROOM_LOCK_SPACE,
          keys,
        ]);
        // Read after the locks: a deletion or a sent mark of these rooms has committed or not begun.
        const letters = await client.query<{ id: string; status: string }>('SELECT id, status FROM letters WHERE id = ANY($1::text[])', [rooms]);
        const status = new Map(letters.rows.map((row) => [row.id, row.status]));
        for (const room of rooms) {
          const found = status.get(room);
          if (found === undefined) refused.set(room, 'gone');
          else if (found === 'sent') refused.set(room, 'sent');
        }
        const batch = input.filter(({ room }) => !refused.has(room));
        // VALUES rows take their sequence numbers in order, so each room's log keeps the batch's order.
        for (let start = 0; start < batch.length; start += INSERT_CHUNK) {
          const chunk = batch.slice(start, start + INSERT_CHUNK);
          const values = chunk.map((_, index) => `($${2 * index + 1}, $${2 * index + 2})`).join(', ');
          await client.query(
            `INSERT INTO doc_updates (room, data) VALUES ${values}`,
            chunk.flatMap(({ room, update }) => [room, update]),
          );
        }
      });
      return { refused };
    },

    async logSize(room): Promise<LogSize> {
      return inTransaction(pool, READ_SNAPSHOT, async (client) => {
        // The snapshot's size without reading the snapshot itself.
        const snapshot = (
          await client.query<{ upto_seq: number; bytes: number }>('SELECT upto_seq, octet_length(state) AS bytes FROM doc_snapshots WHERE room = $1', [room])
        ).rows[0];
        const log = (
          await client.query<{ count: number; bytes: number }>(
            'SELECT count(*) AS count, coalesce(sum(octet_length(data)), 0)::int8 AS bytes FROM doc_updates WHERE room = $1 AND seq > $2',
            [room, snapshot?.upto_seq ?? 0],
          )
        ).rows[0];
        return { count: log?.count ?? 0, bytes: log?.bytes ?? 0, snapshotBytes: snapshot?.bytes ?? 0 };
      });
    },

    async compact(room) {
      await inTransaction(pool, 'BEGIN', async (client) => {
        // Waits for every append of this room in flight and holds off new ones until COMMIT.
        await client.query('SELECT pg_advisory_xact_lock($1, $2)', [ROOM_LOCK_SPACE, roomLockKey(room)]);
        const stored = await readStored(client, room);
        if (stored.updates.length === 0) return;
        // The same document that loading the log gives, garbage-collected as a live one is.
        await client.query(
          `INSERT INTO doc_snapshots (room, state, upto_seq) VALUES ($1, $2, $3)
           ON CONFLICT (room) DO UPDATE SET state = excluded.state, upto_seq = excluded.upto_seq
           WHERE doc_snapshots.upto_seq < excluded.upto_seq`,
          [room, storedStateOf(stored), stored.lastSeq],
        );
        await client.query('DELETE FROM doc_updates WHERE room = $1 AND seq <= $2', [room, stored.lastSeq]);
      });
    },

    async loadForUpdate(trx, room) {
      await lockRoom(trx, room);
      return readStoredRows(trx, room);
    },

    async delete(trx, room) {
      await lockRoom(trx, room);
      await deleteStoredRows(trx, room);
    },

    async scrub() {
      // PostgreSQL reclaims deleted rows itself (autovacuum); its files are the operator's (README).
    },

    async close() {
      // The pool belongs to whoever opened the database; the store holds nothing of its own.
    },
  };
}

/** Takes the room's lock exclusively until `trx` ends, waiting for its appends and compaction in flight. */
async function lockRoom(trx: Kysely<Database>, room: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${ROOM_LOCK_SPACE}, ${roomLockKey(room)})`.execute(trx);
}

/** Reads the snapshot and the log as of one moment. */
const READ_SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/**
 * Runs `work` in one transaction on a connection of its own, committing if it resolves and
 * rolling back if it rejects. A connection whose transaction could not end cleanly (it broke, or
 * ROLLBACK failed) is discarded rather than returned to the pool.
 */
async function inTransaction<T>(pool: pg.Pool, begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
