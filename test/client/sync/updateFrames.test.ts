/**
 * The browser client's rule for "All changes saved" (client/src/sync/updateFrames.ts and
 * saveState.ts) on a stock provider against the real server: a change that only deletes leaves
 * the state vector as it was, so it shows as saved only once the server's acknowledgement counts
 * the frame that carried it, and by then the file holds it. Offline changes and a viewer's
 * reconnect are covered too.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { areUpdateFramesSaved, isStateSaved } from '../../../client/src/sync/saveState';
import { countUpdateFrames, type UpdateFrameCounter } from '../../../client/src/sync/updateFrames';
import { trackAcks } from '../../helpers/acks';
import { createUser } from '../../helpers/accounts';
import type { Session } from '../../helpers/http';
import { addMember, createLetter } from '../../helpers/letters';
import type { TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { createControlledStore } from '../../helpers/stores';
import { stateVectorOf } from '../../helpers/typists';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { openTestDatabase } from '../../helpers/database';
import { appendParagraph, blockTexts, bodyOf, readStoredRoom } from '../../helpers/ydoc';

const resources = useTestResources();

/** A stock provider with the client's frame counter, and what the file held whenever it turned saved. */
interface CountedClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  frames: UpdateFrameCounter;
  /** Whether the client would show "All changes saved" now. */
  saved(): boolean;
  /** Whether the rule before frame counts (the state vector alone) would. */
  savedByStateVector(): boolean;
  /** The block texts in the database at each acknowledgement after which the client was saved (read as it arrived). */
  storedWhenSaved: Promise<string[]>[];
}

/** Connects a stock provider with acknowledgements, counting its frames as the browser client does. */
function connectCounted(server: TestServer, letterId: string, session: Session): CountedClient {
  const reader = openTestDatabase(server.database);
  const storedWhenSaved: Promise<string[]>[] = [];
  // After the provider has gone (cleanups run newest first): reads started by its last
  // acknowledgements finish before their connection closes, whether or not the test awaited them.
  resources.defer(async () => {
    await Promise.allSettled(storedWhenSaved);
    await reader.close();
  });
  const { doc, provider } = resources.connect(server, letterId, { session, ack: true, connect: false });
  const frames = countUpdateFrames(provider, () => {});
  resources.defer(() => frames.destroy());
  const savedByStateVector = () => {
    const acked = acks.acks.at(-1);
    return acked !== undefined && isStateSaved(stateVectorOf(doc), acked);
  };
  const saved = () => savedByStateVector() && areUpdateFramesSaved(frames.current());
  const acks = trackAcks(provider, (count) => {
    frames.acknowledge(count);
    if (!saved()) return;
    // As the acknowledgement arrives (readStoredRoom reads at once): what does the database hold?
    storedWhenSaved.push(
      readStoredRoom(reader, letterId).then(({ doc: stored }) => {
        const texts = blockTexts(stored);
        stored.destroy();
        return texts;
      }),
    );
  });
  provider.connect();
  return { doc, provider, frames, saved, savedByStateVector, storedWhenSaved };
}

/** Deletes the first top-level block reading `text`, in one transaction that adds no item. */
function deleteBlock(doc: Y.Doc, text: string): void {
  const index = blockTexts(doc).indexOf(text);
  expect(index, `a block reading "${text}"`).toBeGreaterThanOrEqual(0);
  bodyOf(doc).delete(index, 1);
}

