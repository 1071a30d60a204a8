/**
 * Several Casewrite instances as an operator would run them behind a load balancer: each a child
 * process of the real entry point on its own port and data directory, all on one fresh PostgreSQL
 * database and one Redis (a private redis-server per test file, which a test may kill and start
 * again), answering to one public origin. Also what the scale-out tests compare and wait on:
 * what PostgreSQL holds for a letter (read straight from its tables), the clients' content and
 * their "All changes saved" state (with why not, when a wait fails), and seeded random edits.
 *
 * The tests need a PostgreSQL cluster (`DATABASE_URL`, where they create and drop databases of
 * their own) and a `redis-server` binary; `eval "$(.ci/services)"` provides both.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import pg from 'pg';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Letter } from '../../shared/letters';
import type { TestUser } from './accounts';
import { startChildServer, type ChildServer } from './childServer';
import { addMember, createLetter } from './letters';
import type { createRandom } from './randomEdits';
import { hasRedisServerBinary, startRedisServer, type RedisServer } from './redis';
import type { TestResources } from './resources';
import { connectTypist, isTypistSaved, stateVectorOf, type Typist } from './typists';
import { bodyOf } from './ydoc';
import { waitForSynced, waitUntil } from './wait';

/**
 * The public origin every instance answers to (ORIGIN), as instances behind one load balancer do:
 * a page served by any of them may open sockets on all of them.
 */
export const CLUSTER_ORIGIN = 'http://casewrite.cluster.test';

/** Prefix of the databases these tests create (and drop). */
const CLUSTER_DATABASE_PREFIX = 'cw_cluster_';

/** How many of each instance's last output lines a failure shows. */
const OUTPUT_LINES = 15;

/** What to run first when the services are missing. */
const SERVICES_HINT = 'run `eval "$(.ci/services)"` first (it starts PostgreSQL and Redis on loopback and sets DATABASE_URL and REDIS_URL)';

/** One instance of the cluster. */
export interface ClusterInstance extends ChildServer {
  /** A short name for messages: A, B, C, ... */
  name: string;
}

/** The services of one test file: its redis-server and the PostgreSQL cluster it creates databases on. */
export interface ClusterServices {
  /** A fresh database and a way to start instances on it; everything is torn down after the test. */
  createCluster(resources: TestResources): Promise<Cluster>;
}

/** Instances sharing one database and one Redis. */
export interface Cluster {
  /** The fresh database's URL (DATABASE_URL of every instance). */
  databaseUrl: string;
  redis: RedisServer;
  /** Every instance started so far, killed ones included. */
  readonly instances: ClusterInstance[];
  /** Starts one more instance (on a fresh data directory and a free port). */
  startInstance(name: string): Promise<ClusterInstance>;
  /** Starts instances with these names at once, as a deployment would. */
  startInstances(names: readonly string[]): Promise<ClusterInstance[]>;
  /** What PostgreSQL holds for a letter: its snapshot and later log, read in one transaction. */
  readStored(letterId: string): Promise<Y.Doc>;
  /** The last lines each instance printed, for failure messages. */
  outputs(): string;
}

/** Throws (so the file fails at once) unless DATABASE_URL is set and redis-server is installed. */
export function requireClusterServices(): string {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error(`The scale-out tests need PostgreSQL and Redis, and DATABASE_URL is not set: ${SERVICES_HINT}.`);
  }
  if (!hasRedisServerBinary()) {
    throw new Error(`The scale-out tests need PostgreSQL and Redis, and no redis-server binary is on the PATH: ${SERVICES_HINT}.`);
  }
  return databaseUrl;
}

