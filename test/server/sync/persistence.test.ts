/**
 * What clients wrote survives the server: a restart on the same data directory, a close() that
 * happens while a commit is still in flight (what SIGTERM does), and compaction of a live room.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseReason } from '../../../shared/protocol';
import { medicalAdvocacyTemplate } from '../../../shared/templates';
import { trackAcks } from '../../helpers/acks';
import { createUser } from '../../helpers/accounts';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { startOwnerRoom } from '../../helpers/rooms';
import { createControlledStore } from '../../helpers/stores';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { openTestDatabase } from '../../helpers/database';
import { appendParagraph, blockTexts, headingTexts, readStoredRoom } from '../../helpers/ydoc';

const resources = useTestResources();
const templateHeadings = medicalAdvocacyTemplate.sections.map((section) => section.heading);

describe('persistence', () => {
  it('content survives closing the server and starting it again on the same data directory', async () => {
    const dataDir = await resources.tempDir();
    const { server: first, owner, letter, alice, bob } = await startOwnerRoom(resources, { dataDir });
    const texts = [`before restart ${randomUUID()}`, `also before restart ${randomUUID()}`];
    appendParagraph(alice.doc, texts[0] ?? '');
    appendParagraph(bob.doc, texts[1] ?? '');
    await waitUntil(() => expect(blockTexts(alice.doc)).toEqual(blockTexts(bob.doc)));
    const observer = resources.rawSocket(`${first.syncUrl}/${letter.id}`, { session: owner });
    await waitUntil(() => expect(observer.frames.length).toBeGreaterThan(0));

    await first.stop();
    expect((await observer.closed).code).toBe(CloseReason.goingAway.code);
    alice.provider.destroy();
    bob.provider.destroy();

    const second = await resources.startServer({ dataDir });
    expect(second.rooms.size).toBe(0);
    const carol = resources.connect(second, letter.id, { session: owner });
    await waitForSynced(carol.provider);
    expect(headingTexts(carol.doc)).toEqual(templateHeadings);
    expect(blockTexts(carol.doc)).toEqual(blockTexts(alice.doc));
  });

  it('close() waits for a commit in flight before closing the database', async () => {
    const dataDir = await resources.tempDir();
    const store = createControlledStore();
    const first = await resources.startServer({ dataDir, wrapDocStore: store.wrap });
    const owner = await createUser(first);
    const letter = await createLetter(first, owner);
    const alice = resources.connect(first, letter.id, { session: owner });
    await waitForSynced(alice.provider);

    const held = store.holdAppends();
    const appendsBefore = store.appendCalls.length;
    const text = `in flight at shutdown ${randomUUID()}`;
    appendParagraph(alice.doc, text);
    await waitUntil(() => expect(store.appendCalls.slice(appendsBefore).flat()).toContain(letter.id));

    const closing = first.stop();
    held.open();
    await closing;
    alice.provider.destroy();

    const reader = openTestDatabase(first.database);
    resources.defer(() => reader.close());
    const stored = await readStoredRoom(reader, letter.id);
    expect(blockTexts(stored.doc)).toContain(text);
    stored.doc.destroy();

    const second = await resources.startServer({ dataDir });
    const bob = resources.connect(second, letter.id, { session: owner });
    await waitForSynced(bob.provider);
    expect(blockTexts(bob.doc)).toContain(text);
  });
});

describe('compaction in a live room', () => {
  it('compacts a long log into a snapshot without changing the document, before and after a restart', async () => {
    const dataDir = await resources.tempDir();
    const first = await resources.startServer({ dataDir });
    const owner = await createUser(first);
    const letter = await createLetter(first, owner);
    const alice = resources.connect(first, letter.id, { session: owner, ack: true, connect: false });
    const saved = trackAcks(alice.provider);
    alice.provider.connect();
    await waitForSynced(alice.provider);

    const reader = openTestDatabase(first.database);
    resources.defer(() => reader.close());
    // One commit per edit (each waits for its acknowledgement) until the server has compacted.
    // Large edits make the log outgrow the letter in a few commits (each one fsyncs).
    const notes = alice.doc.getText('notes');
    const chunk = 'n'.repeat(16 * 1024);
    let edits = 0;
    while (!(await readStoredRoom(reader, letter.id)).hasSnapshot) {
      expect(edits, 'the server never compacted the log').toBeLessThan(200);
      notes.insert(notes.length, `${edits}:${chunk}`);
      appendParagraph(alice.doc, `paragraph ${edits}`);
      edits += 1;
      await saved.waitForSaved(alice.doc);
    }
    appendParagraph(alice.doc, 'after compaction');
    await saved.waitForSaved(alice.doc);

    const stored = await readStoredRoom(reader, letter.id);
    expect(stored.hasSnapshot).toBe(true);
    expect(stored.updateCount).toBeLessThan(edits);
    expect(Y.encodeStateVector(stored.doc)).toEqual(Y.encodeStateVector(alice.doc));
    expect(stored.doc.getText('notes').toString()).toBe(notes.toString());
    expect(blockTexts(stored.doc)).toEqual(blockTexts(alice.doc));
    stored.doc.destroy();

    await first.stop();
    alice.provider.destroy();
    const second = await resources.startServer({ dataDir });
    const bob = resources.connect(second, letter.id, { session: owner });
    await waitForSynced(bob.provider);
    expect(Y.encodeStateVector(bob.doc)).toEqual(Y.encodeStateVector(alice.doc));
    expect(bob.doc.getText('notes').toString()).toBe(notes.toString());
    expect(blockTexts(bob.doc)).toEqual(blockTexts(alice.doc));
  });
});
