/**
 * Migration 0008 on a database that already holds what deleted letters left behind (log and
 * snapshot rows with no letter): it removes them, keeps every letter's body whole, keeps the log's
 * sequence above every snapshot's (SQLite rebuilds the tables), and from then on the body goes
 * with its letter. On both engines.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { engineDocStore } from '../../server/collab/engineDocStore';
import { DATABASE_FILE } from '../../server/db/database';
import { migrationProvider } from '../../server/db/migrations';
import type { Database } from '../../server/db/schema';
import { useTestResources } from '../helpers/resources';
import { appendParagraph, blockTexts } from '../helpers/ydoc';

const resources = useTestResources();

/** The last migration before the foreign keys. */
const BEFORE = '0007_postgres_compatibility';

/** Kysely on `dataDir`'s database (SQLite file or its PostgreSQL database), migrated only up to BEFORE. */
async function openBefore(dataDir: string): Promise<Kysely<Database>> {
  const url = await resources.databaseUrlFor(dataDir);
  const sqlite = url ? null : new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
  // As a writer that did not enforce foreign keys: rows of deleted letters can stay behind.
  sqlite?.pragma('foreign_keys = OFF');
  const db = sqlite
    ? new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
    : new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }) });
  const { error } = await new Migrator({ db, provider: migrationProvider(url ? 'postgres' : 'sqlite') }).migrateTo(BEFORE);
  if (error) throw error;
  return db;
}

/** One update that adds a paragraph to a fresh document. */
function paragraphUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  appendParagraph(doc, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('migration 0008: letter foreign keys', () => {
  it('removes what deleted letters left, keeps every letter whole, and deletes bodies with their letters from then on', async () => {
    const dataDir = await resources.tempDir();
    const old = await openBefore(dataDir);
    const [kept, orphan] = [randomUUID(), randomUUID()];
    const now = new Date().toISOString();
    await old.insertInto('letters').values({ id: kept, title: 'Kept', template: 'medical-advocacy', created_at: now, updated_at: now }).execute();
    // A compacted log: the snapshot covers sequence numbers the log no longer holds.
    await old
      .insertInto('doc_updates')
      .values([
        { room: kept, data: paragraphUpdate('first'), created_at: now },
        { room: orphan, data: paragraphUpdate('orphaned text'), created_at: now },
        { room: kept, data: paragraphUpdate('second'), created_at: now },
      ])
      .execute();
    const last = await old.selectFrom('doc_updates').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
    const snapshot = new Y.Doc();
    appendParagraph(snapshot, 'snapshot');
    await old.insertInto('doc_snapshots').values([{ room: kept, state: Y.encodeStateAsUpdate(snapshot), upto_seq: Number(last.seq) }, { room: orphan, state: paragraphUpdate('orphaned snapshot'), upto_seq: 1 }]).execute();
    await old.deleteFrom('doc_updates').execute();
    if (!process.env.DATABASE_URL) {
      // A version left by a letter deleted while foreign keys were off.
      await old.insertInto('letter_versions').values({ id: randomUUID(), letter_id: orphan, name: 'Orphan', kind: 'manual', created_by: null, created_at: now, state: paragraphUpdate('orphaned version') }).execute();
    }
    await old.destroy();

    const database = await resources.openDatabase(dataDir);
    const store = engineDocStore(database);
    expect(await store.load(orphan)).toEqual({ snapshot: null, updates: [] });
    expect(await database.db.selectFrom('letter_versions').select('id').where('letter_id', '=', orphan).execute()).toEqual([]);
    // A new update lands above the snapshot's sequence number, so loading still sees it.
    const result = await store.append([{ room: kept, update: paragraphUpdate('after the migration') }]);
    expect(result.refused.size).toBe(0);
    const stored = await store.load(kept);
    expect(stored.updates).toHaveLength(1);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    expect(blockTexts(doc).sort()).toEqual(['after the migration', 'snapshot']);

    await database.db.deleteFrom('letters').where('id', '=', kept).execute();
    expect(await store.load(kept)).toEqual({ snapshot: null, updates: [] });
  });
});
