/**
 * Races between clients and the store, driven by a store whose next load or append the test holds
 * or fails (test/helpers/stores.ts): clients connecting while their room loads, loads and appends
 * that fail, the last client leaving while its edits are being stored, and clients coming back
 * while their room unloads. roomLifecycle.test.ts covers the simple cases (one failed load, one
 * held load); these are the interleavings around them. Every fault injected is counted.
 */
import { randomUUID } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { Letter } from '../../../shared/letters';
import { ACK_PARAM, CloseReason, MessageType } from '../../../shared/protocol';
import type { TestUser } from '../../helpers/accounts';
import { createUser } from '../../helpers/accounts';
import { decodeServerFrame, syncStep1Frame, updateFrame } from '../../helpers/frames';
import { validUpdateFrameOfSize } from '../../helpers/fuzzFrames';
import { createLetter } from '../../helpers/letters';
import { createRandom, randomEdit } from '../../helpers/randomEdits';
import type { TestClient, TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import type { FaultyStore, Hold, InjectedFaults } from '../../helpers/stores';
import { createFaultyStore } from '../../helpers/stores';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { appendParagraph, blockTexts, stateVectorCovers, storedTexts } from '../../helpers/ydoc';

const resources = useTestResources();

/** Faults injected by every test in this file, reported at the end. */
const totals: InjectedFaults = { failedLoads: 0, failedAppends: 0, heldLoads: 0, heldAppends: 0 };
afterAll(() => {
  const all = totals.failedLoads + totals.failedAppends + totals.heldLoads + totals.heldAppends;
  console.info(`races: ${all} faults injected (${JSON.stringify(totals)})`);
});

/** A server on a faulty store, an owner and one letter. */
async function startFaulty(): Promise<{ server: TestServer; store: FaultyStore; owner: TestUser; letter: Letter }> {
  const store = createFaultyStore();
  const server = await resources.startServer({ wrapDocStore: store.wrap });
  resources.defer(() => {
    for (const key of Object.keys(totals) as (keyof InjectedFaults)[]) totals[key] += store.injected[key];
  });
  const owner = await createUser(server);
  const letter = await createLetter(server, owner);
  return { server, store, owner, letter };
}

/** Connects a stock provider and records its close codes and, with `ack`, its acknowledgements, in arrival order. */
function connectRecorded(server: TestServer, letterId: string, owner: TestUser, options: { ack?: boolean; doc?: Y.Doc } = {}) {
  const client = resources.connect(server, letterId, { session: owner, ack: options.ack, doc: options.doc, connect: false });
  const events: ({ kind: 'close'; code: number } | { kind: 'ack'; acked: Map<number, number> })[] = [];
  /** What the client held each time it was told "synced". */
  const contentWhenSynced: string[][] = [];
  /** Acknowledged state vectors, in arrival order. */
  const acks: Map<number, number>[] = [];
  if (options.ack) {
    client.provider.messageHandlers[MessageType.savedStateVector] = (_encoder, decoder) => {
      const acked = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      acks.push(acked);
      events.push({ kind: 'ack', acked });
    };
  }
  client.provider.on('connection-close', (event) => events.push({ kind: 'close', code: event?.code ?? -1 }));
  client.provider.on('sync', (synced: boolean) => {
    if (synced) contentWhenSynced.push(blockTexts(client.doc));
  });
  client.provider.connect();
  return { ...client, events, contentWhenSynced, acks };
}

const stateVectorOf = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));
const closeCodes = (events: readonly ({ kind: 'close'; code: number } | { kind: 'ack' })[]) =>
  events.flatMap((event) => (event.kind === 'close' ? [event.code] : []));

/** Writes `text` through a provider and waits until it is stored (a second provider received it), then both leave. */
async function storeText(server: TestServer, letterId: string, owner: TestUser, text: string): Promise<void> {
  const writer = resources.connect(server, letterId, { session: owner });
  const witness = resources.connect(server, letterId, { session: owner });
  await Promise.all([waitForSynced(writer.provider), waitForSynced(witness.provider)]);
  appendParagraph(writer.doc, text);
  await waitUntil(() => expect(blockTexts(witness.doc)).toContain(text));
  writer.provider.destroy();
  witness.provider.destroy();
}

