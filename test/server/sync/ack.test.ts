/**
 * Durable acknowledgements (MessageType.savedStateVector): a client that asks with `?ack=1` is
 * told a state vector, and how many of its update frames are stored, only once that state can be
 * read back from the database by another connection; stock clients that do not ask never see
 * the extra message type.
 */
import { randomUUID } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ACK_PARAM, CloseReason, MessageType } from '../../../shared/protocol';
import { decodeServerFrame, messageTypeOf, queryAwarenessFrame, syncStep1Frame, updateFrame } from '../../helpers/frames';
import { createUser } from '../../helpers/accounts';
import { letterAudit } from '../../helpers/audit';
import { addMember, createLetter } from '../../helpers/letters';
import { joinRaw } from '../../helpers/rawClient';
import type { Session } from '../../helpers/http';
import type { RawSocket, TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { createControlledStore, createGate, delegatingStore, type Gate } from '../../helpers/stores';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { openTestDatabase } from '../../helpers/database';
import { appendParagraph, blockTexts, bodyOf, headingTexts, readStoredRoom, stateVectorCovers } from '../../helpers/ydoc';

const resources = useTestResources();

/** What the database held at the instant an acknowledgement arrived. */
interface AckObservation {
  acked: Map<number, number>;
  stored: Map<number, number>;
  storedTexts: string[];
}

/** A read-only connection to the server's database, closed after the test. */
function openReader(server: TestServer) {
  const reader = openTestDatabase(server.database);
  resources.defer(() => reader.close());
  return reader;
}

/**
 * Reads the stored room at once (readStoredRoom starts reading before it returns) and records it
 * against the acknowledged state vector.
 */
async function observe(reader: ReturnType<typeof openReader>, room: string, acked: Map<number, number>): Promise<AckObservation> {
  const stored = await readStoredRoom(reader, room);
  const observation = {
    acked,
    stored: Y.decodeStateVector(Y.encodeStateVector(stored.doc)),
    storedTexts: blockTexts(stored.doc),
  };
  stored.doc.destroy();
  return observation;
}

const stateVectorOf = (doc: Y.Doc): Map<number, number> => Y.decodeStateVector(Y.encodeStateVector(doc));

/** Opens a raw socket to a letter, syncs a local replica through it, and returns both. */
async function rawReplica(server: TestServer, session: Session, letterId: string, query: string): Promise<{ socket: RawSocket; doc: Y.Doc }> {
  const socket = resources.rawSocket(`${server.syncUrl}/${letterId}${query}`, { session });
  await socket.opened;
  const doc = new Y.Doc();
  resources.defer(() => doc.destroy());
  socket.ws.send(syncStep1Frame(doc));
  const step2 = await waitUntil(() => {
    const found = socket.frames.map(decodeServerFrame).find((frame) => frame.type === 'syncStep2');
    expect(found).toBeDefined();
    return found;
  });
  if (step2?.type === 'syncStep2') Y.applyUpdate(doc, step2.update);
  return { socket, doc };
}

describe('durable acknowledgements', () => {
  it('acknowledges on connect, and after each edit only once a separate connection reads it from the file', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const reader = openReader(server);
    const { doc, provider } = resources.connect(server, letter.id, { session: owner, ack: true, connect: false });
    const observed: Promise<AckObservation>[] = [];
    provider.messageHandlers[MessageType.savedStateVector] = (_encoder, decoder) => {
      const acked = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      // At the moment the acknowledgement arrives: what does the database hold?
      observed.push(observe(reader, letter.id, acked));
    };
    provider.connect();
    await waitForSynced(provider);

    // On connect: the seeded template, already stored when the letter was created.
    await waitUntil(() => expect(observed.length).toBeGreaterThan(0));
    let acks = await Promise.all(observed);
    expect(stateVectorCovers(acks[0]?.acked ?? new Map(), stateVectorOf(doc))).toBe(true);
    expect(acks[0]?.storedTexts).toEqual(expect.arrayContaining(headingTexts(doc)));

    const probes: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const probe = `ack probe ${i} ${randomUUID()}`;
      probes.push(probe);
      appendParagraph(doc, probe);
      const local = stateVectorOf(doc);
      const ack = await waitUntil(async () => {
        const covering = (await Promise.all(observed)).find((observation) => stateVectorCovers(observation.acked, local));
        expect(covering, `an acknowledgement covering edit ${i}`).toBeDefined();
        return covering;
      });
      expect(ack?.storedTexts).toEqual(expect.arrayContaining(probes));
    }

    // Every acknowledgement ever received was already readable from the database when it arrived.
    acks = await Promise.all(observed);
    for (const ack of acks) expect(stateVectorCovers(ack.stored, ack.acked)).toBe(true);
  });

  it('sends no acknowledgement for an edit while its commit is held, and one as soon as it is stored', async () => {
    const store = createControlledStore();
    const server = await resources.startServer({ wrapDocStore: store.wrap });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const reader = openReader(server);
    const { socket, doc } = await rawReplica(server, owner, letter.id, `?${ACK_PARAM}=1`);
    const observations: Promise<AckObservation>[] = [];
    socket.ws.on('message', (data: Buffer) => {
      const frame = decodeServerFrame(new Uint8Array(data));
      if (frame.type === 'savedStateVector') observations.push(observe(reader, letter.id, frame.stateVector));
    });

    const held = store.holdAppends();
    const appendsBefore = store.appendCalls.length;
    const probe = `held edit ${randomUUID()}`;
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    appendParagraph(doc, probe);
    for (const update of updates) socket.ws.send(updateFrame(update));
    const local = stateVectorOf(doc);

    // The server has started committing the edit, and the store is holding it.
    await waitUntil(() => expect(store.appendCalls.slice(appendsBefore).flat()).toContain(letter.id));
    // A round trip on the same socket: any acknowledgement sent before the reply arrives first.
    const awarenessBefore = socket.frames.filter((frame) => messageTypeOf(frame) === MessageType.awareness).length;
    socket.ws.send(queryAwarenessFrame());
    await waitUntil(() =>
      expect(socket.frames.filter((frame) => messageTypeOf(frame) === MessageType.awareness).length).toBeGreaterThan(awarenessBefore),
    );
    expect((await Promise.all(observations)).some((observation) => stateVectorCovers(observation.acked, local))).toBe(false);
    expect((await observe(reader, letter.id, new Map())).storedTexts).not.toContain(probe);

    held.open();
    const ack = await waitUntil(async () => {
      const covering = (await Promise.all(observations)).find((observation) => stateVectorCovers(observation.acked, local));
      expect(covering).toBeDefined();
      return covering;
    });
    expect(ack?.storedTexts).toContain(probe);
    expect(stateVectorCovers(ack?.stored ?? new Map(), local)).toBe(true);
  });
});

