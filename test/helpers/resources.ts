/**
 * Per-test resources for integration tests: temporary data directories, real servers on port 0,
 * stock y-websocket providers and raw sockets. Everything created through `useTestResources()`
 * is torn down in `afterEach`, newest first, so no test leaks sockets, servers or files.
 *
 * With `DATABASE_URL` set, each data directory also has a database of its own on that PostgreSQL
 * cluster (test/helpers/postgres.ts), which servers started on the directory use; it is dropped
 * after every server on it has stopped.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { openDatabase, type OpenDatabase } from '../../server/db/database';
import { startServer } from '../../server/start';
import { ACK_PARAM } from '../../shared/protocol';
import type { Session } from './http';
import { dropTestDatabase, ensureTestDatabase, testClusterUrl } from './postgres';

/** Options of the real `startServer`. */
export type ServerOptions = Parameters<typeof startServer>[0];
/** A running server as `startServer` returns it. */
export type RunningServer = Awaited<ReturnType<typeof startServer>>;

/** A logger that keeps what the server logs, so tests stay quiet and can inspect warnings. */
export interface RecordingLogger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  readonly entries: { level: 'info' | 'warn' | 'error'; args: unknown[] }[];
}

/** Creates a logger that records instead of printing (set CASEWRITE_TEST_LOG=1 to print too). */
export function createRecordingLogger(): RecordingLogger {
  const entries: RecordingLogger['entries'] = [];
  const print = process.env.CASEWRITE_TEST_LOG === '1';
  const record = (level: 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    entries.push({ level, args });
    if (print) console[level]('[server]', ...args);
  };
  return { entries, info: record('info'), warn: record('warn'), error: record('error') };
}

/** A server started for one test, with the data directory it owns. */
export interface TestServer extends RunningServer {
  dataDir: string;
  logger: RecordingLogger;
  /** Closes the server once; the afterEach cleanup then skips it. */
  stop(): Promise<void>;
}

/** A stock provider and the document it syncs. */
export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/** A close event as a raw socket saw it. */
export interface CloseInfo {
  code: number;
  reason: string;
}

/** A plain `ws` client socket with everything it received recorded. */
export interface RawSocket {
  ws: WebSocket;
  /** Binary frames received, in order. */
  frames: Uint8Array[];
  /** Text frames received, in order. */
  texts: string[];
  opened: Promise<void>;
  closed: Promise<CloseInfo>;
  /** Set once the socket has closed. */
  closeInfo: CloseInfo | null;
  /** The HTTP status with which the server refused the upgrade, if it did (the socket never opened). */
  refusedStatus: number | null;
}

/** Options for a provider created by `TestResources.connect`. */
export interface ConnectOptions {
  /** Opt in to the `savedStateVector` acknowledgement (`?ack=1`). */
  ack?: boolean;
  /** Sync this document instead of a fresh one. */
  doc?: Y.Doc;
  /** Connect immediately (default true). */
  connect?: boolean;
  /** The session whose cookie the provider's sockets send; omitted: none (the server refuses them). */
  session?: Session | null;
}

/** Options for `TestResources.rawSocket`: ws's client options plus a session. */
export interface RawSocketOptions extends WebSocket.ClientOptions {
  /** The session whose cookie the socket sends; omitted: none. */
  session?: Session | null;
}

/** The resource factory `useTestResources()` returns. */
export interface TestResources {
  /** A fresh temporary directory, removed after the test. */
  tempDir(): Promise<string>;
  /**
   * Starts the real server on 127.0.0.1, port 0, in a temporary DATA_DIR unless one is given;
   * with `DATABASE_URL` set (and no `databaseUrl` given), on the data directory's own database.
   */
  startServer(options?: Partial<ServerOptions>): Promise<TestServer>;
  /**
   * With `DATABASE_URL` set: the URL of `dataDir`'s own PostgreSQL database, created on first use
   * (the same one for every later server on `dataDir`) and dropped in cleanup after them all.
   * Without it: undefined (servers use the SQLite file in `dataDir`).
   */
  databaseUrlFor(dataDir: string): Promise<string | undefined>;
  /**
   * The server's own database layer (`openDatabase`, migrated) without a server, on `dataDir`
   * (a fresh temporary directory unless given): its SQLite file, or with `DATABASE_URL` its own
   * PostgreSQL database. Destroyed in cleanup unless the test destroyed it first.
   */
  openDatabase(dataDir?: string): Promise<OpenDatabase>;
  /** A stock WebsocketProvider (BroadcastChannel disabled, sending the server's Origin and the session's cookie) on `letterId`. */
  connect(server: Pick<TestServer, 'syncUrl' | 'origin'>, letterId: string, options?: ConnectOptions): TestClient;
  /** A raw `ws` socket to `url` with the session's cookie, from the server's own origin unless `options.origin` says otherwise. */
  rawSocket(url: string, options?: RawSocketOptions): RawSocket;
  /** Registers any other teardown step. */
  defer(cleanup: () => void | Promise<void>): void;
}

