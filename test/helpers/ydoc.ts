/** Reading and editing letter bodies (Y.Docs) the way the editor stores them. */
import BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import { BODY_FRAGMENT } from '../../shared/protocol';

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

/** A stored room as read straight from the SQLite file: snapshot plus the later log, in seq order. */
export interface StoredRoomState {
  doc: Y.Doc;
  updateCount: number;
  hasSnapshot: boolean;
}

/**
 * Rebuilds a room's document from a SQLite file through `connection` (a separate, read-only
 * connection, so it sees only what the server has committed). Synchronous on purpose: it can run
 * inside a message handler, at the very moment an acknowledgement arrives.
 */
export function readStoredRoom(connection: BetterSqlite3.Database, room: string): StoredRoomState {
  const snapshot = connection
    .prepare<[string], { state: Uint8Array; upto_seq: number }>('SELECT state, upto_seq FROM doc_snapshots WHERE room = ?')
    .get(room);
  const updates = connection
    .prepare<[string, number], { data: Uint8Array }>('SELECT data FROM doc_updates WHERE room = ? AND seq > ? ORDER BY seq')
    .all(room, snapshot?.upto_seq ?? 0);
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, new Uint8Array(snapshot.state));
  for (const row of updates) Y.applyUpdate(doc, new Uint8Array(row.data));
  return { doc, updateCount: updates.length, hasSnapshot: snapshot !== undefined };
}

/** Opens a read-only connection to the server's database file, the way an outside reader would. */
export function openReadonlyDatabase(dbPath: string): BetterSqlite3.Database {
  return new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
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

/** The block texts of a room as stored in the SQLite file, read through a separate connection. */
export function storedTexts(dbPath: string, room: string): string[] {
  const reader = openReadonlyDatabase(dbPath);
  try {
    const stored = readStoredRoom(reader, room);
    const texts = blockTexts(stored.doc);
    stored.doc.destroy();
    return texts;
  } finally {
    reader.close();
  }
}