describe('failed commits', () => {
  it('never acknowledges an edit whose commit failed; the client reconnects and the edit is stored then', async () => {
    const store = createControlledStore();
    const server = await resources.startServer({ wrapDocStore: store.wrap });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const reader = openReader(server);
    const { doc, provider } = resources.connect(server, letter.id, { session: owner, ack: true, connect: false });
    // In order of arrival; an acknowledgement's observation completes once its read has.
    const arrivals: Promise<{ kind: 'ack'; observation: AckObservation } | { kind: 'close'; code: number }>[] = [];
    provider.messageHandlers[MessageType.savedStateVector] = (_encoder, decoder) => {
      arrivals.push(observe(reader, letter.id, Y.decodeStateVector(decoding.readVarUint8Array(decoder))).then((observation) => ({ kind: 'ack', observation })));
    };
    provider.on('connection-close', (event) => arrivals.push(Promise.resolve({ kind: 'close', code: event?.code ?? -1 })));
    provider.connect();
    await waitForSynced(provider);

    store.failNextAppend(new Error('disk full (injected by the test)'));
    const probe = `edit whose first commit fails ${randomUUID()}`;
    appendParagraph(doc, probe);
    const local = stateVectorOf(doc);

    let events = await Promise.all(arrivals);
    const covering = await waitUntil(async () => {
      events = await Promise.all(arrivals);
      const index = events.findIndex((event) => event.kind === 'ack' && stateVectorCovers(event.observation.acked, local));
      expect(index).toBeGreaterThanOrEqual(0);
      return index;
    });
    // The failed commit closed the connection (transient: 1011) before anything acknowledged the edit.
    const closeIndex = events.findIndex((event) => event.kind === 'close');
    expect(events[closeIndex]).toEqual({ kind: 'close', code: CloseReason.serverError.code });
    expect(closeIndex).toBeLessThan(covering);
    const ack = events[covering];
    expect(ack?.kind === 'ack' && ack.observation.storedTexts.includes(probe)).toBe(true);
  });
});