/** Runs `work` with a short-lived client on `url`. */
async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `clusterUrl` pointing at database `name` (same host, user and options). */
function databaseUrlOn(clusterUrl: string, name: string): string {
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates an empty database on the cluster (the instances migrate it); returns its name. */
async function createDatabase(clusterUrl: string): Promise<string> {
  const name = `${CLUSTER_DATABASE_PREFIX}${randomBytes(8).toString('hex')}`;
  await withClient(clusterUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return name;
}

/** Drops a database this module created, ending any connection still open to it. */
async function dropDatabase(clusterUrl: string, name: string): Promise<void> {
  await withClient(clusterUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * Reads a letter's stored document from PostgreSQL as an outside reader would: the snapshot and
 * the log after it, from one REPEATABLE READ view (so a compaction cannot fall between the reads).
 */
export async function readStoredLetter(databaseUrl: string, letterId: string): Promise<Y.Doc> {
  return withClient(databaseUrl, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const snapshot = await client.query<{ state: Buffer; upto_seq: string | number }>('SELECT state, upto_seq FROM doc_snapshots WHERE room = $1', [letterId]);
      const uptoSeq = snapshot.rows[0]?.upto_seq ?? 0;
      const updates = await client.query<{ data: Buffer }>('SELECT data FROM doc_updates WHERE room = $1 AND seq > $2 ORDER BY seq', [letterId, uptoSeq]);
      const doc = new Y.Doc();
      const state = snapshot.rows[0]?.state;
      if (state) Y.applyUpdate(doc, new Uint8Array(state));
      for (const row of updates.rows) Y.applyUpdate(doc, new Uint8Array(row.data));
      return doc;
    } finally {
      await client.query('COMMIT');
    }
  });
}

/**
 * Checks the scale-out tests' prerequisites at once (throwing when they are missing, so the file
 * fails with that message) and gives the file a redis-server, started before its first test and
 * stopped after its last. A test that kills it and fails before starting it again leaves it
 * stopped; the next test finds it running again.
 */
export function useClusterServices(): ClusterServices {
  const clusterUrl = requireClusterServices();
  let redis: RedisServer | null = null;

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    if (redis && !redis.running()) await redis.start();
  });
  afterAll(async () => {
    await redis?.dispose();
  });

  const requireRedis = (): RedisServer => {
    if (!redis) throw new Error('the redis-server of this file has not started');
    return redis;
  };

  return {
    async createCluster(resources) {
      const server = requireRedis();
      const name = await createDatabase(clusterUrl);
      // Registered before any instance, so it runs after every instance has been killed.
      resources.defer(() => dropDatabase(clusterUrl, name));
      const databaseUrl = databaseUrlOn(clusterUrl, name);
      const instances: ClusterInstance[] = [];

      const startInstance = async (instanceName: string): Promise<ClusterInstance> => {
        const dataDir = await resources.tempDir();
        const child = await startChildServer(resources, {
          dataDir,
          env: { DATABASE_URL: databaseUrl, REDIS_URL: server.url, ORIGIN: CLUSTER_ORIGIN },
        });
        const instance: ClusterInstance = { ...child, origin: CLUSTER_ORIGIN, name: instanceName };
        instances.push(instance);
        return instance;
      };

      return {
        databaseUrl,
        redis: server,
        instances,
        startInstance,
        startInstances: (names) => Promise.all(names.map(startInstance)),
        readStored: (letterId) => readStoredLetter(databaseUrl, letterId),
        outputs: () =>
          instances.map((instance) => `--- instance ${instance.name} (port ${instance.port}), last lines ---\n${instance.output().trimEnd().split('\n').slice(-OUTPUT_LINES).join('\n')}`).join('\n'),
      };
    },
  };
}

/**
 * Points a provider at another instance, as a load balancer sends a client elsewhere once its
 * instance is gone: its next connection (the provider reconnects by itself) goes to `instance`.
 * Every instance answers to CLUSTER_ORIGIN, so the provider's socket class needs no change.
 */
export function moveProvider(provider: WebsocketProvider, instance: Pick<ClusterInstance, 'syncUrl'>): void {
  provider.serverUrl = instance.syncUrl;
}

/** The clients of one letter, each with a label for messages. */
export interface LetterViews {
  letterId: string;
  clients: { label: string; doc: Y.Doc }[];
}

/**
 * Asserts that every client of each letter shows the stored content (so all show the same), with
 * nothing waiting for an update it missed.
 */
