/**
 * The DocStores over real, migrated databases: loading, group-commit appends, and compaction that
 * never changes the loaded document. The contract runs against the SQLite store always and against
 * the PostgreSQL store when DATABASE_URL names a cluster (each test on a fresh database there);
 * the PostgreSQL store is also run from two instances at once, and killed mid-compaction.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { onCluster as onClusterAt } from '../helpers/postgres';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocStore, StoredDoc } from '../../server/collab/docStore';
import { engineDocStore } from '../../server/collab/engineDocStore';
import { openDatabase } from '../../server/db/database';
import type { OpenDatabase } from '../../server/db/database';
import { randomHistory } from '../helpers/randomEdits';
import { blockTexts, bodyOf } from '../helpers/ydoc';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An open store; `reopen` opens the same database again (another instance, or after a restart). */
interface OpenStore {
  store: DocStore;
  database: OpenDatabase;
  close(): Promise<void>;
  reopen(): Promise<OpenStore>;
}

/** Opens the store over `options`' database, closed after the test. */
async function openStoreOn(options: { dataDir: string; databaseUrl?: string }): Promise<OpenStore> {
  const database = await openDatabase(options);
  const store = asLetters(engineDocStore(database), database);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await store.close();
    await database.db.destroy();
  };
  cleanups.push(close);
  return { store, database, close, reopen: () => openStoreOn(options) };
}

/**
 * The store, with a letter row made for each room before its first append: a room is a letter,
 * and the store keeps no edits of a room without one (that refusal has tests of its own below).
 */
function asLetters(store: DocStore, database: OpenDatabase): DocStore {
  const known = new Set<string>();
  return {
    ...store,
    async append(batch) {
      for (const { room } of batch) {
        if (typeof room !== 'string' || known.has(room)) continue;
        await insertLetterRow(database, room);
        known.add(room);
      }
      return store.append(batch);
    },
  };
}

/** A letter row named `room` (no owner: the store needs only the row). */
async function insertLetterRow(database: OpenDatabase, room: string, status = 'draft'): Promise<void> {
  const now = new Date().toISOString();
  await database.db
    .insertInto('letters')
    .values({ id: room, title: 'Letter', template: 'medical-advocacy', status, created_at: now, updated_at: now })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
}

/** A fresh SQLite database in its own temporary directory, removed after the test. */
async function openSqliteStore(): Promise<OpenStore> {
  const dir = await mkdtemp(path.join(tmpdir(), 'casewrite-docstore-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return openStoreOn({ dataDir: dir });
}

/** The cluster the PostgreSQL tests run on, or null (they are skipped). */
const clusterUrl = process.env.DATABASE_URL ? process.env.DATABASE_URL : null;

/** `clusterUrl` with another database name. */
function urlOf(database: string): string {
  const url = new URL(clusterUrl ?? '');
  url.pathname = `/${database}`;
  return url.toString();
}

function onCluster<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return onClusterAt(clusterUrl ?? '', work);
}

/** A migrated database that each test's fresh database is copied from (faster than migrating each). */
let template: Promise<string> | null = null;

function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = `cw_docstore_template_${randomUUID().replaceAll('-', '')}`;
    await onCluster((client) => client.query(`CREATE DATABASE ${name}`));
    const database = await openDatabase({ dataDir: tmpdir(), databaseUrl: urlOf(name) });
    await database.db.destroy(); // a template must have no connections when it is copied
    return name;
  })();
  return template;
}