describe('clients that do not ask for acknowledgements', () => {
  it('a raw client without ?ack=1 sees only sync and awareness frames, even while others are acknowledged', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const plain = await rawReplica(server, owner, letter.id, '');
    const acking = await rawReplica(server, owner, letter.id, `?${ACK_PARAM}=1`);

    // An edit from the plain client: it is committed, broadcast and acknowledged to the acking client.
    const updates: Uint8Array[] = [];
    plain.doc.on('update', (update: Uint8Array) => updates.push(update));
    appendParagraph(plain.doc, `plain edit ${randomUUID()}`);
    for (const update of updates) plain.socket.ws.send(updateFrame(update));
    const local = stateVectorOf(plain.doc);
    await waitUntil(() => {
      const acked = acking.socket.frames.map(decodeServerFrame).some(
        (frame) => frame.type === 'savedStateVector' && stateVectorCovers(frame.stateVector, local),
      );
      expect(acked).toBe(true);
    });
    // The other direction too: an edit from the acking client reaches the plain one.
    const fromAcking: Uint8Array[] = [];
    acking.doc.on('update', (update: Uint8Array) => fromAcking.push(update));
    appendParagraph(acking.doc, `acking edit ${randomUUID()}`);
    for (const update of fromAcking) acking.socket.ws.send(updateFrame(update));
    await waitUntil(() => expect(plain.socket.frames.map(decodeServerFrame).some((frame) => frame.type === 'update')).toBe(true));

    const types = new Set(plain.socket.frames.map(messageTypeOf));
    expect(types.has(MessageType.sync)).toBe(true);
    expect([...types].every((type) => type === MessageType.sync || type === MessageType.awareness)).toBe(true);
    expect(plain.socket.texts).toEqual([]);
    // The acking client did get the extension, so the check above could have failed.
    expect(acking.socket.frames.some((frame) => messageTypeOf(frame) === MessageType.savedStateVector)).toBe(true);
  });

  it('a stock WebsocketProvider never meets an unknown message type', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const consoleError = vi.spyOn(console, 'error');
    resources.defer(() => consoleError.mockRestore());
    const stock = resources.connect(server, letter.id, { session: owner, connect: false });
    const seen: number[] = [];
    for (const [type, handler] of stock.provider.messageHandlers.entries()) {
      stock.provider.messageHandlers[type] = (...args) => {
        seen.push(type);
        handler(...args);
      };
    }
    stock.provider.connect();
    const acking = resources.connect(server, letter.id, { session: owner, ack: true });
    const ackedBy: Map<number, number>[] = [];
    acking.provider.messageHandlers[MessageType.savedStateVector] = (_encoder, decoder) => {
      ackedBy.push(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
    };
    await Promise.all([waitForSynced(stock.provider), waitForSynced(acking.provider)]);

    const probe = `stock edit ${randomUUID()}`;
    appendParagraph(stock.doc, probe);
    const local = stateVectorOf(stock.doc);
    await waitUntil(() => expect(ackedBy.some((sv) => stateVectorCovers(sv, local))).toBe(true));
    appendParagraph(acking.doc, `reply ${randomUUID()}`);
    await waitUntil(() => expect(blockTexts(stock.doc)).toEqual(blockTexts(acking.doc)));

    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((type) => type === MessageType.sync || type === MessageType.awareness)).toBe(true);
    // y-websocket reports a frame it has no handler for as "Unable to compute message".
    expect(consoleError).not.toHaveBeenCalledWith('Unable to compute message');
  });
});