/** Resolves once the provider's current socket has fully closed (call before disconnecting it). */
function socketClosed(client: TestClient): Promise<void> {
  // The provider's sockets are ws sockets (the tests pass ws's WebSocket as its polyfill).
  const socket = client.provider.ws as unknown as WebSocket | null;
  if (!socket || socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

describe('a client connecting while its room is loading', () => {
  it('sends nothing until the room has loaded, then applies what the client sent meanwhile, in order: stored, broadcast and acknowledged', async () => {
    const { server, store, owner, letter } = await startFaulty();
    const hold = store.holdNextLoad(letter.id);
    const socket = resources.rawSocket(`${server.syncUrl}/${letter.id}?${ACK_PARAM}=1`, { session: owner });
    const watcher = connectRecorded(server, letter.id, owner);
    await socket.opened;
    await waitUntil(() => expect(store.injected.heldLoads).toBe(1));

    // Two edits, the second inside the first one's paragraph, and presence, all while the room loads.
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const [first, second] = [`typed during the load ${randomUUID()}`, ' and more'];
    appendParagraph(doc, first);
    const paragraph = doc.getXmlFragment('default').get(0) as Y.XmlElement; // the paragraph just appended
    (paragraph.get(0) as Y.XmlText).insert(first.length, second); // its only child is the text
    socket.ws.send(syncStep1Frame(new Y.Doc()));
    for (const update of updates) socket.ws.send(updateFrame(update));
    const pong = new Promise<void>((resolve) => socket.ws.once('pong', () => resolve()));
    socket.ws.ping();
    await pong;
    // The server has read those frames: it answered none of them, loaded nothing, stored nothing.
    expect(socket.frames).toEqual([]);
    expect(server.rooms.has(letter.id)).toBe(false);
    expect(await storedTexts(server.database, letter.id)).not.toContain(first + second);

    hold.release();
    await waitForSynced(watcher.provider);
    await waitUntil(() => expect(blockTexts(watcher.doc)).toContain(first + second));
    expect(await storedTexts(server.database, letter.id)).toContain(first + second);
    await waitUntil(() => {
      const acks = socket.frames.map(decodeServerFrame).flatMap((frame) => (frame.type === 'savedStateVector' ? [frame.stateVector] : []));
      expect(acks.some((acked) => stateVectorCovers(acked, stateVectorOf(doc)))).toBe(true);
    });
    expect(watcher.contentWhenSynced.every((texts) => texts.length > 0), 'told "synced" against an empty document').toBe(true);
  });

  it('a client that leaves before the load finishes leaves no room behind, and the next one loads afresh', async () => {
    const { server, store, owner, letter } = await startFaulty();
    const hold = store.holdNextLoad(letter.id);
    const socket = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner });
    await socket.opened;
    await waitUntil(() => expect(store.injected.heldLoads).toBe(1));
    socket.ws.close();
    await socket.closed;

    hold.release();
    await hold.promise;
    // The load finishes once its reads have (a round trip each on PostgreSQL); the room it made then goes.
    await waitUntil(() => expect(store.readsInFlight).toBe(0));
    await waitUntil(() => expect(server.rooms.has(letter.id)).toBe(false));
    expect(server.rooms.size).toBe(0);

    const loadsBefore = store.loadCalls.length;
    const next = connectRecorded(server, letter.id, owner);
    await waitForSynced(next.provider);
    expect(store.loadCalls.slice(loadsBefore)).toEqual([letter.id]);
    expect(blockTexts(next.doc).length).toBeGreaterThan(0);
  });

  it('closes a client that sends more than the server holds for a loading room with 1009; the others are served once it loads', async () => {
    const { server, store, owner, letter } = await startFaulty();
    const hold = store.holdNextLoad(letter.id);
    const honest = connectRecorded(server, letter.id, owner);
    const flooder = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner });
    await flooder.opened;
    await waitUntil(() => expect(store.injected.heldLoads).toBe(1));
    // Three valid edits of about 1.5 MiB each: every frame is allowed, together they are too much to queue.
    const frames = [1, 2, 3].map((i) => validUpdateFrameOfSize(4_000_000_000 + i, 1_500_000));
    for (const frame of frames) flooder.ws.send(frame);

    expect((await flooder.closed).code).toBe(CloseReason.tooBig.code);
    expect(server.rooms.has(letter.id)).toBe(false);
    hold.release();
    await waitForSynced(honest.provider);
    expect(closeCodes(honest.events)).toEqual([]);
    expect(honest.doc.getText('at-the-limit').length).toBe(0);
  });
});

