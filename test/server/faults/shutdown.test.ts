/**
 * Shutting down while the store fails: the server still closes every socket and the database,
 * but close() rejects (and the entry point exits 1), so an operator sees that the last edits were
 * not stored. Their authors were never acknowledged and keep them.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../helpers/accounts';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { createFaultyStore } from '../../helpers/stores';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { openTestDatabase } from '../../helpers/database';
import { appendParagraph, readStoredRoom, blockTexts } from '../../helpers/ydoc';

const resources = useTestResources();

describe('shutdown', () => {
  it('rejects close() when the store refuses the edits it was storing, after closing everything', async () => {
    const store = createFaultyStore();
    const server = await resources.startServer({ wrapDocStore: store.wrap });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const client = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(client.provider);

    const hold = store.holdNextAppend();
    const text = `typed just before shutdown ${randomUUID()}`;
    appendParagraph(client.doc, text);
    await waitUntil(() => expect(store.injected.heldAppends).toBe(1));
    store.failAppends(1);
    const closing = server.stop();
    hold.fail(new Error('disk full (injected by the test)'));

    await expect(closing).rejects.toThrow(/refused the last edits/);
    expect(server.rooms.size).toBe(0);
    // The client still holds what it typed, to send to the next server.
    expect(blockTexts(client.doc)).toContain(text);
    const reader = openTestDatabase(server.database);
    resources.defer(() => reader.close());
    expect(blockTexts((await readStoredRoom(reader, letter.id)).doc)).not.toContain(text);
  });

  it('resolves close() when everything was stored', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const client = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(client.provider);
    appendParagraph(client.doc, 'stored before shutdown');
    await expect(server.stop()).resolves.toBeUndefined();
  });
});
