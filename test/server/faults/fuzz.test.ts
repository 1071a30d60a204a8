/**
 * Protocol fuzzing: thousands of generated and mutated frames (truncated varints, huge declared
 * lengths, unknown types, garbage updates, updates for other document shapes, deep nesting, text
 * frames, frames at and over the size limit, floods, a client that stops reading) sent over raw
 * sockets while stock providers keep editing. The server stays up, judges every frame as its kind
 * requires, keeps the honest clients converging, stores exactly the honest edits and the frames it
 * accepted, and its memory comes back down.
 *
 * FUZZ_SEED=<n> replays a run; FUZZ_FRAMES=<n> runs longer (the default keeps `npm test` quick).
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseReason } from '../../../shared/protocol';
import { createUser } from '../../helpers/accounts';
import type { FuzzFrame } from '../../helpers/fuzzFrames';
import { FrameFuzzer, awarenessFrame, updateCarriedBy } from '../../helpers/fuzzFrames';
import type { Session } from '../../helpers/http';
import { addMember, createLetter } from '../../helpers/letters';
import { createRandom, randomEdit } from '../../helpers/randomEdits';
import type { CloseInfo, TestClient, TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { encodeFrame, syncStep1Frame, updateFrame } from '../../helpers/frames';
import { joinRaw } from '../../helpers/rawClient';
import { startOwnerRoom } from '../../helpers/rooms';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { appendParagraph, blockTexts, bodyOf } from '../../helpers/ydoc';

const resources = useTestResources();

const SEED = Number(process.env.FUZZ_SEED ?? 8_2024);
const FRAME_TARGET = Number(process.env.FUZZ_FRAMES ?? 3_000);
/** Sockets fuzzing at the same time. */
const PARALLEL_SOCKETS = 4;
/** Frames per flood burst, and how many bursts. */
const FLOOD_FRAMES = 600;
const FLOODS = 3;
/** How much the heap (with external buffers) after a forced GC may grow over a phase that changes no document. */
const MAX_NOISE_GROWTH = 1.1;

// Forced GC in this process (the server runs in it): the flag must be set before `gc` is looked up.
v8.setFlagsFromString('--expose-gc');
const forceGc = runInNewContext('gc') as () => void;

/** Heap plus external memory (socket buffers, Uint8Arrays) after a full collection, in bytes. */
function memoryAfterGc(): number {
  forceGc();
  forceGc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Whether two documents hold the same content (same structs and deletions; pending updates aside). */
function sameDocument(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));
}

/** How `actual` differs from `expected`: clients whose clocks differ, and whether deletions differ. */
function differences(actual: Y.Doc, expected: Y.Doc): string[] {
  if (sameDocument(actual, expected)) return [];
  const [got, want] = [Y.decodeStateVector(Y.encodeStateVector(actual)), Y.decodeStateVector(Y.encodeStateVector(expected))];
  const found = [...new Set([...got.keys(), ...want.keys()])].filter((client) => got.get(client) !== want.get(client)).map((client) => `client ${client}: ${got.get(client) ?? 0} instead of ${want.get(client) ?? 0}`);
  return found.length > 0 ? found : ['the same structs, different deletions'];
}

/** JSON.stringify replacer that keeps an Error's message. */
function errorFields(_key: string, value: unknown): unknown {
  return value instanceof Error ? `${value.name}: ${value.message}` : value;
}

/** A raw socket that keeps nothing it receives (so the heap measurement is about the server). */
interface FuzzSocket {
  ws: WebSocket;
  /** Resolves once the server greeted the socket (its room is loaded) or closed it. */
  joined: Promise<void>;
  closed: Promise<void>;
  closeInfo: CloseInfo | null;
}

/** Sockets not yet closed, ended after the test if it fails half-way. */
const liveSockets = new Set<WebSocket>();

