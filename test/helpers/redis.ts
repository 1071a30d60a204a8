/**
 * A private `redis-server` for one test file of the scale-out tests: spawned on a free loopback
 * port with persistence off, so a test can kill it (as a crash or a restart of Redis would end it)
 * and start it again on the same port, where the instances' clients find it when they reconnect.
 * Also a raw subscriber that counts every message published on it, to see the traffic settle.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

/** How long `redis-server` may take to accept connections; it needs a few milliseconds. */
const REDIS_START_TIMEOUT_MS = 10_000;

/** A redis-server process the test controls. */
export interface RedisServer {
  port: number;
  /** redis://127.0.0.1:PORT, the REDIS_URL of every instance. */
  url: string;
  /** Whether the process is running now. */
  running(): boolean;
  /** Starts it on its port again (after `kill`); resolves once it accepts connections. */
  start(): Promise<void>;
  /** Ends it with SIGKILL, as a crash would, and resolves once it has exited. */
  kill(): Promise<void>;
  /** Everything the current process wrote. */
  output(): string;
  /** Kills it if running and removes its directory. */
  dispose(): Promise<void>;
}

/** Whether a `redis-server` binary is on the PATH. */
export function hasRedisServerBinary(): boolean {
  const result = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/** A loopback port nobody listens on right now (the OS picks it; we release it at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Spawns redis-server on a free port (`--save '' --appendonly no`) and resolves once it is ready. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'casewrite-redis-'));
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let output = '';

  const start = async (): Promise<void> => {
    if (child) throw new Error(`redis-server on port ${port} is already running`);
    output = '';
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'notice'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) =>
      started.once('exit', () => {
        if (child === started) child = null;
        resolve();
      }),
    );
    const deadline = Date.now() + REDIS_START_TIMEOUT_MS;
    while (!/Ready to accept connections/.test(output)) {
      if (child !== started) throw new Error(`redis-server on port ${port} exited during start:\n${output}`);
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start within ${REDIS_START_TIMEOUT_MS} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  const kill = async (): Promise<void> => {
    const current = child;
    if (!current) return;
    current.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    running: () => child !== null,
    start,
    kill,
    output: () => output,
    async dispose() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A raw subscriber to every channel (`PSUBSCRIBE *`) that counts what it sees. */
export interface ChannelCounter {
  /** Messages seen so far, in total. */
  total(): number;
  /** Messages seen so far, per channel. */
  byChannel(): Map<string, number>;
  close(): Promise<void>;
}

/** Subscribes to every channel of the Redis at `url`; resolves once the subscription is live. */
export async function countAllMessages(url: string): Promise<ChannelCounter> {
  const subscriber = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const counts = new Map<string, number>();
  let total = 0;
  subscriber.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer) => {
    const name = channel.toString();
    counts.set(name, (counts.get(name) ?? 0) + 1);
    total += 1;
  });
  await subscriber.connect();
  await subscriber.psubscribe('*');
  return {
    total: () => total,
    byChannel: () => new Map(counts),
    async close() {
      subscriber.disconnect();
    },
  };
}
