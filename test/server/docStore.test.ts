/**
 * The SQLite DocStore (server/collab/sqliteDocStore.ts) over a real, migrated database file:
 * loading, group-commit appends, and compaction that never changes the loaded document.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocStore, StoredDoc } from '../../server/collab/docStore';
import { createSqliteDocStore } from '../../server/collab/sqliteDocStore';
import { openDatabase } from '../../server/db/database';
import type { OpenDatabase } from '../../server/db/database';
import { randomHistory } from '../helpers/randomEdits';
import { blockTexts, bodyOf } from '../helpers/ydoc';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Opens a fresh database in its own temporary directory, closed and removed after the test. */
async function openStore(dataDir?: string): Promise<{ store: DocStore; database: OpenDatabase; dataDir: string; close(): Promise<void> }> {
  const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'casewrite-docstore-')));
  if (dataDir === undefined) cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const database = await openDatabase(dir);
  const store = createSqliteDocStore(database.sqlite);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await store.close();
    await database.db.destroy();
  };
  cleanups.push(close);
  return { store, database, dataDir: dir, close };
}

/** A fresh room name, so rooms never collide between tests. */
const newRoom = (): string => randomUUID();

/** Builds the document a StoredDoc describes, the way a room loads it. */
function docFrom(stored: StoredDoc): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Asserts two documents are the same document: clocks, deletions and every shared type's content. */
function expectSameDocument(actual: Y.Doc, expected: Y.Doc, message: string): void {
  expect(Y.encodeStateVector(actual), message).toEqual(Y.encodeStateVector(expected));
  expect(Y.equalSnapshots(Y.snapshot(actual), Y.snapshot(expected)), `${message}: delete sets differ`).toBe(true);
  expect(bodyOf(actual).toString(), message).toBe(bodyOf(expected).toString());
  expect(blockTexts(actual), message).toEqual(blockTexts(expected));
  expect(actual.getText('notes').toString(), message).toBe(expected.getText('notes').toString());
  expect(actual.getMap('meta').toJSON(), message).toEqual(expected.getMap('meta').toJSON());
}

/** Appends updates in batches of varying size, as group commit would. */
async function appendInBatches(store: DocStore, room: string, updates: readonly Uint8Array[]): Promise<void> {
  for (let i = 0; i < updates.length; ) {
    const size = 1 + (i % 4);
    await store.append(updates.slice(i, i + size).map((update) => ({ room, update })));
    i += size;
  }
}