export async function expectConverged(cluster: Pick<Cluster, 'readStored'>, letters: readonly LetterViews[], context: string): Promise<void> {
  for (const { letterId, clients } of letters) {
    const stored = await cluster.readStored(letterId);
    const storedContent = letterContent(stored);
    stored.destroy();
    for (const { label, doc } of clients) {
      expect(doc.store.pendingStructs, `${context}: ${label} on letter ${letterId} holds updates it cannot apply (it missed one)`).toBeNull();
      expect(doc.store.pendingDs, `${context}: ${label} on letter ${letterId} holds deletions it cannot apply (it missed an update)`).toBeNull();
      expect(letterContent(doc), `${context}: ${label} on letter ${letterId} differs from the stored letter`).toBe(storedContent);
    }
  }
}

/**
 * Resolves once `count()` has not changed for `quietMs` (how long it took and the count then);
 * fails if it is still changing after `timeoutMs`: messages going round would never let it rest.
 */
export async function waitForQuiet(count: () => number, quietMs: number, timeoutMs: number): Promise<{ waitedMs: number; total: number }> {
  const started = Date.now();
  const atStart = count();
  let last = atStart;
  let lastChange = started;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = Date.now();
    const current = count();
    if (current !== last) {
      last = current;
      lastChange = now;
    } else if (now - lastChange >= quietMs) {
      return { waitedMs: now - started, total: current };
    }
    if (now - started > timeoutMs) {
      throw new Error(`${current - atStart} messages in ${timeoutMs} ms after quiescence, the last ${now - lastChange} ms ago: messages keep going round`);
    }
  }
}

/**
 * Why `typist` would not show "All changes saved": the clients (with the instance they type
 * through, from `instanceOf`) whose items its last acknowledgement does not cover, and its
 * update frames the server has not said are stored. Empty when it is saved.
 */
export function whyUnsaved(typist: Typist, everyone: readonly Typist[], instanceOf: ReadonlyMap<Typist, Pick<ClusterInstance, 'name'>>): string {
  if (isTypistSaved(typist)) return '';
  const saved = typist.acks.acks.at(-1) ?? new Map<number, number>();
  const lacking = [...stateVectorOf(typist.doc)]
    .filter(([client, clock]) => (saved.get(client) ?? 0) < clock)
    .map(([client, clock]) => {
      const author = everyone.find((other) => other.doc.clientID === client);
      const where = author ? (author === typist ? 'itself' : `a client on ${instanceOf.get(author)?.name ?? '?'}`) : 'an unknown client';
      return `client ${client} (${where}) to clock ${clock}, acknowledged to ${saved.get(client) ?? 0}`;
    });
  const frames = typist.frames.current();
  return (
    `client ${typist.doc.clientID} on ${instanceOf.get(typist)?.name ?? '?'} (${typist.acks.acks.length} acknowledgements): ` +
    `${lacking.length > 0 ? `not acknowledged: ${lacking.join('; ')}` : 'state acknowledged'}; ` +
    `update frames sent ${frames.sent}, acknowledged ${frames.acked}`
  );
}

/** Waits until every typist would show "All changes saved" (everything it has is stored); says why not on failure. */
export async function waitAllSaved(typists: readonly Typist[], instanceOf: ReadonlyMap<Typist, Pick<ClusterInstance, 'name'>>, timeoutMs: number): Promise<void> {
  await waitUntil(() => {
    const unsaved = typists.filter((typist) => !isTypistSaved(typist));
    expect(unsaved.map((typist) => whyUnsaved(typist, typists, instanceOf)), `${unsaved.length} of ${typists.length} clients are not saved`).toEqual([]);
  }, timeoutMs);
}

/**
 * How the clients of one letter differ: per client, the instance it is on, the items it lacks
 * that some other client has (by state vector), and whether it holds updates it cannot apply.
 */