describe('the store failing during a load', () => {
  it('closes every client waiting on the failed load with 1011, caches and writes nothing, and each syncs the stored content on retry, offline edits included', async () => {
    const { server, store, owner, letter } = await startFaulty();
    const stored = `stored before the failures ${randomUUID()}`;
    await storeText(server, letter.id, owner, stored);
    // A client that synced earlier, went offline and typed.
    const offline = connectRecorded(server, letter.id, owner);
    await waitForSynced(offline.provider);
    const wentOffline = socketClosed(offline);
    offline.provider.disconnect();
    await wentOffline;
    offline.events.length = 0;
    const typedOffline = `typed offline ${randomUUID()}`;
    appendParagraph(offline.doc, typedOffline);
    await waitUntil(() => expect(server.rooms.has(letter.id)).toBe(false));

    // The first load fails while three clients wait on it, and the next two loads fail as well.
    const hold = store.holdNextLoad(letter.id);
    const fresh = [connectRecorded(server, letter.id, owner), connectRecorded(server, letter.id, owner)];
    offline.provider.connect();
    const clients = [...fresh, offline];
    await waitUntil(() => expect(clients.every(({ provider }) => provider.wsconnected)).toBe(true));
    await waitUntil(() => expect(store.injected.heldLoads).toBe(1));
    const appendsBefore = store.appendCalls.length;
    store.failLoads(letter.id, 2);
    hold.fail(new Error('the disk went away (injected by the test)'));
    await waitUntil(() => expect(clients.every(({ events }) => closeCodes(events).length > 0)).toBe(true));
    expect(store.appendCalls.slice(appendsBefore).flat(), 'something was written for the room whose load failed').not.toContain(letter.id);

    await Promise.all(clients.map(({ provider }) => waitForSynced(provider)));
    for (const client of clients) {
      expect(new Set(closeCodes(client.events))).toEqual(new Set([CloseReason.serverError.code]));
      // Every time a client was told "synced", it held what was stored before.
      for (const texts of client.contentWhenSynced) expect(texts).toContain(stored);
      await waitUntil(() => expect(blockTexts(client.doc)).toEqual(expect.arrayContaining([stored, typedOffline])));
    }
    await waitUntil(async () => expect(await storedTexts(server.database, letter.id)).toEqual(expect.arrayContaining([stored, typedOffline])));
    expect(store.injected.failedLoads).toBe(3);
  });
});

describe('the store failing during an append', () => {
  it('a failed group commit over two letters acknowledges none of their edits; every client reconnects and resends, and all is stored, also what was typed while it failed', async () => {
    const { server, store, owner, letter } = await startFaulty();
    const other = await createLetter(server, owner);
    const clients = [letter, other].flatMap(({ id }) => [connectRecorded(server, id, owner, { ack: true }), connectRecorded(server, id, owner, { ack: true })]);
    await Promise.all(clients.map(({ provider }) => waitForSynced(provider)));
    const [a, , c] = clients as [(typeof clients)[0], (typeof clients)[0], (typeof clients)[0], (typeof clients)[0]];

    // One turn's edits in both letters make one group commit, which the store holds and then fails.
    const hold = store.holdNextAppend();
    const appendsBefore = store.appendCalls.length;
    const texts = [`first letter ${randomUUID()}`, `second letter ${randomUUID()}`];
    appendParagraph(a.doc, texts[0] as string);
    appendParagraph(c.doc, texts[1] as string);
    await waitUntil(() => expect(store.appendCalls.slice(appendsBefore)).toContainEqual(expect.arrayContaining([letter.id, other.id])));
    // Typed while that commit is in flight: the next batch, which fails too.
    const later = clients.map((client, i) => {
      const text = `typed while the commit was held ${i} ${randomUUID()}`;
      appendParagraph(client.doc, text);
      return text;
    });
    const typed = clients.map(({ doc }) => stateVectorOf(doc));
    store.failAppends(1);
    hold.fail(new Error('disk full (injected by the test)'));

    for (const [i, client] of clients.entries()) {
      await waitUntil(() => expect(client.acks.some((acked) => stateVectorCovers(acked, typed[i] as Map<number, number>))).toBe(true));
      const covering = client.events.findIndex((event) => event.kind === 'ack' && stateVectorCovers(event.acked, typed[i] as Map<number, number>));
      const firstClose = client.events.findIndex((event) => event.kind === 'close');
      expect(firstClose, `client ${i} was acknowledged before the failed commit closed it`).toBeGreaterThanOrEqual(0);
      expect(firstClose).toBeLessThan(covering);
      expect(client.events[firstClose]).toEqual({ kind: 'close', code: CloseReason.serverError.code });
    }
    expect(await storedTexts(server.database, letter.id)).toEqual(expect.arrayContaining([texts[0], later[0], later[1]]));
    expect(await storedTexts(server.database, other.id)).toEqual(expect.arrayContaining([texts[1], later[2], later[3]]));
    expect(store.injected.failedAppends).toBe(2);
  });
});