describe('SQLite DocStore', () => {
  it('loads an unknown room as empty', async () => {
    const { store } = await openStore();
    const room = newRoom();
    expect(await store.load(room)).toEqual({ snapshot: null, updates: [] });
    expect(await store.logSize(room)).toEqual({ count: 0, bytes: 0, snapshotBytes: 0 });
  });

  it('returns appended updates byte for byte, in append order', async () => {
    const { store } = await openStore();
    const room = newRoom();
    const { updates } = randomHistory(11, 40);
    await appendInBatches(store, room, updates);
    const stored = await store.load(room);
    expect(stored.snapshot).toBeNull();
    expect(stored.updates).toEqual(updates);
    expect(await store.logSize(room)).toEqual({ count: updates.length, bytes: updates.reduce((sum, u) => sum + u.byteLength, 0), snapshotBytes: 0 });
  });

  it.each([1, 2, 3, 42, 1234])('compaction yields the identical document (seed %i)', async (seed) => {
    const { store } = await openStore();
    const room = newRoom();
    const { updates, reference } = randomHistory(seed, 300);
    await appendInBatches(store, room, updates);

    const before = docFrom(await store.load(room));
    expectSameDocument(before, reference, `seed ${seed}, before compaction`);
    expect(blockTexts(before).join('').length, `seed ${seed}: the history must produce text`).toBeGreaterThan(0);

    await store.compact(room);

    const compacted = await store.load(room);
    expect(compacted.snapshot).not.toBeNull();
    expect(compacted.updates).toEqual([]);
    expect(await store.logSize(room)).toEqual({ count: 0, bytes: 0, snapshotBytes: compacted.snapshot?.byteLength });
    expectSameDocument(docFrom(compacted), before, `seed ${seed}, after compaction`);

    // Editing continues on top of the snapshot: later appends load, and a second compaction keeps them.
    const editor = docFrom(compacted);
    const later: Uint8Array[] = [];
    editor.on('update', (update: Uint8Array) => later.push(update));
    editor.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(`added after compaction ${seed}`)]);
      bodyOf(editor).push([paragraph]);
    });
    editor.getText('notes').insert(0, 'late note ');
    await appendInBatches(store, room, later);

    const afterAppend = await store.load(room);
    expect(afterAppend.updates).toHaveLength(later.length);
    expectSameDocument(docFrom(afterAppend), editor, `seed ${seed}, appends after compaction`);
    expect(blockTexts(docFrom(afterAppend)).at(-1)).toBe(`added after compaction ${seed}`);

    await store.compact(room);
    expectSameDocument(docFrom(await store.load(room)), editor, `seed ${seed}, second compaction`);
    expect(await store.logSize(room)).toMatchObject({ count: 0, bytes: 0 });
  });

  it('compaction keeps a history appended out of causal order', async () => {
    const { store } = await openStore();
    const room = newRoom();
    const { updates, reference } = randomHistory(7, 120);
    // Reverse order: most updates depend on ones not stored yet, so they stay pending until the end.
    const reversed = [...updates].reverse();
    await store.append(reversed.slice(0, 60).map((update) => ({ room, update })));
    await store.compact(room);
    await store.append(reversed.slice(60).map((update) => ({ room, update })));
    await store.compact(room);
    expectSameDocument(docFrom(await store.load(room)), reference, 'reversed history');
  });

  it('compacting one room leaves other rooms and empty rooms untouched', async () => {
    const { store } = await openStore();
    const [compacted, untouched, empty] = [newRoom(), newRoom(), newRoom()];
    const first = randomHistory(21, 30).updates;
    const second = randomHistory(22, 30).updates;
    await store.append(first.map((update) => ({ room: compacted, update })));
    await store.append(second.map((update) => ({ room: untouched, update })));

    await store.compact(compacted);
    await store.compact(empty);

    expect(await store.load(untouched)).toEqual({ snapshot: null, updates: second });
    expect(await store.load(empty)).toEqual({ snapshot: null, updates: [] });
    expect((await store.load(compacted)).updates).toEqual([]);
  });

  it('appends a batch spanning several rooms in one call, each room loading its own updates in order', async () => {
    const { store } = await openStore();
    const rooms = [newRoom(), newRoom(), newRoom()];
    const histories = rooms.map((_, index) => randomHistory(100 + index, 12).updates);
    // Interleave the rooms' updates, as one event-loop turn of group commit would.
    const batch = histories.flatMap((updates, roomIndex) => updates.map((update, order) => ({ order, roomIndex, update })))
      .sort((a, b) => a.order - b.order || a.roomIndex - b.roomIndex)
      .map(({ roomIndex, update }) => ({ room: rooms[roomIndex] ?? '', update }));
    await store.append(batch);
    for (const [index, room] of rooms.entries()) {
      expect(await store.load(room)).toEqual({ snapshot: null, updates: histories[index] });
    }
  });

  it('stores none of a batch when one entry cannot be stored', async () => {
    const { store } = await openStore();
    const good = newRoom();
    const [update] = randomHistory(5, 1).updates;
    expect(update).toBeDefined();
    const first = update ?? new Uint8Array();
    const batch = [
      { room: good, update: first },
      // Deliberately ill-typed: a NULL room violates the schema, so the database must refuse the transaction.
      { room: null as unknown as string, update: first },
    ];
    await expect(store.append(batch)).rejects.toThrow();
    expect(await store.load(good)).toEqual({ snapshot: null, updates: [] });
  });

  it('keeps snapshot and log across closing and reopening the database', async () => {
    const first = await openStore();
    const room = newRoom();
    const { updates, reference } = randomHistory(77, 80);
    await first.store.append(updates.slice(0, 50).map((update) => ({ room, update })));
    await first.store.compact(room);
    await first.store.append(updates.slice(50).map((update) => ({ room, update })));
    await first.close();

    const reopened = await openStore(first.dataDir);
    const stored = await reopened.store.load(room);
    expect(stored.snapshot).not.toBeNull();
    expect(stored.updates).toEqual(updates.slice(50));
    expectSameDocument(docFrom(stored), reference, 'after reopening');
  });
});
