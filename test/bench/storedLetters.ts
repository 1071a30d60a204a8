/**
 * Letters written straight into a server's own storage before it starts, and the size of what it
 * stores, for cold-open. Each server gets what its storage would hold after the same editing
 * trace: Casewrite an update log with one row per keystroke (the longest history it can have:
 * a log never compacted), Hocuspocus's SQLite extension the one document state it keeps.
 */
import path from 'node:path';
import { schema as hocuspocusSchema, upsertQuery as hocuspocusUpsert } from '@hocuspocus/extension-sqlite';
import BetterSqlite3 from 'better-sqlite3';
import { createSqliteDocStore } from '../../server/collab/sqliteDocStore';
import { DEFAULT_TEMPLATE_ID } from '../../shared/templates';
import { DATABASE_FILE, openDatabase } from '../../server/db/database';
import type { EditingTrace } from './letters';
import type { ServerKind } from './servers';

/** Where each server keeps its SQLite file inside the data folder (servers/*.ts). */
const DATABASE_FILES: Partial<Record<ServerKind['name'], string>> = {
  casewrite: DATABASE_FILE,
  hocuspocus: 'hocuspocus.sqlite',
};

/** Whether the bench knows how `kind` stores letters (the reference server and the relay keep nothing). */
export function storesLetters(kind: ServerKind): boolean {
  return kind.name in DATABASE_FILES;
}

/** Writes `trace` as letter `room` into the storage `kind` uses in `dataDir`. */
export async function seedLetter(kind: ServerKind, dataDir: string, room: string, trace: EditingTrace): Promise<void> {
  if (kind.name === 'casewrite') {
    // The server's own migrations and DocStore, so the rows are exactly what it would append.
    // No databaseUrl: every scenario but scale-out runs Casewrite on its embedded SQLite (servers.ts).
    const database = await openDatabase({ dataDir });
    try {
      if (!database.sqlite) throw new Error('cold-open expects the embedded SQLite database');
      // The store keeps edits only of rooms that are letters.
      const now = new Date().toISOString();
      await database.db.insertInto('letters').values({ id: room, title: 'Bench letter', template: DEFAULT_TEMPLATE_ID, created_at: now, updated_at: now }).execute();
      await createSqliteDocStore(database.sqlite).append(trace.updates.map((update) => ({ room, update })));
    } finally {
      await database.db.destroy();
    }
    return;
  }
  if (kind.name === 'hocuspocus') {
    const sqlite = new BetterSqlite3(databasePath(kind, dataDir));
    try {
      sqlite.exec(hocuspocusSchema);
      sqlite.prepare(hocuspocusUpsert).run({ name: room, data: trace.state });
    } finally {
      sqlite.close();
    }
    return;
  }
  throw new Error(`${kind.name} stores no letters`);
}

/** How many bytes of letter `room` `kind` keeps in `dataDir`, and in how many log rows. */
export function storedSize(kind: ServerKind, dataDir: string, room: string): { bytes: number; logRows: number } {
  const sqlite = new BetterSqlite3(databasePath(kind, dataDir), { readonly: true, fileMustExist: true });
  try {
    if (kind.name === 'casewrite') {
      const log = sqlite.prepare<[string], { rows: number; bytes: number | null }>('SELECT count(*) AS rows, sum(length(data)) AS bytes FROM doc_updates WHERE room = ?').get(room);
      const snapshot = sqlite.prepare<[string], { bytes: number | null }>('SELECT length(state) AS bytes FROM doc_snapshots WHERE room = ?').get(room);
      return { bytes: (log?.bytes ?? 0) + (snapshot?.bytes ?? 0), logRows: log?.rows ?? 0 };
    }
    const row = sqlite.prepare<[string], { bytes: number | null }>('SELECT length(data) AS bytes FROM documents WHERE name = ?').get(room);
    return { bytes: row?.bytes ?? 0, logRows: 0 };
  } finally {
    sqlite.close();
  }
}

function databasePath(kind: ServerKind, dataDir: string): string {
  const file = DATABASE_FILES[kind.name];
  if (!file) throw new Error(`${kind.name} stores no letters`);
  return path.join(dataDir, file);
}