export function describeDivergence(clients: readonly Typist[], instanceOf: ReadonlyMap<Typist, Pick<ClusterInstance, 'name'>>): string {
  const union = new Map<number, number>();
  for (const typist of clients) for (const [client, clock] of stateVectorOf(typist.doc)) union.set(client, Math.max(clock, union.get(client) ?? 0));
  const contents = [...new Set(clients.map((typist) => letterContent(typist.doc)))];
  return clients
    .map((typist) => {
      const vector = stateVectorOf(typist.doc);
      const lacking = [...union].filter(([client, clock]) => (vector.get(client) ?? 0) < clock).map(([client, clock]) => `${client}: ${vector.get(client) ?? 0}/${clock}`);
      const pending = typist.doc.store.pendingStructs ? `waiting for ${JSON.stringify([...typist.doc.store.pendingStructs.missing])}` : 'nothing waiting';
      return `client ${typist.doc.clientID} on ${instanceOf.get(typist)?.name ?? '?'}: content #${contents.indexOf(letterContent(typist.doc))}, lacks [${lacking.join(', ')}], ${pending}, deletions waiting: ${typist.doc.store.pendingDs !== null}`;
    })
    .join('\n');
}

/** Waits until the clients of each letter show the same content; describes how they differ on failure. */
export async function waitSameContent(typists: readonly Typist[], instanceOf: ReadonlyMap<Typist, Pick<ClusterInstance, 'name'>>, timeoutMs: number): Promise<void> {
  const letterIds = [...new Set(typists.map((typist) => typist.letterId))];
  await waitUntil(() => {
    for (const letterId of letterIds) {
      const clients = typists.filter((typist) => typist.letterId === letterId);
      const contents = new Set(clients.map((typist) => letterContent(typist.doc)));
      expect(contents.size, `clients of letter ${letterId} differ:\n${describeDivergence(clients, instanceOf)}`).toBe(1);
    }
  }, timeoutMs);
}

/** The seeded random sequence of randomEdits.ts. */
export type Random = ReturnType<typeof createRandom>;

const WORDS = ['patient', 'detention', 'insulin', 'clinic', 'records', 'risk', 'cardiology', 'release', 'ü', '😀', 'A-123'];

/** The plain text of a Y.XmlText or Y.Text (what its offsets count, in UTF-16 code units). */
function plainText(text: Y.XmlText | Y.Text): string {
  return (text.toDelta() as { insert?: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : ' ')).join('');
}

/** `offset`, moved back off the second half of a surrogate pair: an editor never puts a cursor inside a character. */
function atCharacter(text: string, offset: number): number {
  const code = text.charCodeAt(offset); // NaN at the end: never a second half
  return offset > 0 && code >= 0xdc00 && code <= 0xdfff ? offset - 1 : offset;
}

/** Every Y.XmlText in the body, depth first. */
function textsOf(doc: Y.Doc): Y.XmlText[] {
  const found: Y.XmlText[] = [];
  const visit = (node: Y.XmlElement | Y.XmlText | Y.XmlHook | Y.XmlFragment): void => {
    if (node instanceof Y.XmlText) found.push(node);
    else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) node.toArray().forEach(visit);
  };
  visit(bodyOf(doc));
  return found;
}

/**
 * One seeded random edit (one transaction), like randomEdits.ts's `randomEdit` (blocks, text,
 * marks, a side text and a map), except that it never inserts, deletes or formats inside a
 * character made of two UTF-16 units, as no editor does. Yjs replaces the halves of a character
 * it must split with U+FFFD in the replica that splits it only, so such edits would make replicas
 * differ for reasons that have nothing to do with the server; these tests compare replicas.
 */
export function editAsAnEditorWould(doc: Y.Doc, random: Random): void {
  const body = bodyOf(doc);
  const word = random.pick(WORDS);
  doc.transact(() => {
    const choice = random.int(8);
    const candidates = textsOf(doc);
    const target = candidates.length > 0 ? random.pick(candidates) : null;
    const content = target ? plainText(target) : '';
    if (choice <= 1 || target === null) {
      const block = new Y.XmlElement(random.next() < 0.2 ? 'heading' : 'paragraph');
      if (block.nodeName === 'heading') block.setAttribute('level', '2');
      block.insert(0, [new Y.XmlText(word)]);
      body.insert(random.int(body.length + 1), [block]);
    } else if (choice <= 3) {
      target.insert(atCharacter(content, random.int(content.length + 1)), `${word} `);
    } else if ((choice === 4 || choice === 5) && content.length > 0) {
      const start = atCharacter(content, random.int(content.length));
      const room = content.length - start;
      const end = atCharacter(content, start + 1 + random.int(choice === 4 ? Math.min(5, room) : room));
      // At least one whole character: an end moved back onto the start means a pair starts there.
      const length = end > start ? end - start : 2;
      if (choice === 4) target.delete(start, length);
      else target.format(start, length, random.next() < 0.5 ? { bold: true } : { italic: null });
    } else if (choice === 6 && body.length > 1) {
      body.delete(random.int(body.length), 1);
    } else {
      const notes = doc.getText('notes');
      notes.insert(atCharacter(plainText(notes), random.int(notes.length + 1)), word);
      doc.getMap('meta').set(`k${random.int(4)}`, random.int(1000));
    }
  });
}

