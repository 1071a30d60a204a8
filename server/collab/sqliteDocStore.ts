/**
 * The embedded DocStore: an append-only update log and one snapshot per room in SQLite. Uses
 * better-sqlite3 directly, so a whole group commit is one synchronous transaction.
 *
 * Durability without stalling: better-sqlite3 runs on the event loop, and a commit with
 * `synchronous = FULL` waits there for the disk (milliseconds, during which no socket of any room
 * is served). So a group commit is written with `synchronous = NORMAL` (to the write-ahead log,
 * not yet flushed), then the log file is fsynced on libuv's thread pool, and only after that does
 * `append` resolve and are the edits acknowledged: as durable as FULL, but the event loop keeps
 * serving other letters while the disk works. SQLite's own ordering of WAL and database syncs at
 * checkpoints is unchanged.
 *
 * The connection is the one Kysely uses too. An append waits until no relational transaction is
 * open on it: better-sqlite3 would otherwise run it as a savepoint inside that transaction, and
 * edits acknowledged as stored would vanish if the transaction then rolled back.
 */
import { closeSync, fsync, openSync } from 'node:fs';
import { promisify } from 'node:util';
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { DocAppend, DocStore, LogSize, RefusedReason, SnapshotRow, StoredDoc, UpdateRow } from './docStore';
import { storedStateOf } from './replay';
import { deleteStoredRows, readStoredRows } from './storedRows';

const fsyncAsync = promisify(fsync);

