/**
 * Churn soak (`npm run test:soak`; not part of `npm test`): for SOAK_SECONDS (default 60), stock
 * y-websocket clients connect to letters among 200, edit, wait until the server acknowledges their
 * edits as stored, and leave (some politely, some by dropping the socket, some after reconnecting
 * midway); a few letters are busy, the rest see a client now and then. Afterwards:
 *
 * - every room has unloaded and no one shows as online;
 * - every letter's stored document is exactly what its clients wrote (state vector and content);
 * - no socket or timer is left over (`process.getActiveResourcesInfo()` against the start);
 * - after a forced GC, the heap is within 10% of where it was before the churn.
 *
 * Server and clients share this process, so the heap figure covers both; the test's own record of
 * what clients wrote is checked and dropped before the heap is measured. The seed (SOAK_SEED, or a
 * random one) is printed with every failure; each client lane draws from its own seeded sequence,
 * so the choices repeat, though their interleaving follows the machine's timing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { areUpdateFramesSaved } from '../../client/src/sync/saveState';
import { countUpdateFrames } from '../../client/src/sync/updateFrames';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';
import { ACK_PARAM, MessageType } from '../../shared/protocol';
import type { LetterSummary } from '../../shared/letters';
import type { TestUser } from '../helpers/accounts';
import { createUser } from '../helpers/accounts';
import { addMember, createLetter } from '../helpers/letters';
import { createRandom, randomEdit } from '../helpers/randomEdits';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { bodyOf, readStoredRoom, stateVectorCovers } from '../helpers/ydoc';

const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const SEED = Number(process.env.SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));
const LETTER_COUNT = 200;
/** Clients connected at any moment. */
const LANES = 24;
/** Letters that get a share of the traffic, so rooms often hold several clients at once. */
const BUSY_LETTERS = 10;
/** How long any one wait (sync, acknowledgement, cleanup) may take before the run fails. */
const STEP_TIMEOUT_MS = 20_000;

type Random = ReturnType<typeof createRandom>;

/** Counts of what the run did, for its summary line. */
const counts = { sessions: 0, edits: 0, abrupt: 0, reconnects: 0, editsBeforeSync: 0 };

/** Warnings and errors the server logged; info is dropped so the log cannot grow the heap. */
const serverLog = {
  problems: [] as string[],
  info() {},
  warn(...args: unknown[]) {
    serverLog.record('warn', args);
  },
  error(...args: unknown[]) {
    serverLog.record('error', args);
  },
  record(level: string, args: unknown[]) {
    if (serverLog.problems.length < 20) serverLog.problems.push(`${level}: ${args.map((arg) => (arg instanceof Error ? arg.message : JSON.stringify(arg))).join(' ')}`);
  },
};

function failure(message: string): string {
  return `${message} (SOAK_SEED=${SEED} SOAK_SECONDS=${SOAK_SECONDS})`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true or STEP_TIMEOUT_MS pass; the caller then asserts what it waited for. */
async function settle(check: () => boolean): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (!check() && Date.now() < deadline) await delay(20);
}

/** ws's WebSocket sending the app's Origin and a session cookie, as a browser on the app's page would. */
function socketFromPage(origin: string, cookie: string): typeof globalThis.WebSocket {
  class WebSocketFromPage extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { origin, headers: { Cookie: cookie } });
    }
  }
  // ws implements the browser WebSocket API the provider uses; the DOM typings differ only in members it never touches.
  return WebSocketFromPage as unknown as typeof globalThis.WebSocket;
}

/** Resolves once the provider has synced with the server. */
function synced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      provider.off('sync', handle);
      reject(new Error(failure(`provider for ${provider.roomname} did not sync`)));
    }, STEP_TIMEOUT_MS);
    const handle = (isSynced: boolean) => {
      if (!isSynced) return;
      clearTimeout(timer);
      provider.off('sync', handle);
      resolve();
    };
    provider.on('sync', handle);
  });
}

