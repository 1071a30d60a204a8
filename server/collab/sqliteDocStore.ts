/**
 * The embedded DocStore: an append-only update log and one snapshot per room in SQLite. Uses
 * better-sqlite3 directly, so a whole group commit is one synchronous transaction.
 */
import type BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import type { DocAppend, DocStore, LogSize, StoredDoc } from './docStore';

interface SnapshotRow {
  state: Uint8Array;
  upto_seq: number;
}

interface UpdateRow {
  seq: number;
  data: Uint8Array;
}

/** Creates the SQLite DocStore over an open, migrated database. */
export function createSqliteDocStore(sqlite: BetterSqlite3.Database): DocStore {
  const selectSnapshot = sqlite.prepare<[string], SnapshotRow>(
    'SELECT state, upto_seq FROM doc_snapshots WHERE room = ?',
  );
  const selectUpdates = sqlite.prepare<[string, number], UpdateRow>(
    'SELECT seq, data FROM doc_updates WHERE room = ? AND seq > ? ORDER BY seq',
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

  const appendAll = sqlite.transaction((batch: readonly DocAppend[]) => {
    for (const { room, update } of batch) insertUpdate.run(room, update);
  });

  const compactRoom = sqlite.transaction((room: string) => {
    const stored = readStored(room);
    if (stored.updates.length === 0) return;
    const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
    // mergeUpdates keeps every struct and delete (pending ones too), so the loaded document
    // is unchanged; it does not garbage-collect, which a live Y.Doc would do differently.
    upsertSnapshot.run(room, Y.mergeUpdates(parts), stored.lastSeq);
    deleteUpdatesUpTo.run(room, stored.lastSeq);
  });

  return {
    async load(room) {
      const { snapshot, updates } = readStored(room);
      return { snapshot, updates };
    },
    async append(batch) {
      if (batch.length > 0) appendAll(batch);
    },
    async logSize(room): Promise<LogSize> {
      const uptoSeq = selectSnapshot.get(room)?.upto_seq ?? 0;
      const row = selectLogSize.get(room, uptoSeq);
      return { count: row?.count ?? 0, bytes: row?.bytes ?? 0 };
    },
    async compact(room) {
      compactRoom(room);
    },
    async close() {
      // The database connection belongs to whoever opened it.
    },
  };
}
