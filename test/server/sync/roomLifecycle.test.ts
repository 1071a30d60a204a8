/**
 * Rooms load before they serve anyone, unload when the last client leaves, are not cached when
 * their load fails, and do not exist for unknown letters.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseReason } from '../../../shared/protocol';
import { medicalAdvocacyTemplate } from '../../../shared/templates';
import { createUser } from '../../helpers/accounts';
import { createLetter } from '../../helpers/letters';
import type { Session } from '../../helpers/http';
import type { TestClient, TestResources, TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { connectSyncedPair } from '../../helpers/rooms';
import { createControlledStore } from '../../helpers/stores';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { appendParagraph, blockTexts, headingTexts } from '../../helpers/ydoc';

const resources = useTestResources();
const templateHeadings = medicalAdvocacyTemplate.sections.map((section) => section.heading);

/**
 * Writes `text` into a letter through a client, waits until a second client has it, and leaves;
 * a room unloads only once everything is stored, so the room can unload with `text` stored.
 */
async function storeText(res: TestResources, server: TestServer, session: Session, letterId: string, text: string): Promise<void> {
  const [writer, witness] = await connectSyncedPair(res, server, letterId, session, session);
  appendParagraph(writer.doc, text);
  await waitUntil(() => expect(blockTexts(witness.doc)).toContain(text));
  writer.provider.destroy();
  witness.provider.destroy();
  await waitUntil(() => expect(server.rooms.has(letterId)).toBe(false));
}

/** The `ws` socket under a provider: the tests pass ws's WebSocket class as its polyfill. */
function socketOf(client: TestClient): WebSocket {
  expect(client.provider.ws).not.toBeNull();
  return client.provider.ws as unknown as WebSocket;
}

describe('loading', () => {
  it('does not tell a client "synced" while the room is still loading', async () => {
    const store = createControlledStore();
    const server = await resources.startServer({ wrapDocStore: store.wrap });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const text = `stored before the slow load ${randomUUID()}`;
    await storeText(resources, server, owner, letter.id, text);

    const gate = store.holdLoads(letter.id);
    const loadsBefore = store.loadCalls.length;
    const client = resources.connect(server, letter.id, { session: owner });
    let contentWhenSynced: string[] | null = null;
    client.provider.on('sync', (synced: boolean) => {
      if (synced && contentWhenSynced === null) contentWhenSynced = blockTexts(client.doc);
    });

    await waitUntil(() => expect(client.provider.wsconnected).toBe(true));
    await waitUntil(() => expect(store.loadCalls.slice(loadsBefore)).toContain(letter.id));
    // A ping round trip: the client's SyncStep1 went out before the ping, so an early answer to it
    // would arrive before the pong.
    const socket = socketOf(client);
    const pong = new Promise<void>((resolve) => socket.once('pong', () => resolve()));
    socket.ping();
    await pong;
    expect(client.provider.synced).toBe(false);
    expect(blockTexts(client.doc)).toEqual([]);
    expect(server.rooms.has(letter.id)).toBe(false);

    gate.open();
    await waitForSynced(client.provider);
    expect(contentWhenSynced).toEqual(expect.arrayContaining([...templateHeadings, text]));
    expect(server.rooms.has(letter.id)).toBe(true);
  });

  it('serves clients that connect during one load from that single load', async () => {
    const store = createControlledStore();
    const server = await resources.startServer({ wrapDocStore: store.wrap });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const gate = store.holdLoads(letter.id);
    const loadsBefore = store.loadCalls.length;
    const clients = [0, 1, 2].map(() => resources.connect(server, letter.id, { session: owner }));
    await waitUntil(() => expect(clients.every(({ provider }) => provider.wsconnected)).toBe(true));
    await waitUntil(() => expect(store.loadCalls.slice(loadsBefore)).toContain(letter.id));
    gate.open();
    await Promise.all(clients.map(({ provider }) => waitForSynced(provider)));
    expect(store.loadCalls.slice(loadsBefore).filter((room) => room === letter.id)).toHaveLength(1);
    for (const { doc } of clients) expect(headingTexts(doc)).toEqual(templateHeadings);
  });

  it('does not cache a failed load: the socket closes and the next connection gets the content', async () => {
    const store = createControlledStore();
    const server = await resources.startServer({ wrapDocStore: store.wrap });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const text = `survives a failed load ${randomUUID()}`;
    await storeText(resources, server, owner, letter.id, text);

    store.failNextLoad(letter.id, new Error('disk on fire (injected by the test)'));
    const failing = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner });
    const closed = await failing.closed;
    expect(closed.code).toBe(CloseReason.serverError.code);
    expect(server.rooms.has(letter.id)).toBe(false);

    const client = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(client.provider);
    expect(blockTexts(client.doc)).toEqual(expect.arrayContaining([...templateHeadings, text]));
    expect(server.rooms.has(letter.id)).toBe(true);
  });

  it('a stock provider whose first load fails reconnects and syncs the content', async () => {
    const store = createControlledStore();
    const server = await resources.startServer({ wrapDocStore: store.wrap });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const text = `after a retry ${randomUUID()}`;
    await storeText(resources, server, owner, letter.id, text);

    store.failNextLoad(letter.id, new Error('transient failure (injected by the test)'));
    const client = resources.connect(server, letter.id, { session: owner });
    const closeCodes: number[] = [];
    client.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });
    await waitForSynced(client.provider);
    expect(closeCodes).toEqual([CloseReason.serverError.code]);
    expect(blockTexts(client.doc)).toContain(text);
  });
});