describe('the last client leaving while a store is in flight', () => {
  it('the room stays until the commit is stored: a client arriving meanwhile joins it and gets the edit, without a second load', async () => {
    const { server, store, owner, letter } = await startFaulty();
    const author = connectRecorded(server, letter.id, owner);
    await waitForSynced(author.provider);
    const hold = store.holdNextAppend();
    const text = `typed just before leaving ${randomUUID()}`;
    appendParagraph(author.doc, text);
    await waitUntil(() => expect(store.injected.heldAppends).toBe(1));
    const left = socketClosed(author);
    author.provider.destroy();
    await left;

    const loadsBefore = store.loadCalls.length;
    const arriving = connectRecorded(server, letter.id, owner);
    await waitForSynced(arriving.provider);
    expect(blockTexts(arriving.doc)).toContain(text);
    expect(store.loadCalls.slice(loadsBefore), 'the room was loaded again while its commit was in flight').toEqual([]);
    expect(await storedTexts(server.database, letter.id)).not.toContain(text);

    hold.release();
    await waitUntil(async () => expect(await storedTexts(server.database, letter.id)).toContain(text));
    arriving.provider.destroy();
    await waitUntil(() => expect(server.rooms.has(letter.id)).toBe(false));
    const reader = connectRecorded(server, letter.id, owner);
    await waitForSynced(reader.provider);
    expect(blockTexts(reader.doc)).toContain(text);
  });

  it('if that commit fails, the room is dropped rather than kept with the edit; its author stores it on coming back, and others then receive it', async () => {
    const { server, store, owner, letter } = await startFaulty();
    const author = connectRecorded(server, letter.id, owner);
    await waitForSynced(author.provider);
    const hold = store.holdNextAppend();
    const text = `its first commit fails ${randomUUID()}`;
    appendParagraph(author.doc, text);
    await waitUntil(() => expect(store.injected.heldAppends).toBe(1));
    const left = socketClosed(author);
    author.provider.disconnect();
    await left;
    hold.fail(new Error('disk full (injected by the test)'));
    await waitUntil(() => expect(server.rooms.has(letter.id)).toBe(false));

    // A newcomer gets what is stored: not the edit, which no one was told was saved.
    const newcomer = connectRecorded(server, letter.id, owner);
    await waitForSynced(newcomer.provider);
    expect(blockTexts(newcomer.doc)).not.toContain(text);
    author.provider.connect();
    await waitUntil(() => expect(blockTexts(newcomer.doc)).toContain(text));
    expect(await storedTexts(server.database, letter.id)).toContain(text);
  });
});

describe('a reconnect during unload', () => {
  it('a client that comes back while its room waits for a commit to unload joins that same room: one load, nothing lost', async () => {
    const { server, store, owner, letter } = await startFaulty();
    const client = connectRecorded(server, letter.id, owner);
    await waitForSynced(client.provider);
    const hold = store.holdNextAppend();
    const text = `typed, then a reconnect ${randomUUID()}`;
    appendParagraph(client.doc, text);
    await waitUntil(() => expect(store.injected.heldAppends).toBe(1));
    const loadsBefore = store.loadCalls.length;
    const left = socketClosed(client);
    client.provider.disconnect();
    await left;
    client.provider.connect();
    await waitUntil(() => expect(client.contentWhenSynced.length).toBe(2));
    expect(store.loadCalls.slice(loadsBefore)).toEqual([]);

    hold.release();
    await waitUntil(async () => expect(await storedTexts(server.database, letter.id)).toContain(text));
    const after = `typed after the reconnect ${randomUUID()}`;
    appendParagraph(client.doc, after);
    const witness = connectRecorded(server, letter.id, owner);
    await waitForSynced(witness.provider);
    await waitUntil(() => expect(blockTexts(witness.doc)).toEqual(blockTexts(client.doc)));
    expect(blockTexts(witness.doc)).toEqual(expect.arrayContaining([text, after]));
    expect(closeCodes(client.events).every((code) => code !== CloseReason.serverError.code)).toBe(true);
  });
});

