/** Reading and editing letter bodies (Y.Docs) the way the editor stores them, and as the server's database holds them. */
import type BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import type { DatabaseLocation } from '../../server/db/database';
import { BODY_FRAGMENT } from '../../shared/protocol';
import { type TestDatabase, withTestDatabase } from './database';

/** The letter body of a Y.Doc. */
export function bodyOf(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(BODY_FRAGMENT);
}

/** The text of every top-level block (heading, paragraph) of a body, in order. */
export function blockTexts(doc: Y.Doc): string[] {
  return bodyOf(doc)
    .toArray()
    .map((node) => textOf(node));
}

/** All text of one node, depth first, ignoring formatting. */
function textOf(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) {
    return node
      .toDelta()
      .map((op: { insert?: unknown }) => (typeof op.insert === 'string' ? op.insert : ''))
      .join('');
  }
  if (node instanceof Y.XmlElement) return node.toArray().map((child) => textOf(child)).join('');
  return '';
}

/** Appends a paragraph holding `text` to the end of the body, in one transaction. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(text)]);
    bodyOf(doc).push([paragraph]);
  });
}

/** A stored room as read straight from the database: snapshot plus the later log, in seq order. */
export interface StoredRoomState {
  doc: Y.Doc;
  updateCount: number;
  hasSnapshot: boolean;
}

/** A room's rows as stored. */
interface StoredRows {
  snapshot: { state: Uint8Array; upto_seq: number } | undefined;
  updates: { data: Uint8Array }[];
}

/**
 * Rebuilds a room's document from the database through `reader` (a separate connection, so it
 * sees only what the server has committed), snapshot and log from one consistent view.
 *
 * Called from a message handler, it reads what was stored at that moment: on SQLite the read is
 * done before this returns (synchronously, so the server, in this process, cannot commit in
 * between); on PostgreSQL the query is sent at once and sees at least everything committed
 * before the call.
 */
export function readStoredRoom(reader: TestDatabase, room: string): Promise<StoredRoomState> {
  if (reader.sqlite) {
    try {
      return Promise.resolve(roomStateOf(readSqliteRows(reader.sqlite, room)));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return readRowsInOneView(reader, room).then(roomStateOf);
}

function readSqliteRows(sqlite: BetterSqlite3.Database, room: string): StoredRows {
  return sqlite.transaction((): StoredRows => {
    const snapshot = sqlite
      .prepare<[string], { state: Uint8Array; upto_seq: number }>('SELECT state, upto_seq FROM doc_snapshots WHERE room = ?')
      .get(room);
    const updates = sqlite
      .prepare<[string, number], { data: Uint8Array }>('SELECT data FROM doc_updates WHERE room = ? AND seq > ? ORDER BY seq')
      .all(room, snapshot?.upto_seq ?? 0);
    return { snapshot, updates };
  })();
}

/** Snapshot and log in one REPEATABLE READ transaction: a compaction cannot fall between the two reads. */
function readRowsInOneView(reader: TestDatabase, room: string): Promise<StoredRows> {
  return reader.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const snapshot = await trx.selectFrom('doc_snapshots').select(['state', 'upto_seq']).where('room', '=', room).executeTakeFirst();
      const updates = await trx
        .selectFrom('doc_updates')
        .select('data')
        .where('room', '=', room)
        .where('seq', '>', snapshot?.upto_seq ?? 0)
        .orderBy('seq')
        .execute();
      return { snapshot, updates };
    });
}

function roomStateOf({ snapshot, updates }: StoredRows): StoredRoomState {
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, new Uint8Array(snapshot.state));
  for (const row of updates) Y.applyUpdate(doc, new Uint8Array(row.data));
  return { doc, updateCount: updates.length, hasSnapshot: snapshot !== undefined };
}

/** True when every client's clock in `required` is reached by `actual`. */
export function stateVectorCovers(actual: Map<number, number>, required: Map<number, number>): boolean {
  for (const [client, clock] of required) {
    if ((actual.get(client) ?? 0) < clock) return false;
  }
  return true;
}

/** The text of every top-level heading of a body, in order. */
export function headingTexts(doc: Y.Doc): string[] {
  return bodyOf(doc)
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'heading')
    .map((node) => textOf(node));
}

/** The block texts of a room as stored in the server's database, read through a separate connection. */
export async function storedTexts(location: DatabaseLocation, room: string): Promise<string[]> {
  return withTestDatabase(location, async (reader) => {
    const stored = await readStoredRoom(reader, room);
    const texts = blockTexts(stored.doc);
    stored.doc.destroy();
    return texts;
  });
}