/** Opens a socket to a letter with a session's cookie, from the server's own origin. */
function fuzzSocket(server: TestServer, session: Session, letterId: string): FuzzSocket {
  const ws = new WebSocket(`${server.syncUrl}/${letterId}`, { origin: server.origin, headers: { Cookie: session.cookie } });
  liveSockets.add(ws);
  ws.on('error', () => {});
  const socket: FuzzSocket = {
    ws,
    closeInfo: null,
    joined: new Promise((resolve) => {
      ws.once('message', () => resolve());
      ws.once('close', () => resolve());
    }),
    closed: new Promise((resolve) => {
      ws.once('close', (code, reason) => {
        socket.closeInfo = { code, reason: reason.toString() };
        liveSockets.delete(ws);
        resolve();
      });
    }),
  };
  return socket;
}

/** One room under fuzz: its letter, fuzzer, honest clients and the reference the store must equal. */
interface FuzzRoom {
  name: string;
  letterId: string;
  fuzzer: FrameFuzzer;
  honest: TestClient[];
  /** The room's state before fuzzing, every honest edit and every frame the server accepted. */
  reference: Y.Doc;
}

/** One socket's worth of fuzzing: where, as whom, and how to make its frames. */
interface PlanStep {
  room: FuzzRoom;
  canWrite: boolean;
  make(fuzzer: FrameFuzzer): FuzzFrame[];
}

/** What happened to the frames of one socket. */
interface ScriptOutcome {
  /** Frames the server read and judged (accepted ones, plus the one it closed the socket for). */
  processed: number;
  failures: string[];
}

/** Hex of a frame's start, so a failure names the bytes. */
function preview(frame: FuzzFrame): string {
  if (typeof frame.data === 'string') return `text ${JSON.stringify(frame.data.slice(0, 40))}`;
  return `${frame.data.byteLength} bytes ${Buffer.from(frame.data.subarray(0, 24)).toString('hex')}`;
}

const expectedCloseCode: Record<FuzzFrame['expect'], number | null> = {
  accept: null,
  malformed: CloseReason.malformedFrame.code,
  either: CloseReason.malformedFrame.code,
  text: CloseReason.textFrame.code,
  tooBig: CloseReason.tooBig.code,
};

/**
 * Sends `frames` on a fresh socket with pings between them. The server reads a socket's frames in
 * order and stops answering pings once it has closed it, so the pongs say which frames it accepted
 * and which one it closed the socket for. A ping follows every frame that may be refused, and
 * every 50th of a run that must be accepted: ws ends a socket with 60 pings waiting for an answer.
 */
async function runScript(server: TestServer, session: Session, room: FuzzRoom, frames: FuzzFrame[], canWrite: boolean): Promise<ScriptOutcome> {
  const socket = fuzzSocket(server, session, room.letterId);
  const pongs = new Set<number>();
  socket.ws.on('pong', (data: Buffer) => pongs.add(Number(data.toString())));
  // The server greets a socket once its room is loaded; frames sent before would wait in a queue.
  await socket.joined;
  const pingAfter = frames.map((frame, index) => frame.expect !== 'accept' || frames[index + 1]?.expect !== 'accept' || index % 50 === 49);
  frames.forEach((frame, index) => {
    socket.ws.send(frame.data);
    if (pingAfter[index]) socket.ws.ping(String(index));
  });
  await waitUntil(() =>
    expect(
      socket.closeInfo !== null || pongs.has(frames.length - 1),
      `${room.name}: no answer after frame ${Math.max(-1, ...pongs)} of ${frames.map((frame) => `${frame.kind} (${preview(frame)})`).join(', ')}`,
    ).toBe(true),
  );
  const closeInfo = socket.closeInfo;
  socket.ws.terminate();
  await socket.closed;
  /** Whether the ping that followed frame `index` (or the next one after it) was answered. */
  const answered = (index: number) => pongs.has(pingAfter.indexOf(true, index));

  const failures: string[] = [];
  const where = (index: number, frame: FuzzFrame) => `${room.name} frame ${index} (${frame.kind}, ${preview(frame)})`;
  let firstRejected = frames.findIndex((_frame, index) => !answered(index));
  if (firstRejected < 0) firstRejected = frames.length;
  for (const [index, frame] of frames.entries()) {
    if (index >= firstRejected) {
      if (answered(index)) failures.push(`${where(index, frame)} was answered after the socket was closed`);
      continue;
    }
    if (frame.expect !== 'accept' && frame.expect !== 'either') failures.push(`${where(index, frame)} was accepted`);
    const update = updateCarriedBy(frame.data);
    if (update && canWrite) Y.applyUpdate(room.reference, update);
  }
  const rejected = frames[firstRejected];
  if (rejected) {
    const code = closeInfo?.code ?? null;
    const readOnlyLimit = !canWrite && code === CloseReason.forbidden.code && updateCarriedBy(rejected.data) !== null;
    if (!readOnlyLimit && code !== expectedCloseCode[rejected.expect]) {
      failures.push(`${where(firstRejected, rejected)} closed the socket with ${code}, expected ${expectedCloseCode[rejected.expect] ?? 'no close'}`);
    }
  } else if (closeInfo) {
    failures.push(`${room.name}: the socket closed with ${closeInfo.code} after all its frames were accepted`);
  }
  return { processed: Math.min(firstRejected + 1, frames.length), failures };
}

