/**
 * A letter whose stored log is long and was never compacted (a store written by something else,
 * or compaction that failed for a while): it opens with its whole text, and the server compacts it
 * to about the size of the letter's encoded state. Also the compaction policy in a live room: a
 * log is compacted once it outgrows the snapshot, so the store holds about twice the letter at most.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createUser } from '../../helpers/accounts';
import { openTestDatabase } from '../../helpers/database';
import { createLetter } from '../../helpers/letters';
import { createRandom } from '../../helpers/randomEdits';
import { useTestResources } from '../../helpers/resources';
import { engineDocStore } from '../../../server/collab/engineDocStore';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { appendParagraph, readStoredRoom } from '../../helpers/ydoc';

const resources = useTestResources();

/** `count` single-character edits (one in ten a backspace) on top of `base`, one update each. */
function keystrokes(base: Y.Doc, count: number, seed: number): Uint8Array[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const random = createRandom(seed);
  const text = new Y.XmlText();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [text]);
  doc.getXmlFragment('default').push([paragraph]);
  let cursor = 0;
  for (let i = 0; i < count; i += 1) {
    if (random.next() < 0.05) cursor = random.int(text.length + 1);
    if (cursor > 0 && random.next() < 0.1) {
      text.delete(cursor - 1, 1);
      cursor -= 1;
    } else {
      text.insert(cursor, 'abcdefghij'[i % 10] ?? 'x');
      cursor += 1;
    }
  }
  doc.destroy();
  return updates;
}

describe('long stored logs', () => {
  it('opens a 20,000-row log with its whole text and compacts it to about the size of the letter', async () => {
    const dataDir = await resources.tempDir();
    const first = await resources.startServer({ dataDir });
    const owner = await createUser(first);
    const letter = await createLetter(first, owner);
    const opener = resources.connect(first, letter.id, { session: owner });
    await waitForSynced(opener.provider);
    const expected = new Y.Doc();
    Y.applyUpdate(expected, Y.encodeStateAsUpdate(opener.doc));
    opener.provider.destroy();
    await first.stop();

    // Written straight into the log, one row per keystroke, while the server is down.
    const updates = keystrokes(expected, 20_000, 7);
    const database = await resources.openDatabase(dataDir);
    await engineDocStore(database).append(updates.map((update) => ({ room: letter.id, update })));
    await database.db.destroy();
    for (const update of updates) Y.applyUpdate(expected, update);

    const second = await resources.startServer({ dataDir });
    const reader = openTestDatabase(second.database);
    resources.defer(() => reader.close());
    expect((await readStoredRoom(reader, letter.id)).updateCount).toBeGreaterThan(20_000);
    const client = resources.connect(second, letter.id, { session: owner });
    await waitForSynced(client.provider);
    expect(client.doc.getXmlFragment('default').toString()).toBe(expected.getXmlFragment('default').toString());

    await waitUntil(async () => expect((await readStoredRoom(reader, letter.id)).updateCount).toBe(0));
    const stored = await readStoredRoom(reader, letter.id);
    expect(stored.doc.getXmlFragment('default').toString()).toBe(expected.getXmlFragment('default').toString());
    const snapshot = await reader.db.selectFrom('doc_snapshots').select(sql<number>`length(state)`.as('bytes')).where('room', '=', letter.id).executeTakeFirst();
    const snapshotBytes = snapshot?.bytes ?? 0;
    // Garbage-collected like a live document: deleted characters are not kept.
    expect(snapshotBytes).toBeLessThanOrEqual(Y.encodeStateAsUpdate(expected).byteLength * 1.1);
  });

  it('compacts a live room once its log outgrows the snapshot, so the store stays within about twice the letter', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const client = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(client.provider);
    const reader = openTestDatabase(server.database);
    resources.defer(() => reader.close());
    const storedBytes = async () => {
      const room = letter.id;
      const query = sql<{ bytes: number }>`SELECT (SELECT coalesce(sum(length(data)), 0) FROM doc_updates WHERE room = ${room}) + (SELECT coalesce(sum(length(state)), 0) FROM doc_snapshots WHERE room = ${room}) AS bytes`;
      return Number((await query.execute(reader.db)).rows[0]?.bytes ?? 0);
    };

    // Paragraphs of 8 KB, each its own commit, until well past the 64 KB floor.
    let peak = 0;
    for (let i = 0; i < 40; i += 1) {
      appendParagraph(client.doc, `${i} ${'w'.repeat(8 * 1024)}`);
      await waitUntil(async () => expect((await readStoredRoom(reader, letter.id)).doc.getXmlFragment('default').length).toBe(client.doc.getXmlFragment('default').length));
      peak = Math.max(peak, await storedBytes());
    }
    const letterBytes = Y.encodeStateAsUpdate(client.doc).byteLength;
    expect((await readStoredRoom(reader, letter.id)).hasSnapshot).toBe(true);
    // The log may reach the snapshot's size (plus the commit that crossed it) before compaction.
    expect(peak).toBeLessThanOrEqual(2 * letterBytes + 16 * 1024);
  });
});