describe('"All changes saved" for a change that only deletes', () => {
  it('is not shown while the server is still storing it, and is once the file holds it', async () => {
    const store = createControlledStore();
    const server = await resources.startServer({ wrapDocStore: store.wrap });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const client = connectCounted(server, letter.id, owner);
    await waitForSynced(client.provider);
    const doomed = `to be deleted ${randomUUID()}`;
    appendParagraph(client.doc, doomed);
    await waitUntil(() => expect(client.saved()).toBe(true));

    const held = store.holdAppends();
    const appendsBefore = store.appendCalls.length;
    const vectorBefore = stateVectorOf(client.doc);
    const savedBefore = client.storedWhenSaved.length;
    deleteBlock(client.doc, doomed);
    expect(stateVectorOf(client.doc)).toEqual(vectorBefore);
    await waitUntil(() => expect(store.appendCalls.slice(appendsBefore).flat()).toContain(letter.id));
    // The store holds the commit: the state vector alone would say "saved", the frame count does not.
    expect(client.savedByStateVector()).toBe(true);
    expect(client.saved()).toBe(false);
    expect(client.frames.current()).toMatchObject({ unsent: false });
    expect(client.frames.current().acked).toBeLessThan(client.frames.current().sent);

    held.open();
    await waitUntil(() => expect(client.saved()).toBe(true));
    const afterDeletion = await Promise.all(client.storedWhenSaved.slice(savedBefore));
    expect(afterDeletion.length).toBeGreaterThan(0);
    for (const texts of afterDeletion) expect(texts).not.toContain(doomed);
  });

  it('is not shown for a deletion made offline until the reconnected client\'s answer is stored', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const client = connectCounted(server, letter.id, owner);
    await waitForSynced(client.provider);
    const doomed = `deleted offline ${randomUUID()}`;
    appendParagraph(client.doc, doomed);
    await waitUntil(() => expect(client.saved()).toBe(true));

    client.provider.disconnect();
    await waitUntil(() => expect(client.provider.wsconnected).toBe(false));
    const savedBefore = client.storedWhenSaved.length;
    deleteBlock(client.doc, doomed);
    expect(client.savedByStateVector()).toBe(true);
    expect(client.frames.current().unsent).toBe(true);
    expect(client.saved()).toBe(false);

    client.provider.connect();
    await waitUntil(() => expect(client.saved()).toBe(true));
    // The deletion went out in the SyncStep2 that answered the server on the new connection.
    expect(client.frames.connection).toBe(2);
    expect(client.frames.current().sent).toBeGreaterThanOrEqual(1);
    const afterDeletion = await Promise.all(client.storedWhenSaved.slice(savedBefore));
    expect(afterDeletion.length).toBeGreaterThan(0);
    for (const texts of afterDeletion) expect(texts).not.toContain(doomed);
  });

  it('is not shown for a deletion whose commit failed, while the client reconnects and resends it', async () => {
    const store = createControlledStore();
    const server = await resources.startServer({ wrapDocStore: store.wrap });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const client = connectCounted(server, letter.id, owner);
    await waitForSynced(client.provider);
    const doomed = `deleted, first commit fails ${randomUUID()}`;
    appendParagraph(client.doc, doomed);
    await waitUntil(() => expect(client.saved()).toBe(true));

    // Whenever the connection drops or opens, the deletion is not saved yet.
    const savedAtConnectionChange: boolean[] = [];
    client.provider.on('connection-close', () => savedAtConnectionChange.push(client.saved()));
    client.provider.on('status', () => savedAtConnectionChange.push(client.saved()));
    store.failNextAppend(new Error('disk full (injected by the test)'));
    const savedBefore = client.storedWhenSaved.length;
    deleteBlock(client.doc, doomed);
    await waitUntil(() => expect(client.saved()).toBe(true));
    expect(client.frames.connection).toBeGreaterThanOrEqual(2);
    expect(savedAtConnectionChange.length).toBeGreaterThan(0);
    expect(savedAtConnectionChange).not.toContain(true);
    const afterDeletion = await Promise.all(client.storedWhenSaved.slice(savedBefore));
    expect(afterDeletion.length).toBeGreaterThan(0);
    for (const texts of afterDeletion) expect(texts).not.toContain(doomed);
  });

  it('a viewer, who may not edit, is shown saved after every (re)connect, not kept waiting for its answers', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const viewer = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, viewer, 'viewer');
    // A deletion in the letter: a replica's answer to the server then carries a delete set.
    const writer = connectCounted(server, letter.id, owner);
    await waitForSynced(writer.provider);
    const doomed = `deleted by the owner ${randomUUID()}`;
    appendParagraph(writer.doc, doomed);
    deleteBlock(writer.doc, doomed);
    await waitUntil(() => expect(writer.saved()).toBe(true));

    const client = connectCounted(server, letter.id, viewer);
    await waitForSynced(client.provider);
    await waitUntil(() => expect(client.saved()).toBe(true));
    client.provider.disconnect();
    await waitUntil(() => expect(client.provider.wsconnected).toBe(false));
    client.provider.connect();
    await waitForSynced(client.provider);
    await waitUntil(() => expect(client.saved()).toBe(true));
    expect(client.frames.connection).toBe(2);
    // Its answer to the server on the new connection was counted, as needing no storing.
    expect(client.frames.current()).toMatchObject({ sent: 1, acked: 1, unsent: false });
  });
});