/** The saved acknowledgements a raw socket received so far, in order. */
function savedAcks(socket: RawSocket): { stateVector: Map<number, number>; updateFrames: number }[] {
  return socket.frames.map(decodeServerFrame).flatMap((frame) => (frame.type === 'savedStateVector' ? [frame] : []));
}

/** Sends every update `change` makes to `doc` as one sync Update frame each; returns the updates. */
function sendChange(socket: RawSocket, doc: Y.Doc, change: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const record = (update: Uint8Array) => updates.push(update);
  doc.on('update', record);
  change();
  doc.off('update', record);
  for (const update of updates) socket.ws.send(updateFrame(update));
  return updates;
}

/** Deletes the first top-level block whose text is `text` (an edit that adds no item). */
function deleteBlock(doc: Y.Doc, text: string): void {
  const index = blockTexts(doc).indexOf(text);
  expect(index, `a block reading "${text}"`).toBeGreaterThanOrEqual(0);
  bodyOf(doc).delete(index, 1);
}

/** Asks for awareness and waits for the answer: every frame sent before it has been handled. */
async function roundTrip(socket: RawSocket): Promise<void> {
  const awarenessFrames = () => socket.frames.filter((frame) => messageTypeOf(frame) === MessageType.awareness).length;
  const before = awarenessFrames();
  socket.ws.send(queryAwarenessFrame());
  await waitUntil(() => expect(awarenessFrames()).toBeGreaterThan(before));
}