afterAll(async () => {
  if (!template) return;
  const name = await template;
  await onCluster((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
});

/** A fresh PostgreSQL database on the cluster (CREATE DATABASE with a random name), dropped after the test. */
async function freshPostgresUrl(): Promise<string> {
  const name = `cw_docstore_${randomUUID().replaceAll('-', '')}`;
  const from = await migratedTemplate();
  await onCluster((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${from}`));
  // Registered first, so it runs last: after every store on it has closed.
  cleanups.push(() => onCluster((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined));
  return urlOf(name);
}

async function openPostgresStore(): Promise<OpenStore> {
  return openStoreOn({ dataDir: tmpdir(), databaseUrl: await freshPostgresUrl() });
}

const engines = [
  { engine: 'SQLite', openStore: openSqliteStore, enabled: true },
  { engine: 'PostgreSQL', openStore: openPostgresStore, enabled: clusterUrl !== null },
];

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

describe.each(engines)('$engine DocStore', ({ engine, openStore, enabled }) => {
  if (!enabled) {
    it.skip(`needs DATABASE_URL to run on ${engine}`, () => {});
    return;
  }

  it('stores no edits of a letter that is gone or sent, and stores the rest of the batch', async () => {
    const { store, database } = await openStore();
    const [open, sent, gone] = [newRoom(), newRoom(), newRoom()];
    await insertLetterRow(database, open);
    await insertLetterRow(database, sent, 'sent');
    const update = randomHistory(7, 1).updates[0] ?? new Uint8Array();
    // The bare store: no letter rows made for it.
    const bare = engineDocStore(database);
    const result = await bare.append([open, sent, gone].map((room) => ({ room, update })));
    expect(Object.fromEntries(result.refused)).toEqual({ [sent]: 'sent', [gone]: 'gone' });
    expect((await store.load(open)).updates).toHaveLength(1);
    expect(await store.load(sent)).toEqual({ snapshot: null, updates: [] });
    expect(await store.load(gone)).toEqual({ snapshot: null, updates: [] });
  });

  it('deletes a room inside a transaction with its letter row, and reads it inside one', async () => {
    const { store, database } = await openStore();
    const [room, other] = [newRoom(), newRoom()];
    await appendInBatches(store, room, randomHistory(8, 30).updates);
    await appendInBatches(store, other, randomHistory(9, 5).updates);
    await store.compact(room);
    await appendInBatches(store, room, randomHistory(10, 3).updates);
    const expected = await store.load(room);
    expect(await database.db.transaction().execute((trx) => store.loadForUpdate(trx, room))).toEqual(expected);
    await database.db.transaction().execute(async (trx) => {
      await store.delete(trx, room);
      await trx.deleteFrom('letters').where('id', '=', room).execute();
    });
    expect(await store.load(room)).toEqual({ snapshot: null, updates: [] });
    expect((await store.load(other)).updates).toHaveLength(5);
    // Later edits of the deleted letter are refused, not stored again.
    const result = await engineDocStore(database).append([{ room, update: randomHistory(11, 1).updates[0] ?? new Uint8Array() }]);
    expect(result.refused.get(room)).toBe('gone');
    expect(await store.load(room)).toEqual({ snapshot: null, updates: [] });
    await store.scrub();
  });

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
      // Deliberately ill-typed: a NULL update violates the schema, so the database must refuse the transaction.
      { room: good, update: null as unknown as Uint8Array },
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

    const reopened = await first.reopen();
    const stored = await reopened.store.load(room);
    expect(stored.snapshot).not.toBeNull();
    expect(stored.updates).toEqual(updates.slice(50));
    expectSameDocument(docFrom(stored), reference, 'after reopening');
  });
});

/** Appends `updates` one small batch at a time, as an instance's group commit would. */
async function appendEach(store: DocStore, room: string, updates: readonly Uint8Array[]): Promise<void> {
  for (let i = 0; i < updates.length; i += 3) await store.append(updates.slice(i, i + 3).map((update) => ({ room, update })));
}

/**
 * The backend of the connection (on `database`) whose query starts with `prefix` and waits for a
 * lock, once there is one. Asked on a connection of its own each time: inside a transaction,
 * pg_stat_activity would keep showing what it showed first.
 */
async function waitingBackend(database: string, prefix: string): Promise<number> {
  for (;;) {
    const { rows } = await onCluster((client) =>
      client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE $2`, [
        database,
        `${prefix}%`,
      ]),
    );
    if (rows[0]) return rows[0].pid;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The URL and database name a PostgreSQL store was opened on. */
function postgresDatabaseOf(opened: OpenStore): { url: string; name: string } {
  const { location } = opened.database;
  if (location.engine !== 'postgres') throw new Error('not a PostgreSQL store');
  return { url: location.url, name: new URL(location.url).pathname.slice(1) };
}

describe.skipIf(clusterUrl === null)('PostgreSQL DocStore shared by several instances', () => {
  it('loses no update while two instances append to one room and one of them compacts again and again', async () => {
    const first = await openPostgresStore();
    const second = await first.reopen(); // another pool: another instance
    const room = newRoom();
    const { updates, reference } = randomHistory(31, 600);
    // Each instance appends every other update; the updates of one history in any order make the same document.
    const mine = updates.filter((_, index) => index % 2 === 0);
    const theirs = updates.filter((_, index) => index % 2 === 1);
    let appending = true;
    let compactions = 0;
    const compacting = (async () => {
      while (appending) {
        await second.store.compact(room);
        compactions += 1;
      }
    })();
    await Promise.all([appendEach(first.store, room, mine), appendEach(second.store, room, theirs)]);
    appending = false;
    await compacting;

    expect(compactions, 'compaction must have run while the appends did').toBeGreaterThan(1);
    for (const { store } of [first, second]) expectSameDocument(docFrom(await store.load(room)), reference, 'after concurrent appends and compactions');
    await first.store.compact(room);
    expectSameDocument(docFrom(await second.store.load(room)), reference, 'after a final compaction');
    expect(await first.store.logSize(room)).toMatchObject({ count: 0, bytes: 0 });
  });

  it('two instances compacting the same room at once leave the same document', async () => {
    const first = await openPostgresStore();
    const second = await first.reopen();
    const room = newRoom();
    const { updates, reference } = randomHistory(32, 300);
    for (let round = 0; round < 3; round += 1) {
      await appendInBatches(first.store, room, updates.slice(round * 100, (round + 1) * 100));
      await Promise.all([first.store.compact(room), second.store.compact(room), first.store.compact(room)]);
      const stored = await second.store.load(room);
      expect(stored.updates, `round ${round}`).toEqual([]);
      expect(await first.store.load(room), `round ${round}: both instances load the same`).toEqual(stored);
    }
    expectSameDocument(docFrom(await first.store.load(room)), reference, 'after simultaneous compactions');
  });

  it('a compaction whose connection is killed before it commits leaves the stored document intact', async () => {
    const opened = await openPostgresStore();
    const room = newRoom();
    const { updates, reference } = randomHistory(33, 200);
    await appendInBatches(opened.store, room, updates.slice(0, 120));
    await opened.store.compact(room);
    await appendInBatches(opened.store, room, updates.slice(120));
    const before = await opened.store.load(room);

    const { url, name } = postgresDatabaseOf(opened);
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    try {
      // Hold a lock on one logged row: the compaction writes its new snapshot, then waits at the
      // DELETE of the log, in the middle of its transaction, until we kill its connection.
      await blocker.query('BEGIN');
      await blocker.query('SELECT seq FROM doc_updates WHERE room = $1 ORDER BY seq DESC LIMIT 1 FOR UPDATE', [room]);
      const compaction = opened.store.compact(room);
      const settled = compaction.then(
        () => null,
        (error: unknown) => error,
      );
      const pid = await waitingBackend(name, 'DELETE FROM doc_updates');
      await onCluster((client) => client.query('SELECT pg_terminate_backend($1)', [pid]));
      expect(await settled, 'the killed compaction must fail').toBeInstanceOf(Error);
      await blocker.query('ROLLBACK');
    } finally {
      await blocker.end();
    }

    // Nothing of it was stored: the same snapshot and log as before, the same document.
    expect(await opened.store.load(room)).toEqual(before);
    expectSameDocument(docFrom(await opened.store.load(room)), reference, 'after the killed compaction');
    // The store goes on working (the broken connection left the pool) and compacts normally.
    await opened.store.compact(room);
    expect((await opened.store.load(room)).updates).toEqual([]);
    expectSameDocument(docFrom(await opened.store.load(room)), reference, 'after compacting again');
  });

  it('an append waits for a compaction of its room in progress, then lands after it', async () => {
    const opened = await openPostgresStore();
    const room = newRoom();
    const { updates, reference } = randomHistory(34, 60);
    await appendInBatches(opened.store, room, updates.slice(0, 50));
    const { url, name } = postgresDatabaseOf(opened);
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT seq FROM doc_updates WHERE room = $1 ORDER BY seq DESC LIMIT 1 FOR UPDATE', [room]);
      // The compaction holds the room's lock while it waits on our row lock; the append must wait for it.
      const compaction = opened.store.compact(room);
      await waitingBackend(name, 'DELETE FROM doc_updates');
      let appended = false;
      const append = opened.store.append(updates.slice(50).map((update) => ({ room, update }))).then(() => {
        appended = true;
      });
      await waitingBackend(name, 'SELECT pg_advisory_xact_lock_shared');
      expect(appended).toBe(false);
      await blocker.query('COMMIT');
      await Promise.all([compaction, append]);
    } finally {
      await blocker.end();
    }
    const stored = await opened.store.load(room);
    expect(stored.updates).toEqual(updates.slice(50));
    expectSameDocument(docFrom(stored), reference, 'append after compaction');
  });
});
