/**
 * Deleting a letter deletes it: its body's log and snapshot, versions, comments, case, sends and
 * every other row about it go in one transaction, on both engines, and on SQLite nothing of its
 * title, case or text is left in the database file or its write-ahead log. Only the audit log's
 * entries (metadata, never text) remain. Sockets on it close, and its room stores nothing again.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CloseReason } from '../../../shared/protocol';
import { createUser } from '../../helpers/accounts';
import { anchorOver, postThread, requireXmlText, threadBody } from '../../helpers/comments';
import { openTestDatabase } from '../../helpers/database';
import type { TestDatabase } from '../../helpers/database';
import { requestJson } from '../../helpers/http';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { createControlledStore } from '../../helpers/stores';
import type { TestServer } from '../../helpers/resources';
import { blockText, bodyString, saveVersion, storedBody } from '../../helpers/versions';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { moveToStatus, patchCase, watchProviderCloses } from '../../helpers/workspace';

const resources = useTestResources();

/** Columns that name a letter, whatever the table: the rows they are in belong to it. */
const LETTER_COLUMNS = new Set(['letter_id', 'room', 'spotlight_letter_id']);

/** Every (table, column) of the database that names a letter, the audit log aside (it keeps its entries by design). */
async function letterColumns(reader: TestDatabase): Promise<[string, string][]> {
  const found: [string, string][] = [];
  if (reader.sqlite) {
    const tables = reader.sqlite.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
    for (const { name } of tables) {
      for (const column of reader.sqlite.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`).all()) {
        if (LETTER_COLUMNS.has(column.name)) found.push([name, column.name]);
      }
    }
  } else {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`.execute(reader.db);
    for (const row of rows) if (LETTER_COLUMNS.has(row.column_name)) found.push([row.table_name, row.column_name]);
  }
  return [['letters', 'id'], ...found.filter(([table]) => table !== 'audit_log')];
}

/** How many rows of each table name the letter, for those that have any. */
async function rowsAbout(server: TestServer, letterId: string): Promise<Record<string, number>> {
  const reader = openTestDatabase(server.database);
  try {
    const counts: Record<string, number> = {};
    for (const [table, column] of await letterColumns(reader)) {
      const { rows } = await sql<{ count: number }>`SELECT count(*) AS count FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${letterId}`.execute(reader.db);
      const count = Number(rows[0]?.count ?? 0);
      if (count > 0) counts[`${table}.${column}`] = count;
    }
    return counts;
  } finally {
    await reader.close();
  }
}

/** The sequence number the letter's stored snapshot covers (0 without one). */
async function snapshotUpto(server: TestServer, letterId: string): Promise<number> {
  const reader = openTestDatabase(server.database);
  try {
    const row = await reader.db.selectFrom('doc_snapshots').select('upto_seq').where('room', '=', letterId).executeTakeFirst();
    return Number(row?.upto_seq ?? 0);
  } finally {
    await reader.close();
  }
}

/** Which of `needles` occur in the SQLite database's files (the database, its write-ahead log and shared memory). */
async function stringsInFiles(file: string, needles: readonly string[]): Promise<string[]> {
  const contents = await Promise.all(['', '-wal', '-shm'].map((suffix) => readFile(`${file}${suffix}`).catch(() => Buffer.alloc(0))));
  return needles.filter((needle) => contents.some((bytes) => bytes.includes(Buffer.from(needle, 'utf8'))));
}

/** A word no other test writes. */
const unique = (label: string): string => `${label}${randomUUID().replaceAll('-', '')}`;

describe('deleting a letter', () => {
  it('removes its body, versions, comments, case, sends and every row about it; only audit metadata remains', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const title = unique('Title');
    const personName = unique('Person');
    const bodyWords = unique('Body');
    const letter = await createLetter(server, owner, { title });
    await patchCase(server, owner, letter.id, { fullName: personName, recipientName: unique('Recipient') });
    const writer = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(writer.provider);
    const closes = watchProviderCloses(writer.provider);
    // The unique words in one edit (one row holds them whole), then keystrokes after them.
    blockText(writer.doc, 1).insert(0, `${bodyWords} `);
    for (const char of 'typed one key at a time') blockText(writer.doc, 1).insert(blockText(writer.doc, 1).length, char);
    await waitUntil(async () => expect(await storedBody(server.database, letter.id)).toBe(bodyString(writer.doc)));
    // Long enough to be compacted, twice: the first snapshot (with the words) is replaced, and the
    // pages it took are freed long before the letter is deleted.
    let upto = 0;
    for (const [block, repeats] of [[3, 12_000], [5, 30_000]] as const) {
      blockText(writer.doc, block).insert(0, 'filler '.repeat(repeats));
      const before = upto;
      await waitUntil(async () => expect((upto = await snapshotUpto(server, letter.id))).toBeGreaterThan(before), 15_000);
    }
    await waitUntil(async () => expect(await storedBody(server.database, letter.id)).toBe(bodyString(writer.doc)));
    await saveVersion(server, owner, letter.id, 'Before review');
    await postThread(server, owner, letter.id, threadBody({ anchor: anchorOver(requireXmlText(writer.doc, bodyWords), bodyWords), quote: bodyWords, body: unique('Comment') }));
    const other = await createLetter(server, owner);
    await moveToStatus(server, owner, other.id, 'sent');

    const before = await rowsAbout(server, letter.id);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['letters.id', 'doc_snapshots.room', 'letter_versions.letter_id', 'comment_threads.letter_id', 'case_details.letter_id']));
    const secrets = [title, personName, bodyWords];
    if (server.database.engine === 'sqlite') expect(await stringsInFiles(server.database.path, secrets)).toEqual(secrets);

    const response = await requestJson(server, `/api/letters/${letter.id}`, { method: 'DELETE', session: owner });
    expect(response.status).toBe(204);
    await waitUntil(() => expect(closes.codes).toContain(CloseReason.noSuchRoom.code));

    const rowsLeft = await rowsAbout(server, letter.id);
    // `letters.id` and the rest: nothing names the letter but the audit log.
    expect(rowsLeft).toEqual({});
    expect(await rowsAbout(server, other.id)).toMatchObject({ 'letters.id': 1, 'letter_sends.letter_id': 1 });
    if (server.database.engine === 'sqlite') expect(await stringsInFiles(server.database.path, secrets)).toEqual([]);
    // Edits a client still sends are stored nowhere (the store refuses them: the letter is gone).
    expect(server.rooms.has(letter.id)).toBe(false);
  });

  it('an edit still being stored when the letter is deleted does not bring its rows back', async () => {
    const store = createControlledStore();
    const server = await resources.startServer({ wrapDocStore: store.wrap });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const writer = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(writer.provider);
    const appendsBefore = store.appendCalls.length;
    const held = store.holdAppends();
    blockText(writer.doc, 1).insert(0, unique('Late'));
    await waitUntil(() => expect(store.appendCalls.slice(appendsBefore).flat()).toContain(letter.id));
    const response = await requestJson(server, `/api/letters/${letter.id}`, { method: 'DELETE', session: owner });
    expect(response.status).toBe(204);
    held.open();
    await waitUntil(() => expect(server.rooms.has(letter.id)).toBe(false));
    // The held append has run by now: a later one (another letter's) is stored after it.
    const other = await createLetter(server, owner);
    await waitUntil(async () => expect((await storedBody(server.database, other.id)).length).toBeGreaterThan(0));
    expect(await rowsAbout(server, letter.id)).toEqual({});
  });
});