describe('the count of stored update frames', () => {
  it('acknowledges an edit that only deletes once it is stored, by its count, though the state vector does not move', async () => {
    const store = createControlledStore();
    const server = await resources.startServer({ wrapDocStore: store.wrap });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const reader = openReader(server);
    const { socket, doc } = await rawReplica(server, owner, letter.id, `?${ACK_PARAM}=1`);
    const observations: Promise<AckObservation & { updateFrames: number }>[] = [];
    socket.ws.on('message', (data: Buffer) => {
      const frame = decodeServerFrame(new Uint8Array(data));
      if (frame.type === 'savedStateVector') observations.push(observe(reader, letter.id, frame.stateVector).then((observation) => ({ ...observation, updateFrames: frame.updateFrames })));
    });
    // The greeting: nothing of this connection is stored yet.
    await waitUntil(() => expect(savedAcks(socket)[0]?.updateFrames).toBe(0));

    const doomed = `paragraph to delete ${randomUUID()}`;
    expect(sendChange(socket, doc, () => appendParagraph(doc, doomed))).toHaveLength(1);
    await waitUntil(async () => expect((await Promise.all(observations)).some((observation) => observation.updateFrames === 1)).toBe(true));
    const vectorBefore = stateVectorOf(doc);

    const held = store.holdAppends();
    const appendsBefore = store.appendCalls.length;
    const [deletion] = sendChange(socket, doc, () => deleteBlock(doc, doomed));
    // The edit only deletes: it adds no item, and leaves the state vector as it was.
    expect(Y.decodeUpdate(deletion ?? new Uint8Array()).structs).toEqual([]);
    expect(stateVectorOf(doc)).toEqual(vectorBefore);

    await waitUntil(() => expect(store.appendCalls.slice(appendsBefore).flat()).toContain(letter.id));
    await roundTrip(socket);
    // While the store holds the commit, an acknowledgement covers the state vector but no
    // acknowledgement counts the deletion's frame, and the database still has the paragraph.
    const whileHeld = await Promise.all(observations);
    expect(whileHeld.some((observation) => stateVectorCovers(observation.acked, stateVectorOf(doc)))).toBe(true);
    expect(whileHeld.map((observation) => observation.updateFrames)).not.toContain(2);
    expect((await observe(reader, letter.id, new Map())).storedTexts).toContain(doomed);

    held.open();
    const ack = await waitUntil(async () => {
      const counted = (await Promise.all(observations)).find((observation) => observation.updateFrames === 2);
      expect(counted).toBeDefined();
      return counted;
    });
    // At the moment it arrived, the deletion could be read back from the database.
    expect(ack?.storedTexts).not.toContain(doomed);
    expect((await Promise.all(observations)).every((observation) => observation.updateFrames <= 2)).toBe(true);
  });

  it('acknowledges an empty or duplicate frame at once when nothing is being stored, and with the next commit when something is', async () => {
    const store = createControlledStore();
    const server = await resources.startServer({ wrapDocStore: store.wrap });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const { socket, doc } = await rawReplica(server, owner, letter.id, `?${ACK_PARAM}=1`);
    const counts = () => savedAcks(socket).map((ack) => ack.updateFrames);

    // Empty (what a stock client answers when it has nothing new), then a duplicate of an edit
    // already stored: each adds nothing and is counted as stored at once.
    socket.ws.send(updateFrame(Y.encodeStateAsUpdate(new Y.Doc())));
    await waitUntil(() => expect(counts()).toContain(1));
    const [stored] = sendChange(socket, doc, () => appendParagraph(doc, `stored once ${randomUUID()}`));
    await waitUntil(() => expect(counts()).toContain(2));
    socket.ws.send(updateFrame(stored ?? new Uint8Array()));
    await waitUntil(() => expect(counts()).toContain(3));
    const appendsBefore = store.appendCalls.length;
    // The duplicate stored nothing more.
    await roundTrip(socket);
    expect(store.appendCalls.length).toBe(appendsBefore);

    // While an edit is being stored, a duplicate behind it waits for that commit's acknowledgement.
    const held = store.holdAppends();
    const [pending] = sendChange(socket, doc, () => appendParagraph(doc, `held ${randomUUID()}`));
    await waitUntil(() => expect(store.appendCalls.length).toBeGreaterThan(appendsBefore));
    socket.ws.send(updateFrame(pending ?? new Uint8Array()));
    await roundTrip(socket);
    expect(Math.max(...counts())).toBe(3);
    held.open();
    await waitUntil(() => expect(counts()).toContain(5));
    expect(Math.max(...counts())).toBe(5);
    expect(store.appendCalls.length).toBe(appendsBefore + 1);
  });

  it('with two commits in flight, the first one\'s acknowledgement counts only its own frames', async () => {
    // Once armed, each append waits for a gate of its own, so the second commit stays unstored after the first.
    const gates: Gate[] = [];
    let appendsStarted = 0;
    const server = await resources.startServer({
      wrapDocStore: (inner) =>
        delegatingStore(inner, {
          async append(batch) {
            appendsStarted += 1;
            await gates.shift()?.promise;
            return inner.append(batch);
          },
        }),
    });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const reader = openReader(server);
    const { socket, doc } = await rawReplica(server, owner, letter.id, `?${ACK_PARAM}=1`);
    const counts = () => savedAcks(socket).map((ack) => ack.updateFrames);
    const [first, second] = [createGate(), createGate()];
    gates.push(first, second);

    const texts = [`in the first commit ${randomUUID()}`, `in the second ${randomUUID()}`, `also in the second ${randomUUID()}`];
    const appendsBefore = appendsStarted;
    sendChange(socket, doc, () => appendParagraph(doc, texts[0] ?? ''));
    await waitUntil(() => expect(appendsStarted).toBe(appendsBefore + 1));
    sendChange(socket, doc, () => appendParagraph(doc, texts[1] ?? ''));
    sendChange(socket, doc, () => appendParagraph(doc, texts[2] ?? ''));
    await roundTrip(socket);
    expect(Math.max(...counts())).toBe(0);

    first.open();
    await waitUntil(() => expect(counts()).toContain(1));
    await waitUntil(() => expect(appendsStarted).toBe(appendsBefore + 2));
    await roundTrip(socket);
    // The second commit is held: its frames are not counted, and its text is not in the database.
    expect(Math.max(...counts())).toBe(1);
    expect((await observe(reader, letter.id, new Map())).storedTexts).not.toContain(texts[1]);

    second.open();
    await waitUntil(() => expect(counts()).toContain(3));
    expect((await observe(reader, letter.id, new Map())).storedTexts).toEqual(expect.arrayContaining(texts));
  });

  it('tells each connection its own count', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const first = await rawReplica(server, owner, letter.id, `?${ACK_PARAM}=1`);
    const second = await rawReplica(server, owner, letter.id, `?${ACK_PARAM}=1`);

    for (let i = 0; i < 3; i += 1) sendChange(first.socket, first.doc, () => appendParagraph(first.doc, `first ${i} ${randomUUID()}`));
    sendChange(second.socket, second.doc, () => appendParagraph(second.doc, `second ${randomUUID()}`));
    second.socket.ws.send(updateFrame(Y.encodeStateAsUpdate(new Y.Doc())));
    const last = (socket: RawSocket) => savedAcks(socket).at(-1)?.updateFrames;
    await waitUntil(() => {
      expect(last(first.socket)).toBe(3);
      expect(last(second.socket)).toBe(2);
    });
    // Each saw only its own counts, never growing past what it sent or shrinking.
    for (const [socket, sent] of [[first.socket, 3], [second.socket, 2]] as const) {
      const counts = savedAcks(socket).map((ack) => ack.updateFrames);
      expect(counts.every((count) => count <= sent)).toBe(true);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    }
  });

  it('counts a read-only connection\'s frames that change nothing, not the edits it may not make', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const viewer = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, viewer, 'viewer');
    // A deletion in the letter, so a replica's whole delete set is not empty.
    const writer = await rawReplica(server, owner, letter.id, `?${ACK_PARAM}=1`);
    const doomed = `deleted before the viewer came ${randomUUID()}`;
    sendChange(writer.socket, writer.doc, () => appendParagraph(writer.doc, doomed));
    sendChange(writer.socket, writer.doc, () => deleteBlock(writer.doc, doomed));
    await waitUntil(() => expect(savedAcks(writer.socket).at(-1)?.updateFrames).toBe(2));

    const client = await joinRaw(resources, server, letter.id, viewer, `?${ACK_PARAM}=1`);
    const counts = () => savedAcks(client.socket).map((ack) => ack.updateFrames);
    // What a stock client answers to the server's SyncStep1 after a reconnect: everything it has,
    // deletions included, all of it known to the server.
    const answer = Y.encodeStateAsUpdate(client.doc);
    expect(Y.decodeUpdate(answer).ds.clients.size).toBeGreaterThan(0);
    client.socket.ws.send(updateFrame(answer));
    await waitUntil(() => expect(counts()).toContain(1));
    expect(await letterAudit(server, owner, letter.id, { action: 'sync.edit_rejected' })).toEqual([]);

    // An edit it may not make is dropped and never counted: the next frame is the second, not the third.
    client.sendEdit(`viewer edit ${randomUUID()}`);
    client.socket.ws.send(updateFrame(Y.encodeStateAsUpdate(new Y.Doc())));
    await waitUntil(() => expect(counts()).toContain(2));
    await client.roundTrip();
    expect(Math.max(...counts())).toBe(2);
    expect(await letterAudit(server, owner, letter.id, { action: 'sync.edit_rejected' })).toHaveLength(1);
  });
});