/**
 * A client that stops reading and keeps asking for the whole (large) document. Resolves once the
 * server has read every request (an honest client sees the presence sent after them) or has ended
 * the connection (the presence sent before them disappears); the caller then measures memory,
 * while the socket is still open on this side.
 */
async function floodWithoutReading(server: TestServer, session: Session, room: FuzzRoom, requests: number): Promise<() => Promise<void>> {
  const socket = fuzzSocket(server, session, room.letterId);
  await socket.joined;
  // A socket announces one presence: the same id before the requests and after them.
  const id = room.fuzzer.clientId();
  const watcher = (room.honest[0] as TestClient).provider.awareness;
  let firstSeen = false;
  const handleChange = () => {
    firstSeen ||= watcher.getStates().has(id);
  };
  watcher.on('change', handleChange);
  socket.ws.pause();
  socket.ws.send(awarenessFrame([{ clientId: id, clock: 1, json: '{"reading":false}' }]));
  for (let i = 0; i < requests; i += 1) socket.ws.send(syncStep1Frame(new Y.Doc()));
  socket.ws.send(awarenessFrame([{ clientId: id, clock: 2, json: '{"reading":"all sent"}' }]));
  await waitUntil(() => {
    const ended = firstSeen && !watcher.getStates().has(id);
    // The state is the one this socket announced, so it has that shape if it is there at all.
    const readAll = (watcher.getStates().get(id) as { reading?: unknown } | undefined)?.reading === 'all sent';
    expect(ended || readAll, 'the server neither read every request nor ended the connection').toBe(true);
  });
  watcher.off('change', handleChange);
  return () => {
    socket.ws.terminate();
    return socket.closed;
  };
}

