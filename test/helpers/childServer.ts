/**
 * The real entry point (`server/index.ts`) as a child process, the way `npm start` runs it, for
 * tests that must signal or kill the server: a given DATA_DIR and port, its output kept, and a
 * SIGKILL in the test's cleanup if it is still running. With `DATABASE_URL` set, a child server
 * uses its data directory's own PostgreSQL database (the same one after a restart), as servers
 * started in-process do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import { DATABASE_FILE, type DatabaseLocation } from '../../server/db/database';
import { SYNC_PATH } from '../../shared/protocol';
import type { TestResources } from './resources';
import { waitUntil } from './wait';

/**
 * How long one start may take: tsx compiles the whole server on every start, which takes seconds
 * on a busy two-core machine. A healthy start takes far less.
 */
export const CHILD_START_TIMEOUT_MS = 30_000;

/** How a child process ended: its exit code, or the signal that ended it. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A server process started by the test. */
export interface ServerProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has ended. */
  exited: Promise<ChildExit>;
}

/** A child server that has printed its URL and accepts connections. */
export interface ChildServer extends ServerProcess {
  url: string;
  /** The app's origin (the URL: no ORIGIN is configured). */
  origin: string;
  /** ws://HOST:PORT/sync, the `serverUrl` of a WebsocketProvider. */
  syncUrl: string;
  port: number;
  dataDir: string;
  /** Its database (the SQLite file in `dataDir`, or the data directory's own PostgreSQL database). */
  database: DatabaseLocation;
  /** Sends `signal` to the server process itself (tsx runs in-process, so there is no wrapper). */
  kill(signal: NodeJS.Signals): void;
}

/** Options of `startChildServer`. */
export interface ChildServerOptions {
  dataDir: string;
  /** 0 (default) picks a free port; pass an earlier run's port to restart where clients reconnect. */
  port?: number;
  /** More environment variables. */
  env?: Record<string, string>;
}

/**
 * This process's environment for a child, without the services the suite was pointed at: a child
 * uses a database only when given its own (`startChildServer` does), never the cluster's shared
 * one, and one server alone has no Redis.
 */
function inheritedEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...rest } = process.env;
  return rest;
}

/** Spawns `server/index.ts` with `env` on top of this process's environment; killed in cleanup if still running. */
export function runServerProcess(resources: TestResources, env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...inheritedEnv(), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<ChildExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  resources.defer(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return { child, output: () => output, exited };
}

/** Starts the real server on 127.0.0.1 and resolves once it has printed the URL it serves. */
export async function startChildServer(resources: TestResources, options: ChildServerOptions): Promise<ChildServer> {
  // A caller that gives DATABASE_URL (several instances on one database) gets exactly that.
  const databaseUrl = options.env?.DATABASE_URL ?? (await resources.databaseUrlFor(options.dataDir));
  const started = runServerProcess(resources, {
    ...options.env,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    PORT: String(options.port ?? 0),
    DATA_DIR: options.dataDir,
  });
  const url = await waitUntil(() => {
    expect(started.child.exitCode, `the server exited during start:\n${started.output()}`).toBeNull();
    const match = /running at (http:\/\/[^\s]+)/.exec(started.output());
    expect(match, started.output()).not.toBeNull();
    return match?.[1] ?? '';
  }, CHILD_START_TIMEOUT_MS);
  return {
    ...started,
    url,
    origin: url,
    syncUrl: `${url.replace(/^http/, 'ws')}${SYNC_PATH}`,
    port: Number(new URL(url).port),
    dataDir: options.dataDir,
    database: databaseUrl ? { engine: 'postgres', url: databaseUrl } : { engine: 'sqlite', path: path.join(options.dataDir, DATABASE_FILE) },
    kill: (signal) => {
      started.child.kill(signal);
    },
  };
}
