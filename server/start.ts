/**
 * Starts a complete Casewrite server: database and migrations, rooms, app, HTTP and websocket
 * listener. `index.ts` calls it with the configuration; tests call it on port 0.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES, SYNC_PATH } from '../shared/protocol';
import { createApp } from './app';
import type { LimitValues } from './auth/rateLimit';
import type { DocStore } from './collab/docStore';
import type { HeartbeatTiming } from './collab/heartbeat';
import { Heartbeat } from './collab/heartbeat';
import { RoomManager } from './collab/rooms';
import type { ExportPoolOptions } from './export/pool';
import { ExportPool } from './export/pool';
import { engineDocStore } from './collab/engineDocStore';
import { recordAudit } from './audit/store';
import type { Connection } from './collab/connection';
import type { AuthorizeConnection } from './collab/upgrade';
import { ConnectionRegistry } from './collab/connections';
import { createCluster } from './cluster/cluster';
import { AccessChecker } from './cluster/recheckAccess';
import type { DatabaseLocation, OpenDatabase } from './db/database';
import { openDatabase } from './db/database';
import { defaultOrigins } from './http/origin';
import { WorkshopHub } from './workshops/hub';
import { createSpotlightPush } from './workshops/spotlightPush';
import { createLetterActivity } from './letters/activity';
import type { Logger } from './logger';
import { consoleLogger } from './logger';
import type { MailSettings } from './mail/mailer';
import { createSmtpMailer } from './mail/mailer';

/** How to start. */
export interface StartOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  dataDir: string;
  /** A postgres:// URL: every store in PostgreSQL instead of the SQLite file under `dataDir`. */
  databaseUrl?: string;
  /** A redis:// URL: rooms and sockets coordinated with the other instances through Redis. */
  redisUrl?: string;
  /** Reverse proxies whose X-Forwarded-For names the client (default none). */
  trustedProxies?: readonly string[];
  /** The public origin; defaults to http://HOST:PORT. */
  origin?: string;
  /** Lets tests wrap the store to delay or fail it. */
  wrapDocStore?: (store: DocStore) => DocStore;
  logger?: Logger;
  /** `invite` closes open sign-up (default `open`). */
  signup?: 'open' | 'invite';
  /** SMTP: invites are mailed and sign-ups confirm their address; without it, owners pass invite links on. */
  mail?: MailSettings;
  /** Keep-alive and ping timing; tests shorten it. */
  heartbeat?: HeartbeatTiming;
  /**
   * Replaces the membership check on sync sockets. Only code that calls `startServer` itself
   * (tests, the benchmark) can pass it; `index.ts` never does, so production always checks.
   */
  authorize?: AuthorizeConnection;
  /** Other values for the rate limits than RequestLimits' (tests only; `index.ts` never passes it). */
  limits?: Partial<LimitValues>;
  /** How often open sockets and streams are checked for expired sessions (default SESSION_SWEEP_MS); tests shorten it. */
  sessionSweepMs?: number;
  /** Export pool limits and whether to keep a worker warm (the entry point does); tests shorten the time limit or the queue. */
  exportLimits?: Partial<ExportPoolOptions>;
}

/** A running server. */
export interface RunningServer {
  /** http://HOST:PORT */
  url: string;
  /** ws://HOST:PORT/sync, the `serverUrl` of a WebsocketProvider. */
  syncUrl: string;
  port: number;
  origin: string;
  /** Where the data lives. */
  database: DatabaseLocation;
  /** The loaded rooms (and their freeze, which marking a letter sent takes, for tests of what races it). */
  rooms: Pick<RoomManager, 'has' | 'size' | 'freeze'>;
  /**
   * Stops accepting, stores every room, closes every socket and the database. Rejects (after
   * closing everything) if the store refused the last edits; the entry point then exits 1.
   */
  close(): Promise<void>;
}

/** How long sockets get to finish their close handshake at shutdown. */
const CLOSE_GRACE_MS = 1_000;