describe('protocol fuzzing', () => {
  it(`survives ${FRAME_TARGET} generated frames plus floods while honest clients edit (seed ${SEED})`, { timeout: 60_000 + FRAME_TARGET * 30 }, async () => {
    const failures: string[] = [];
    const counts = new Map<string, number>();
    const random = createRandom(SEED);
    const planRandom = createRandom(SEED + 1);
    const honestRandom = createRandom(SEED + 2);
    const server = await resources.startServer();
    const owner = await createUser(server);
    const viewer = await createUser(server);
    const closes: number[] = [];

    resources.defer(() => liveSockets.forEach((ws) => ws.terminate()));
    const rooms: FuzzRoom[] = [];
    for (const name of ['letter A', 'letter B', 'large letter']) {
      const letter = await createLetter(server, owner);
      await addMember(server, owner, letter.id, viewer, 'viewer');
      const honest = (name === 'large letter' ? [0, 1] : [0, 1, 2]).map(() => {
        const doc = new Y.Doc();
        doc.clientID = 1 + random.int(2 ** 30);
        return resources.connect(server, letter.id, { session: owner, doc });
      });
      await Promise.all(honest.map(({ provider }) => waitForSynced(provider)));
      const first = honest[0] as TestClient;
      const base = Y.encodeStateAsUpdate(first.doc);
      const reference = new Y.Doc();
      Y.applyUpdate(reference, base);
      for (const { doc, provider } of honest) {
        // The provider applies what the server sends with itself as origin; everything else is a local edit.
        doc.on('update', (update: Uint8Array, origin: unknown) => {
          if (origin !== provider) Y.applyUpdate(reference, update);
        });
        provider.on('connection-close', (event) => closes.push(event?.code ?? -1));
      }
      rooms.push({ name, letterId: letter.id, fuzzer: new FrameFuzzer(SEED + 3 + rooms.length, base), honest, reference });
    }
    const [roomA, roomB, large] = rooms as [FuzzRoom, FuzzRoom, FuzzRoom];
    resources.defer(() => rooms.forEach((room) => room.fuzzer.destroy()));

    const record = (outcome: ScriptOutcome, frames: FuzzFrame[]) => {
      failures.push(...outcome.failures);
      for (const frame of frames.slice(0, outcome.processed)) counts.set(frame.kind, (counts.get(frame.kind) ?? 0) + 1);
    };
    /** Runs planned scripts on PARALLEL_SOCKETS sockets at a time, an honest edit after each. */
    const runPlan = async (plan: PlanStep[]) => {
      let next = 0;
      const worker = async () => {
        for (let step = plan[next]; step; step = plan[next]) {
          next += 1;
          // Generated when taken, in plan order: a run replays exactly without holding every frame at once.
          const frames = step.make(step.room.fuzzer);
          record(await runScript(server, step.canWrite ? owner : viewer, step.room, frames, step.canWrite), frames);
          randomEdit(honestRandom.pick(step.room.honest).doc, honestRandom);
        }
      };
      await Promise.all(Array.from({ length: PARALLEL_SOCKETS }, worker));
    };
    const scriptsOf = (count: number, make: PlanStep['make']): PlanStep[] =>
      Array.from({ length: count }, () => ({ room: planRandom.next() < 0.7 ? roomA : roomB, canWrite: planRandom.next() < 0.9, make }));

    // A valid edit makes a large letter (the non-reading client asks for all of it).
    const atLimit = [large.fuzzer.largeLetter()];
    record(await runScript(server, owner, large, atLimit, true), atLimit);

    // Phase 1: everything, edits included, with floods at random places.
    const mixed = scriptsOf(Math.ceil(FRAME_TARGET / 6), (fuzzer) => fuzzer.script());
    for (let i = 0; i < FLOODS; i += 1) {
      mixed.splice(planRandom.int(mixed.length), 0, { room: i % 2 === 0 ? roomA : roomB, canWrite: true, make: (fuzzer) => fuzzer.flood(FLOOD_FRAMES) });
    }
    await runPlan(mixed);

    // Phase 2: only what cannot change a document (presence, queries, refused frames, a client
    // that stops reading), so whatever memory it leaves behind is a leak.
    const baseline = memoryAfterGc();
    await runPlan(scriptsOf(Math.ceil(FRAME_TARGET / 20), (fuzzer) => fuzzer.noiseScript()));
    const release = await floodWithoutReading(server, owner, large, 48);
    const afterNoise = memoryAfterGc();
    await release();

    const fuzzed = [...counts.values()].reduce((sum, n) => sum + n, 0);
    const summary = `seed ${SEED}: ${fuzzed} frames fuzzed (${JSON.stringify(Object.fromEntries([...counts].sort()))})`;
    const memory = `memory after a forced GC: ${megabytes(baseline)} before the noise phase, ${megabytes(afterNoise)} after it`;
    console.info(`${summary}; ${memory}`);
    expect(failures, `${summary}\n${failures.slice(0, 20).join('\n')}`).toEqual([]);
    expect(fuzzed, summary).toBeGreaterThanOrEqual(FRAME_TARGET);

    // Still up: nothing failed on the server, nobody honest was disconnected, health answers,
    // clients converge on the reference, a new client gets it too, and the noise left no memory behind.
    const errors = server.logger.entries.filter((entry) => entry.level === 'error');
    expect(errors.map((entry) => JSON.stringify(entry.args, errorFields).slice(0, 500)), `${summary}: the server logged errors`).toEqual([]);
    expect(closes, `${summary}: honest clients were disconnected`).toEqual([]);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status, summary).toBe(200);
    for (const room of rooms) {
      await waitUntil(() => {
        for (const { doc } of room.honest) expect(differences(doc, room.reference), `${summary}: ${room.name}'s honest clients converge on the reference`).toEqual([]);
      });
      const newcomer = resources.connect(server, room.letterId, { session: owner });
      await waitForSynced(newcomer.provider);
      expect(differences(newcomer.doc, room.reference), `${summary}: a new client of ${room.name} gets the reference`).toEqual([]);
      newcomer.provider.destroy();
    }
    expect(afterNoise, `${summary}: ${memory}`).toBeLessThan(baseline * MAX_NOISE_GROWTH);

    // What is stored is exactly the honest edits and the accepted frames: compare after a restart.
    for (const room of rooms) for (const { provider } of room.honest) provider.destroy();
    await server.stop();
    const restarted = await resources.startServer({ dataDir: server.dataDir });
    for (const room of rooms) {
      const reader = resources.connect(restarted, room.letterId, { session: owner });
      await waitForSynced(reader.provider);
      expect(differences(reader.doc, room.reference), `${summary}: ${room.name} as stored, after a restart`).toEqual([]);
    }
  });
});