describe('unloading', () => {
  it('keeps a room while anyone is connected, unloads it after the last leaves, and reloads it with its content', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const alice = resources.connect(server, letter.id, { session: owner });
    const bob = resources.connect(server, letter.id, { session: owner });
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    await Promise.all([waitForSynced(alice.provider), waitForSynced(bob.provider)]);
    expect(server.rooms.has(letter.id)).toBe(true);

    const text = `kept across an unload ${randomUUID()}`;
    appendParagraph(alice.doc, text);
    await waitUntil(() => expect(blockTexts(bob.doc)).toContain(text));
    await waitUntil(() => expect(bob.provider.awareness.getStates().has(alice.doc.clientID)).toBe(true));

    alice.provider.destroy();
    // Bob seeing Alice's presence removed means the server has processed her leaving.
    await waitUntil(() => expect(bob.provider.awareness.getStates().has(alice.doc.clientID)).toBe(false));
    expect(server.rooms.has(letter.id)).toBe(true);

    bob.provider.destroy();
    await waitUntil(() => expect(server.rooms.has(letter.id)).toBe(false));
    expect(server.rooms.size).toBe(0);

    const carol = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(carol.provider);
    expect(server.rooms.has(letter.id)).toBe(true);
    expect(blockTexts(carol.doc)).toEqual(expect.arrayContaining([...templateHeadings, text]));
    expect(Y.encodeStateVector(carol.doc)).toEqual(Y.encodeStateVector(bob.doc));
  });

  it('unloads each room independently', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const [first, second] = [await createLetter(server, owner), await createLetter(server, owner)];
    const a = resources.connect(server, first.id, { session: owner });
    const b = resources.connect(server, second.id, { session: owner });
    await Promise.all([waitForSynced(a.provider), waitForSynced(b.provider)]);
    expect(server.rooms.size).toBe(2);
    a.provider.destroy();
    await waitUntil(() => expect(server.rooms.has(first.id)).toBe(false));
    expect(server.rooms.has(second.id)).toBe(true);
  });
});

describe('unknown letters', () => {
  it.each([
    ['a letter id that does not exist', () => randomUUID()],
    ['a room name that is not a letter id', () => `not-a-letter-${randomUUID()}`],
  ])('closes %s with 4404 and loads no room', async (_case, makeRoom) => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    await createLetter(server, owner);
    const room = makeRoom();
    const socket = resources.rawSocket(`${server.syncUrl}/${room}`, { session: owner });
    expect(await socket.closed).toEqual({ code: CloseReason.noSuchRoom.code, reason: CloseReason.noSuchRoom.reason });
    expect(socket.frames).toEqual([]);
    expect(server.rooms.has(room)).toBe(false);
  });

  it('makes a stock provider stop for good (4404 is final)', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const room = randomUUID();
    const client = resources.connect(server, room, { session: owner });
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => client.provider.once('closed', (event) => resolve(event)));
    expect(closed.code).toBe(CloseReason.noSuchRoom.code);
    expect(client.provider.shouldConnect).toBe(false);
    expect(client.provider.synced).toBe(false);
  });
});