/** Starts the server and resolves once it accepts connections. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const log = options.logger ?? consoleLogger;
  const database = await openDatabase({ dataDir: options.dataDir, databaseUrl: options.databaseUrl });
  const engineStore = engineDocStore(database);
  const docStore = options.wrapDocStore ? options.wrapDocStore(engineStore) : engineStore;
  const cluster = await createCluster({ redisUrl: options.redisUrl, log, limits: options.limits });
  const { bus } = cluster;
  const connections = new ConnectionRegistry(cluster.control);
  // Closes published while this instance, or another, was cut off from Redis went nowhere: check
  // every socket again once this one is back, or when another says it is (its resync).
  const access = new AccessChecker(database.db, connections, log, cluster.control);
  const recheck = () => void access.recheckAll();
  const stopRechecks = [
    access.startSweeping(options.sessionSweepMs),
    cluster.pubsub?.onReconnected(recheck),
    cluster.control.onMessage((message) => {
      if (message.type === 'resync') recheck();
    }),
  ];
  const workshopHub = new WorkshopHub(cluster.control);
  const letterActivity = createLetterActivity(database.db, log);
  const spotlightPush = createSpotlightPush(database.db, workshopHub, log);
  const rooms = new RoomManager({
    store: docStore,
    bus,
    log,
    onStored: (letterId) => {
      letterActivity(letterId);
      spotlightPush.stored(letterId);
    },
    onEditsRejected: (conn) => recordRejectedEdits(database.db, conn, log),
  });
  const heartbeat = new Heartbeat(connections, options.heartbeat);
  const exports = new ExportPool(options.exportLimits);
  const allowedOrigins: string[] = [];
  const mailer = options.mail ? createSmtpMailer(options.mail, log) : undefined;
  const app = createApp({
    db: database.db,
    docStore,
    rooms,
    connections,
    log,
    allowedOrigins,
    signup: options.signup ?? 'open',
    secureCookies: options.origin?.startsWith('https:') ?? false,
    workshopHub,
    limiters: cluster.limiters,
    presence: cluster.presence,
    trustedProxies: options.trustedProxies ?? [],
    authorize: options.authorize,
    access,
    mailer,
    exports,
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host, websocket: { server: wss } });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // serve() listens on a TCP port, so the address is an AddressInfo, never a pipe name.
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  // Known only now that the port is bound (port 0 picks one).
  allowedOrigins.push(...(options.origin ? [options.origin] : defaultOrigins(options.host, port)));

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      heartbeat.stop();
      spotlightPush.stop();
      for (const stop of stopRechecks) stop?.();
      // Everything else still closes if the last edits could not be stored; then close() rejects.
      const unstored = await rooms.close().then(
        () => null,
        (error: unknown) => error,
      );
      await waitForSockets(wss, CLOSE_GRACE_MS);
      // Exports still running fail (their requests are being cut anyway); no worker outlives the server.
      await exports.close();
      if ('closeAllConnections' in server) server.closeAllConnections();
      await stopped;
      await cluster.close();
      mailer?.close();
      await docStore.close();
      // Also ends PostgreSQL's pool.
      await database.db.destroy();
      if (unstored) throw unstored;
    })();
    return closing;
  };

  return {
    url,
    syncUrl: `${url.replace(/^http/, 'ws')}${SYNC_PATH}`,
    port,
    origin: options.origin ?? url,
    database: database.location,
    rooms,
    close,
  };
}

/** Audits that a read-only connection sent edits (once per connection; they were dropped). */
function recordRejectedEdits(db: OpenDatabase['db'], conn: Connection, log: Logger): void {
  recordAudit(db, {
    action: 'sync.edit_rejected',
    actorId: conn.userId,
    letterId: conn.room,
  }).catch((error: unknown) => log.error('could not audit rejected edits', { error }));
}

/** Waits until every websocket has closed, ending the stragglers after `graceMs`. */
async function waitForSockets(wss: WebSocketServer, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (wss.clients.size > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (const socket of wss.clients) socket.terminate();
}