/** Active resources (sockets, timers, ...) by type, as Node counts them. */
function activeResources(): Map<string, number> {
  const byType = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) byType.set(type, (byType.get(type) ?? 0) + 1);
  return byType;
}

/** Resource types of which there are more now than in `baseline`. */
function resourcesAbove(baseline: Map<string, number>): string[] {
  return [...activeResources()].filter(([type, count]) => count > (baseline.get(type) ?? 0)).map(([type, count]) => `${type}: ${count} (was ${baseline.get(type) ?? 0})`);
}

/** The heap after forced collections, once it has settled. */
async function heapAfterGc(): Promise<number> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with --expose-gc: npm run test:soak');
  for (let round = 0; round < 6; round += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

/** A GET over a connection that closes afterwards, so no pooled socket outlives it. */
function getJson<T>(server: RunningServer, pathname: string, cookie: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port: server.port, path: pathname, headers: { Cookie: cookie }, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode !== 200) reject(new Error(`GET ${pathname} answered ${response.statusCode}: ${text}`));
        else resolve(JSON.parse(text) as T); // the caller names the shape of a 200
      });
    });
    request.on('error', reject);
  });
}

/** Everything a document holds: the body, the notes, the map (by key: its order of entries depends on arrival). */
function contentOf(doc: Y.Doc): string {
  const meta = Object.entries(doc.getMap('meta').toJSON()).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify({ body: bodyOf(doc).toString(), notes: doc.getText('notes').toString(), meta });
}

/** How a stored document differs from the record of what was written, or null if it does not. */
function describeDifference(stored: Y.Doc, written: Y.Doc): string | null {
  const storedState = Y.decodeStateVector(Y.encodeStateVector(stored));
  const writtenState = Y.decodeStateVector(Y.encodeStateVector(written));
  const clocks = [...new Set([...storedState.keys(), ...writtenState.keys()])]
    .filter((client) => storedState.get(client) !== writtenState.get(client))
    .map((client) => `client ${client}: stored ${storedState.get(client) ?? 0}, written ${writtenState.get(client) ?? 0}`);
  const [storedContent, writtenContent] = [contentOf(stored), contentOf(written)];
  if (clocks.length === 0 && storedContent === writtenContent) return null;
  let at = 0;
  while (at < storedContent.length && storedContent[at] === writtenContent[at]) at += 1;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 60), at + 60));
  const content = storedContent === writtenContent ? 'same content' : `content differs at ${at}: stored ${around(storedContent)}, written ${around(writtenContent)}`;
  return `${clocks.length > 0 ? clocks.join('; ') : 'same state vector (so a deletion differs)'}; ${content}`;
}

interface Soak {
  server: RunningServer;
  accounts: TestUser[];
  letterIds: string[];
  /**
   * Per letter, what it held when the churn first reached it plus every update its clients made
   * since: what must be stored. Filled on each letter's first visit, so it is empty when the
   * baseline heap is measured, and dropped before the final measurement.
   */
  written: Map<string, Y.Doc>;
  /** A read-only connection to the database, for each letter's state before its first visit. */
  reader: TestDatabase;
}

/** The letter's record of what must be stored; on first use, what is stored now (no client is on it yet). */
async function recordOf(soak: Soak, letterId: string): Promise<Y.Doc> {
  const recorded = soak.written.get(letterId);
  if (recorded) return recorded;
  const stored = (await readStoredRoom(soak.reader, letterId)).doc;
  // Another visit may have recorded the letter while this one read it; the first record stands.
  const record = soak.written.get(letterId);
  if (record) {
    stored.destroy();
    return record;
  }
  soak.written.set(letterId, stored);
  return stored;
}

/**
 * One client's visit: connect to a letter, edit, wait for the server's acknowledgement that the
 * edits are stored, leave. Every update the client makes goes into the letter's record.
 */
