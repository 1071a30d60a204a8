/**
 * Durable acknowledgements (MessageType.savedStateVector): a client that asks with `?ack=1` is
 * told a state vector only once that state can be read back from the SQLite file by another
 * connection; stock clients that do not ask never see the extra message type.
 */
import { randomUUID } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ACK_PARAM, CloseReason, MessageType } from '../../../shared/protocol';
import { decodeServerFrame, messageTypeOf, queryAwarenessFrame, syncStep1Frame, updateFrame } from '../../helpers/frames';
import { createUser } from '../../helpers/accounts';
import { createLetter } from '../../helpers/letters';
import type { Session } from '../../helpers/http';
import type { RawSocket, TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { createControlledStore } from '../../helpers/stores';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { appendParagraph, blockTexts, headingTexts, openReadonlyDatabase, readStoredRoom, stateVectorCovers } from '../../helpers/ydoc';

const resources = useTestResources();

/** What the SQLite file held at the instant an acknowledgement arrived. */
interface AckObservation {
  acked: Map<number, number>;
  stored: Map<number, number>;
  storedTexts: string[];
}

/** A read-only connection to the server's database file, closed after the test. */
function openReader(server: TestServer) {
  const reader = openReadonlyDatabase(server.dbPath);
  resources.defer(() => {
    reader.close();
  });
  return reader;
}

/** Reads the stored room synchronously and records it against the acknowledged state vector. */
function observe(reader: ReturnType<typeof openReader>, room: string, acked: Map<number, number>): AckObservation {
  const stored = readStoredRoom(reader, room);
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
    const acks: AckObservation[] = [];
    provider.messageHandlers[MessageType.savedStateVector] = (_encoder, decoder) => {
      const acked = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      // Synchronously, at the moment the acknowledgement arrives: what does the file hold?
      acks.push(observe(reader, letter.id, acked));
    };
    provider.connect();
    await waitForSynced(provider);

    // On connect: the seeded template, already stored when the letter was created.
    await waitUntil(() => expect(acks.length).toBeGreaterThan(0));
    expect(stateVectorCovers(acks[0]?.acked ?? new Map(), stateVectorOf(doc))).toBe(true);
    expect(acks[0]?.storedTexts).toEqual(expect.arrayContaining(headingTexts(doc)));

    const probes: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const probe = `ack probe ${i} ${randomUUID()}`;
      probes.push(probe);
      appendParagraph(doc, probe);
      const local = stateVectorOf(doc);
      const ack = await waitUntil(() => {
        const covering = acks.find((observation) => stateVectorCovers(observation.acked, local));
        expect(covering, `an acknowledgement covering edit ${i}`).toBeDefined();
        return covering;
      });
      expect(ack?.storedTexts).toEqual(expect.arrayContaining(probes));
    }

    // Every acknowledgement ever received was already readable from the file when it arrived.
    for (const ack of acks) expect(stateVectorCovers(ack.stored, ack.acked)).toBe(true);
  });

  it('sends no acknowledgement for an edit while its commit is held, and one as soon as it is stored', async () => {
    const store = createControlledStore();
    const server = await resources.startServer({ wrapDocStore: store.wrap });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const reader = openReader(server);
    const { socket, doc } = await rawReplica(server, owner, letter.id, `?${ACK_PARAM}=1`);
    const observations: AckObservation[] = [];
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
    expect(observations.some((observation) => stateVectorCovers(observation.acked, local))).toBe(false);
    expect(observe(reader, letter.id, new Map()).storedTexts).not.toContain(probe);

    held.open();
    const ack = await waitUntil(() => {
      const covering = observations.find((observation) => stateVectorCovers(observation.acked, local));
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
    const events: ({ kind: 'ack'; observation: AckObservation } | { kind: 'close'; code: number })[] = [];
    provider.messageHandlers[MessageType.savedStateVector] = (_encoder, decoder) => {
      events.push({ kind: 'ack', observation: observe(reader, letter.id, Y.decodeStateVector(decoding.readVarUint8Array(decoder))) });
    };
    provider.on('connection-close', (event) => events.push({ kind: 'close', code: event?.code ?? -1 }));
    provider.connect();
    await waitForSynced(provider);

    store.failNextAppend(new Error('disk full (injected by the test)'));
    const probe = `edit whose first commit fails ${randomUUID()}`;
    appendParagraph(doc, probe);
    const local = stateVectorOf(doc);

    const covering = await waitUntil(() => {
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