/** Creates the SQLite DocStore over an open, migrated database. */
export function createSqliteDocStore(sqlite: BetterSqlite3.Database): DocStore {
  const selectSnapshot = sqlite.prepare<[string], SnapshotRow>(
    'SELECT state, upto_seq FROM doc_snapshots WHERE room = ?',
  );
  const selectUpdates = sqlite.prepare<[string, number], UpdateRow>(
    'SELECT seq, data FROM doc_updates WHERE room = ? AND seq > ? ORDER BY seq',
  );
  // The snapshot's size without reading the snapshot itself.
  const selectSnapshotSize = sqlite.prepare<[string], { upto_seq: number; bytes: number }>(
    'SELECT upto_seq, length(state) AS bytes FROM doc_snapshots WHERE room = ?',
  );
  const selectLogSize = sqlite.prepare<[string, number], { count: number; bytes: number | null }>(
    'SELECT count(*) AS count, sum(length(data)) AS bytes FROM doc_updates WHERE room = ? AND seq > ?',
  );
  const insertUpdate = sqlite.prepare<[string, Uint8Array]>('INSERT INTO doc_updates (room, data) VALUES (?, ?)');
  const upsertSnapshot = sqlite.prepare<[string, Uint8Array, number]>(
    `INSERT INTO doc_snapshots (room, state, upto_seq) VALUES (?, ?, ?)
     ON CONFLICT (room) DO UPDATE SET state = excluded.state, upto_seq = excluded.upto_seq`,
  );
  const deleteUpdatesUpTo = sqlite.prepare<[string, number]>('DELETE FROM doc_updates WHERE room = ? AND seq <= ?');
  const selectLetterStatus = sqlite.prepare<[string], { status: string }>('SELECT status FROM letters WHERE id = ?');

  const readStored = (room: string): StoredDoc & { uptoSeq: number; lastSeq: number } => {
    const snapshot = selectSnapshot.get(room);
    const uptoSeq = snapshot?.upto_seq ?? 0;
    const rows = selectUpdates.all(room, uptoSeq);
    return {
      snapshot: snapshot ? new Uint8Array(snapshot.state) : null,
      updates: rows.map((row) => new Uint8Array(row.data)),
      uptoSeq,
      lastSeq: rows.at(-1)?.seq ?? uptoSeq,
    };
  };

  /** Stores the updates of rooms whose letter takes edits; returns the others. */
  const appendAll = sqlite.transaction((batch: readonly DocAppend[]): Map<string, RefusedReason> => {
    const verdicts = new Map<string, RefusedReason | null>();
    const refused = new Map<string, RefusedReason>();
    for (const { room, update } of batch) {
      let verdict = verdicts.get(room);
      if (verdict === undefined) {
        const letter = selectLetterStatus.get(room);
        verdict = !letter ? 'gone' : letter.status === 'sent' ? 'sent' : null;
        verdicts.set(room, verdict);
        if (verdict) refused.set(room, verdict);
      }
      if (verdict === null) insertUpdate.run(room, update);
    }
    return refused;
  });

  /** Resolves once no transaction is open on the connection (a relational one ends within a few turns). */
  const outsideTransactions = async (): Promise<void> => {
    while (sqlite.inTransaction) await new Promise((resolve) => setImmediate(resolve));
  };

  // Only a file database in WAL mode has a log to flush; an in-memory one commits as it is.
  const walPath = !sqlite.memory && String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal' ? `${sqlite.name}-wal` : null;
  // A plain descriptor, opened at the first commit (when the log exists) and closed by close().
  let walFd: number | null = null;
  // The connection's own level (FULL in production), restored after each append; read once.
  const synchronous = walPath ? Number(sqlite.pragma('synchronous', { simple: true })) : 0;

  /** Commits the batch to the write-ahead log without waiting for the disk, then flushes the log off the event loop. */
  const appendDurably = async (batch: readonly DocAppend[]): Promise<Map<string, RefusedReason>> => {
    await outsideTransactions();
    if (!walPath) return appendAll(batch);
    let refused: Map<string, RefusedReason>;
    sqlite.pragma('synchronous = NORMAL');
    try {
      refused = appendAll(batch);
    } finally {
      sqlite.pragma(`synchronous = ${synchronous}`);
    }
    // The log file exists from the first commit on and is reused, never replaced, while the
    // database is open (a TRUNCATE checkpoint empties the same file); fsync on any descriptor of
    // it flushes everything written to it.
    walFd ??= openSync(walPath, 'r+');
    await fsyncAsync(walFd);
    return refused;
  };

  const compactRoom = sqlite.transaction((room: string) => {
    const stored = readStored(room);
    if (stored.updates.length === 0) return;
    // The same document that loading the log gives, garbage-collected as a live one is, so the
    // snapshot is about the size of the letter's encoded state whatever its history.
    upsertSnapshot.run(room, storedStateOf(stored), stored.lastSeq);
    deleteUpdatesUpTo.run(room, stored.lastSeq);
  });

  return {
    async load(room) {
      const { snapshot, updates } = readStored(room);
      return { snapshot, updates };
    },
    async append(batch) {
      return { refused: batch.length > 0 ? await appendDurably(batch) : new Map() };
    },
    async logSize(room): Promise<LogSize> {
      const snapshot = selectSnapshotSize.get(room);
      const row = selectLogSize.get(room, snapshot?.upto_seq ?? 0);
      return { count: row?.count ?? 0, bytes: row?.bytes ?? 0, snapshotBytes: snapshot?.bytes ?? 0 };
    },
    async compact(room) {
      await outsideTransactions();
      // It reads, then writes: IMMEDIATE takes the write lock first, so another connection's
      // commit in between cannot fail it.
      compactRoom.immediate(room);
    },
    async loadForUpdate(trx, room) {
      // Appends of this connection wait for the transaction to end (outsideTransactions), and once
      // `trx` has written, another connection's wait for SQLite's write lock: nothing to take here.
      return readStoredRows(trx, room);
    },
    async delete(trx, room) {
      // The whole deletion (the letter's other rows go with it in `trx`) zeroes every page it frees,
      // not only the cells it rewrites; scrub sets the connection's usual FAST back.
      await sql`PRAGMA secure_delete = ON`.execute(trx);
      await deleteStoredRows(trx, room);
    },
    async scrub() {
      await outsideTransactions();
      sqlite.pragma('secure_delete = FAST');
      // secure_delete zeroed the deleted rows in the pages written to the log; the checkpoint copies
      // those pages over the database file's, and TRUNCATE empties the log, which held the rows'
      // earlier pages in full.
      if (walPath) sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
    async close() {
      // The database connection belongs to whoever opened it; the log's descriptor is ours.
      if (walFd !== null) closeSync(walFd);
      walFd = null;
    },
  };
}