/**
 * What a letter shows, as one comparable string: the body with its marks, the side text, and the
 * map with its keys sorted (a Y.Map lists its keys in the order this replica learnt them).
 */
export function letterContent(doc: Y.Doc): string {
  const meta = doc.getMap('meta').toJSON() as Record<string, unknown>;
  const sorted = Object.fromEntries(Object.keys(meta).sort().map((key) => [key, meta[key]]));
  return JSON.stringify({ body: bodyOf(doc).toString(), notes: doc.getText('notes').toDelta(), meta: sorted });
}

/**
 * Makes `edits` seeded random edits, each on a client picked at random, in bursts within one turn
 * (group commits across letters and instances), turns of the event loop and short pauses, so
 * updates cross on the bus. `between` runs after each edit (with its number), e.g. to join a late
 * client or kill an instance at a seeded moment.
 */
export async function typeEdits(docs: readonly Y.Doc[], random: Random, edits: number, between?: (edit: number) => void | Promise<void>): Promise<void> {
  for (let edit = 1; edit <= edits; edit += 1) {
    editAsAnEditorWould(random.pick(docs), random);
    await between?.(edit);
    const pause = random.int(4);
    if (pause === 1) await new Promise((resolve) => setImmediate(resolve));
    else if (pause >= 2) await delay(random.int(8));
  }
}

/**
 * Runs `body` and, if it fails, fails with the seed and how to replay it in front of the reason,
 * and what `context` says then (the instances' last output lines).
 */
export async function withSeed<T>(seed: number, replay: string, body: () => Promise<T>, context?: () => string): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const more = context?.() ?? '';
    throw new Error(`failed with seed ${seed} (replay it: ${replay}=${seed}): ${reason}${more ? `\n${more}` : ''}`, { cause: error });
  }
}

/** The seed in `variable` of the environment, or `fallback` (printed with any failure either way). */
export function seedFrom(variable: string, fallback: number): number {
  const given = process.env[variable];
  return given ? Number(given) : fallback;
}

/** Creates `count` letters, each through another instance, shared with every editor. */
export async function createLetters(instances: readonly ClusterInstance[], owner: TestUser, editors: readonly TestUser[], count: number): Promise<Letter[]> {
  const letters: Letter[] = [];
  for (let index = 0; index < count; index += 1) {
    const via = instances[index % instances.length] as ClusterInstance; // index modulo the length is in range
    const letter = await createLetter(via, owner);
    for (const editor of editors) await addMember(via, owner, letter.id, editor, 'editor');
    letters.push(letter);
  }
  return letters;
}

/**
 * Connects `perLetter` typists to each letter, client n of letter i on instance (i + n) mod the
 * count, so every letter is held by every instance; resolves once all have synced.
 */
export async function connectSpread(
  resources: TestResources,
  instances: readonly ClusterInstance[],
  letters: readonly Letter[],
  people: readonly TestUser[],
  perLetter: number,
): Promise<{ typists: Typist[]; instanceOf: Map<Typist, ClusterInstance> }> {
  const instanceOf = new Map<Typist, ClusterInstance>();
  const typists = letters.flatMap((letter, index) =>
    Array.from({ length: perLetter }, (_, n) => {
      const instance = instances[(index + n) % instances.length] as ClusterInstance; // in range
      const typist = connectTypist(resources, instance, letter.id, people[n % people.length] as TestUser); // in range
      instanceOf.set(typist, instance);
      return typist;
    }),
  );
  await Promise.all(typists.map((typist) => waitForSynced(typist.provider)));
  return { typists, instanceOf };
}