/**
 * ws's WebSocket, sending `Origin` and the session cookie like a browser on the app's page would
 * (and as CONTRACT.md asks of Node scripts), so providers pass the upgrade's Origin and session checks.
 */
function webSocketFromPage(origin: string, session: Session | null): new (address: string | URL, protocols?: string | string[]) => WebSocket {
  return class WebSocketFromPage extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { origin, ...(session ? { headers: { Cookie: session.cookie } } : {}) });
    }
  };
}

/** The http(s) origin of a ws(s) URL: what a page served by that server sends as `Origin`. */
function httpOriginOf(url: string): string {
  return new URL(url.replace(/^ws/, 'http')).origin;
}

/** Registers afterEach teardown in the calling test file and returns the resource factory. */
export function useTestResources(): TestResources {
  const cleanups: (() => void | Promise<void>)[] = [];

  afterEach(async () => {
    const errors: unknown[] = [];
    // Newest first: providers and sockets go before the server they talk to, servers before their files.
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'test cleanup failed');
  });

  const defer = (cleanup: () => void | Promise<void>): void => {
    cleanups.push(cleanup);
  };

  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(path.join(tmpdir(), 'casewrite-test-'));
    defer(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };

  // Per data directory, its database (created once per test; the drop is registered before any
  // server on it, so it runs after they have all stopped).
  const databases = new Map<string, Promise<string>>();
  const databaseUrlFor = async (dataDir: string): Promise<string | undefined> => {
    const clusterUrl = testClusterUrl();
    if (!clusterUrl) return undefined;
    let url = databases.get(dataDir);
    if (!url) {
      url = ensureTestDatabase(clusterUrl, dataDir);
      databases.set(dataDir, url);
      defer(async () => {
        databases.delete(dataDir);
        await dropTestDatabase(clusterUrl, dataDir);
      });
    }
    return url;
  };

  return {
    defer,
    tempDir,
    databaseUrlFor,

    async openDatabase(dataDir) {
      const dir = dataDir ?? (await tempDir());
      const database = await openDatabase({ dataDir: dir, databaseUrl: await databaseUrlFor(dir) });
      // Kysely's destroy() runs once, however often it is called.
      defer(() => database.db.destroy());
      return database;
    },

    async startServer(options = {}) {
      const dataDir = options.dataDir ?? (await tempDir());
      const databaseUrl = options.databaseUrl ?? (await databaseUrlFor(dataDir));
      const logger = createRecordingLogger();
      const server = await startServer({ host: '127.0.0.1', logger, ...options, port: 0, dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
      let closing: Promise<void> | null = null;
      const stop = (): Promise<void> => {
        closing ??= server.close();
        return closing;
      };
      // A test that stopped the server itself has seen how that went; the cleanup does not repeat it.
      defer(() => (closing ? closing.catch(() => {}) : stop()));
      return Object.assign(server, { dataDir, logger, stop });
    },

    connect(server, letterId, options = {}) {
      const doc = options.doc ?? new Y.Doc();
      const provider = new WebsocketProvider(server.syncUrl, letterId, doc, {
        // ws's WebSocket implements the browser WebSocket API the provider uses; the DOM typings
        // differ only in browser-only members (and event types) it never touches.
        WebSocketPolyfill: webSocketFromPage(server.origin, options.session ?? null) as unknown as typeof globalThis.WebSocket,
        // Essential: Node has a global BroadcastChannel; without this, providers in one process
        // would sync with each other directly and bypass the server under test.
        disableBc: true,
        connect: options.connect ?? true,
        params: options.ack ? { [ACK_PARAM]: '1' } : {},
      });
      defer(() => {
        provider.destroy();
        doc.destroy();
      });
      return { doc, provider };
    },

    rawSocket(url, options = {}) {
      const { session, headers, ...clientOptions } = options;
      const ws = new WebSocket(url, {
        origin: httpOriginOf(url),
        ...clientOptions,
        headers: { ...headers, ...(session ? { Cookie: session.cookie } : {}) },
      });
      const socket: RawSocket = {
        ws,
        frames: [],
        texts: [],
        closeInfo: null,
        refusedStatus: null,
        opened: new Promise((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        }),
        closed: new Promise((resolve) => {
          ws.once('close', (code, reason) => {
            socket.closeInfo = { code, reason: reason.toString() };
            resolve(socket.closeInfo);
          });
        }),
      };
      // Never let a socket error become an uncaught exception; `opened` reports it.
      ws.on('error', () => {});
      // A refused upgrade: record the status, then end the attempt (which rejects `opened` and closes with 1006).
      ws.on('unexpected-response', (_request, response) => {
        socket.refusedStatus = response.statusCode ?? null;
        response.resume();
        ws.terminate();
      });
      socket.opened.catch(() => {});
      ws.on('message', (data, isBinary) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
        if (isBinary) socket.frames.push(new Uint8Array(bytes));
        else socket.texts.push(bytes.toString('utf8'));
      });
      defer(() => {
        if (ws.readyState === WebSocket.CLOSED) return;
        const done = socket.closed.then(() => undefined);
        ws.terminate();
        return done;
      });
      return socket;
    },
  };
}