async function visit(soak: Soak, letterId: string, random: Random): Promise<void> {
  const account = random.pick(soak.accounts);
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(soak.server.syncUrl, letterId, doc, {
    WebSocketPolyfill: socketFromPage(soak.server.origin, account.cookie),
    // Node has a global BroadcastChannel: without this, clients in one process would sync directly.
    disableBc: true,
    connect: false,
    params: { [ACK_PARAM]: '1' },
  });
  // Saved as the editor decides it: the server's stored state vector covers the document, and
  // every update frame sent on this connection is stored (a change that only deletes leaves the
  // state vector as it was, so only the frame count shows it stored).
  const frames = countUpdateFrames(provider, () => {});
  let storedState = new Map<number, number>();
  provider.messageHandlers[MessageType.savedStateVector] = (_encoder, decoder) => {
    storedState = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    frames.acknowledge(decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : 0);
  };
  const isSaved = () => stateVectorCovers(storedState, Y.decodeStateVector(Y.encodeStateVector(doc))) && areUpdateFramesSaved(frames.current());
  const record = await recordOf(soak, letterId);
  const keep = (update: Uint8Array, origin: unknown) => {
    if (origin !== provider) Y.applyUpdate(record, update);
  };
  doc.on('update', keep);
  try {
    provider.connect();
    const edit = () => {
      randomEdit(doc, random);
      counts.edits += 1;
    };
    // Some clients type before the server's state arrives, as an editor opened offline would.
    if (random.next() < 0.1) {
      counts.editsBeforeSync += 1;
      edit();
    }
    await synced(provider);
    const editCount = 1 + random.int(12);
    for (let index = 0; index < editCount; index += 1) {
      edit();
      await delay(random.int(25));
      if (index === 2 && random.next() < 0.08) {
        counts.reconnects += 1;
        provider.disconnect();
        edit();
        provider.connect();
        await synced(provider);
      }
    }
    await settle(isSaved);
    if (!isSaved()) throw new Error(failure(`the edits of a client on ${letterId} were not acknowledged as stored`));
    if (random.next() < 0.3) {
      // Gone without a closing handshake, as when a laptop lid shuts.
      counts.abrupt += 1;
      (provider.ws as unknown as WebSocket | null)?.terminate(); // the polyfill above made it a ws socket
    }
  } finally {
    frames.destroy();
    doc.off('update', keep);
    provider.destroy();
    doc.destroy();
    counts.sessions += 1;
  }
}

/** Runs `lanes` clients one visit after another until `until`, each lane with its own random sequence. */
async function churn(soak: Soak, lanes: number, until: number, letters: readonly string[], seed: number): Promise<void> {
  // Every letter is visited at least once: the first visits take the letters in a shuffled order.
  const order = [...letters];
  const shuffle = createRandom(seed);
  for (let index = order.length - 1; index > 0; index -= 1) {
    const other = shuffle.int(index + 1);
    [order[index], order[other]] = [order[other] as string, order[index] as string];
  }
  const busy = letters.slice(0, BUSY_LETTERS);
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      const random = createRandom(seed + 1 + lane);
      while (Date.now() < until || order.length > 0) {
        const letterId = order.pop() ?? (random.next() < 0.3 ? random.pick(busy) : random.pick(letters));
        await visit(soak, letterId, random);
      }
    }),
  );
}