describe('seeded interleavings', () => {
  // RACE_SEED=<n> replays one seed (the order of actions; their timing still varies), RACE_STEPS=<n> runs longer.
  const seeds = process.env.RACE_SEED ? [Number(process.env.RACE_SEED)] : [10, 14, 7_331];
  const steps = Number(process.env.RACE_STEPS ?? 200);

  it.each(seeds)('edits, disconnects, reconnects, departures and held or failed loads and appends in a seeded order lose nothing stored (seed %i)', async (seed) => {
    const random = createRandom(seed);
    const { server, store, owner, letter } = await startFaulty();
    const other = await createLetter(server, owner);
    const letterIds = [letter.id, other.id];
    const clients = letterIds.flatMap((letterId) => [0, 1].map(() => ({ letterId, ...connectRecorded(server, letterId, owner, { ack: random.next() < 0.5 }) })));
    await Promise.all(clients.map(({ provider }) => waitForSynced(provider)));

    let appendHold: Hold | null = null;
    const loadHolds = new Map<string, Hold>();
    const settle = (hold: Hold) => (random.next() < 0.5 ? hold.release() : hold.fail(new Error('injected by the test')));
    const log: string[] = [];
    for (let step = 0; step < steps; step += 1) {
      const client = random.pick(clients);
      const letterId = random.pick(letterIds);
      // (`clients` changes as people leave and others arrive; `client` is this step's pick.)
      const action = random.int(11);
      if (action <= 3) {
        randomEdit(client.doc, random);
        log.push('edit');
      } else if (action <= 5) {
        if (client.provider.shouldConnect) client.provider.disconnect();
        else client.provider.connect();
        log.push(client.provider.shouldConnect ? 'connect' : 'disconnect');
      } else if (action === 6) {
        // Gone and back at once (the room may be unloading or loading meanwhile), or gone for good
        // (a closed tab: what it typed survives only if it was stored) and someone else arrives.
        client.provider.disconnect();
        if (random.next() < 0.5) {
          client.provider.connect();
          log.push('reconnect');
        } else {
          client.provider.destroy();
          clients.splice(clients.indexOf(client), 1, { letterId: client.letterId, ...connectRecorded(server, client.letterId, owner) });
          log.push('leave for good');
        }
      } else if (action === 7) {
        if (appendHold) settle(appendHold);
        appendHold = appendHold ? null : store.holdNextAppend();
        log.push(appendHold ? 'hold append' : 'settle append');
      } else if (action === 8) {
        const hold = loadHolds.get(letterId);
        if (hold) settle(hold);
        if (hold) loadHolds.delete(letterId);
        else loadHolds.set(letterId, store.holdNextLoad(letterId));
        log.push(hold ? 'settle load' : 'hold load');
      } else if (action === 9) {
        store.failAppends(1 + random.int(2));
        log.push('fail appends');
      } else {
        store.failLoads(letterId, 1 + random.int(2));
        log.push('fail loads');
      }
      // Let the server and the clients move on for a few turns of the event loop.
      for (let turns = random.int(12); turns > 0; turns -= 1) await new Promise((resolve) => setImmediate(resolve));
    }

    // Then the store recovers and everyone comes back: every edit must end up everywhere, and stored.
    appendHold?.release();
    for (const hold of loadHolds.values()) hold.release();
    store.failAppends(0);
    for (const letterId of letterIds) store.failLoads(letterId, 0);
    for (const { provider } of clients) provider.connect();
    const context = `seed ${seed}, steps: ${log.join(', ')}`;
    for (const letterId of letterIds) {
      const mine = clients.filter((client) => client.letterId === letterId);
      await waitUntil(async () => {
        expect(mine.every(({ provider }) => provider.synced), context).toBe(true);
        const [first, ...rest] = mine.map(({ doc }) => doc);
        expect(rest.every((doc) => first && Y.equalSnapshots(Y.snapshot(doc), Y.snapshot(first))), context).toBe(true);
        expect(await storedTexts(server.database, letterId), context).toEqual(blockTexts(first as Y.Doc));
      });
    }
    for (const client of clients) {
      // Closed by the server only for the store's failures (-1: the client disconnected itself).
      expect(closeCodes(client.events).filter((code) => code !== -1 && code !== CloseReason.serverError.code), context).toEqual([]);
      for (const texts of client.contentWhenSynced) expect(texts.length, `${context}: told "synced" with an empty letter`).toBeGreaterThan(0);
    }
    const faults = store.injected.failedLoads + store.injected.failedAppends + store.injected.heldLoads + store.injected.heldAppends;
    console.info(`seeded interleavings, seed ${seed}: ${faults} faults injected (${JSON.stringify(store.injected)})`);
    expect(faults, context).toBeGreaterThan(0);
  });
});