describe('a finding of the fuzzer, kept as a fixed case', () => {
  it('refuses an edit placed between neighbours in two different lists; only its sender is closed, and old and new clients hold the same letter', async () => {
    const { server, owner, letter, alice, bob } = await startOwnerRoom(resources);
    const closes: number[] = [];
    for (const { provider } of [alice, bob]) provider.on('connection-close', (event) => closes.push(event?.code ?? -1));
    const raw = await joinRaw(resources, server, letter.id, owner);
    const body = bodyOf(raw.doc);
    // Its left neighbour a block of the body, its right neighbour a character inside the first heading.
    const block = body.get(2) as Y.XmlElement; // the template has more than three blocks
    const headingText = (body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const [left, right] = [block._item?.id, headingText._start?.id];
    expect(left && right).toBeTruthy();
    const crossed = encodeFrame((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 4_100_000_000);
      encoding.writeVarUint(e, 0);
      encoding.writeUint8(e, 0x80 | 0x40 | 4); // an origin, a right origin, a string
      for (const id of [left, right]) {
        encoding.writeVarUint(e, id?.client ?? 0);
        encoding.writeVarUint(e, id?.clock ?? 0);
      }
      encoding.writeVarString(e, 'between two lists');
      encoding.writeVarUint(e, 0);
    });
    raw.socket.ws.send(updateFrame(crossed));

    expect((await raw.socket.closed).code).toBe(CloseReason.malformedFrame.code);
    appendParagraph(alice.doc, 'still editing');
    await waitUntil(() => expect(blockTexts(bob.doc)).toContain('still editing'));
    const newcomer = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(newcomer.provider);
    for (const { doc } of [alice, bob, newcomer]) {
      expect(differences(doc, alice.doc)).toEqual([]);
      expect(doc.store.clients.has(4_100_000_000)).toBe(false);
    }
    expect(closes).toEqual([]);
  });
});