it(`churn across ${LETTER_COUNT} letters leaves no room, socket, timer or heap behind, and loses no edit`, async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'casewrite-soak-'));
  // One owner creates every letter, far past the hourly limit a person meets.
  const limits = { lettersPerAccount: { max: LETTER_COUNT, windowMs: 60 * 60 * 1000 } };
  const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, logger: serverLog, limits });
  // Each provider adds an 'exit' listener until it is destroyed; this many at once is expected.
  const maxListeners = process.getMaxListeners();
  process.setMaxListeners(LANES + 20);
  const readers: TestDatabase[] = [];
  try {
    const owner = await createUser(server);
    const editors = [await createUser(server), await createUser(server), await createUser(server)];
    const letterIds: string[] = [];
    for (let index = 0; index < LETTER_COUNT; index += 1) letterIds.push((await createLetter(server, owner, { title: `Soak ${index}` })).id);
    for (const letterId of letterIds) await Promise.all(editors.map((editor) => addMember(server, owner, letterId, editor, 'editor')));

    const soak: Soak = { server, accounts: [owner, ...editors], letterIds, written: new Map(), reader: openTestDatabase(server.database) };
    readers.push(soak.reader);

    // Warm-up: first use of each code path (module state, JIT, statement caches) is not a leak.
    await churn(soak, 4, Date.now(), letterIds.slice(0, 8), SEED ^ 0x5eed);
    await settle(() => server.rooms.size === 0);
    expect(server.rooms.size, failure('warm-up rooms still loaded')).toBe(0);
    // The warm-up's edits are stored (acknowledged); the records start again from what is stored.
    for (const doc of soak.written.values()) doc.destroy();
    soak.written.clear();
    // Sockets pooled by the setup's HTTP requests close once idle; the baseline has none.
    await settle(() => (activeResources().get('TCPSocketWrap') ?? 0) === 0);
    expect(activeResources().get('TCPSocketWrap') ?? 0, 'sockets open before the churn').toBe(0);
    const baselineResources = activeResources();
    const baselineHeap = await heapAfterGc();

    const started = Date.now();
    await churn(soak, LANES, started + SOAK_SECONDS * 1000, letterIds, SEED);
    const churnMs = Date.now() - started;

    // Every room unloads once its last client has left and its edits are stored.
    await settle(() => server.rooms.size === 0);
    expect(server.rooms.size, failure('rooms still loaded')).toBe(0);
    // No one is online on any letter: the server holds no connection for anyone.
    for (const account of soak.accounts) {
      const { letters } = await getJson<{ letters: LetterSummary[] }>(server, '/api/letters', account.cookie);
      const online = letters.flatMap((letter) => letter.people.filter((person) => person.online).map((person) => `${letter.id}:${person.userId}`));
      expect(online, failure('people still shown online')).toEqual([]);
    }

    // Every letter stored exactly what its clients wrote.
    expect(soak.written.size, failure('letters the churn never reached')).toBe(LETTER_COUNT);
    const lost: string[] = [];
    for (const [letterId, expected] of soak.written) {
      const stored = (await readStoredRoom(soak.reader, letterId)).doc;
      const difference = describeDifference(stored, expected);
      if (difference) lost.push(`${letterId}: ${difference}`);
      stored.destroy();
    }
    expect(lost, failure(`${lost.length} letters differ from what their clients wrote`)).toEqual([]);
    for (const doc of soak.written.values()) doc.destroy();
    soak.written.clear();

    // Nothing left behind: sockets and timers back to the start, the heap within 10% of it.
    await settle(() => resourcesAbove(baselineResources).length === 0);
    expect(resourcesAbove(baselineResources), failure('resources left over')).toEqual([]);
    const heap = await heapAfterGc();
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const summary =
      `soak: ${SOAK_SECONDS} s (${(churnMs / 1000).toFixed(1)} s), seed ${SEED}, ${counts.sessions} visits to ${LETTER_COUNT} letters, ${counts.edits} edits ` +
      `(${counts.editsBeforeSync} before sync), ${counts.reconnects} reconnects, ${counts.abrupt} dropped sockets; heap ${mb(baselineHeap)} -> ${mb(heap)}`;
    console.log(summary);
    expect(heap, failure(`heap did not come back: ${summary}`)).toBeLessThanOrEqual(baselineHeap * 1.1);
    expect(serverLog.problems, failure('the server logged problems')).toEqual([]);
  } finally {
    for (const reader of readers) await reader.close();
    process.setMaxListeners(maxListeners);
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}, (SOAK_SECONDS + 240) * 1000);
