/**
 * The servers under test, each started as its own child process pinned to core 1 (the generator
 * keeps core 0), and measured from outside through /proc: CPU seconds and peak RSS.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ReadyLine } from './servers/ready';

/** Which sync protocol a server speaks, so which clients the generator uses. */
export type Protocol = 'y-websocket' | 'hocuspocus';

/** One server the bench compares. */
export interface ServerKind {
  name: 'casewrite' | 'hocuspocus' | 'reference' | 'relay';
  /** The column heading in the table. */
  label: string;
  /** Its entry file under servers/. */
  entry: string;
  protocol: Protocol;
  /** False for the relay, which never answers SyncStep1: its clients are ready once open. */
  answersSync: boolean;
  /** The provider's server URL (y-websocket appends `/<room>`; Hocuspocus names the room in frames). */
  baseUrl(port: number): string;
}

/** Every server, in the order each round starts them. */
export const SERVER_KINDS: readonly ServerKind[] = [
  { name: 'casewrite', label: 'Casewrite', entry: 'casewrite.ts', protocol: 'y-websocket', answersSync: true, baseUrl: (port) => `ws://127.0.0.1:${port}/sync` },
  { name: 'hocuspocus', label: 'Hocuspocus 4', entry: 'hocuspocus.ts', protocol: 'hocuspocus', answersSync: true, baseUrl: (port) => `ws://127.0.0.1:${port}` },
  { name: 'reference', label: 'y-websocket-server', entry: 'reference.ts', protocol: 'y-websocket', answersSync: true, baseUrl: (port) => `ws://127.0.0.1:${port}` },
  { name: 'relay', label: 'bare relay', entry: 'relay.ts', protocol: 'y-websocket', answersSync: false, baseUrl: (port) => `ws://127.0.0.1:${port}` },
];

/** CPU time and peak memory of a process, read from /proc. */
export interface ProcUsage {
  cpuSeconds: number;
  /** Resident memory now (VmRSS). */
  rssMiB: number;
  /** Peak resident memory so far (VmHWM). */
  peakRssMiB: number;
}

/** A server child process. */
export interface BenchServer {
  kind: ServerKind;
  /** Port and pid change when the server restarts. */
  readonly port: number;
  readonly pid: number;
  /** Its temporary data folder, removed by stop(). */
  dataDir: string;
  /** The Origin a page served by this server sends (Casewrite refuses sockets without it). */
  readonly origin: string;
  usage(): ProcUsage;
  /** Whether it exited on its own (a crash) before stop() was called. */
  exited(): boolean;
  /** Stops the process (SIGTERM, as an operator would) and starts a new one on the same data folder. */
  restart(): Promise<void>;
  /** Stops the process and removes the data folder. */
  stop(): Promise<void>;
}

const SERVERS_DIR = fileURLToPath(new URL('./servers/', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const CAN_PIN = spawnSync('taskset', ['-c', '1', 'true']).status === 0;

/** Whether server and generator run on separate cores (taskset exists and core 1 does). */
export const pinned = CAN_PIN;

/** Where a Casewrite server keeps its data besides its folder, and how instances talk. */
export interface ServerServices {
  /** A PostgreSQL database for every store, instead of SQLite in the data folder. */
  DATABASE_URL?: string;
  /** Redis between instances. */
  REDIS_URL?: string;
}

/** How to start a bench server. */
export interface StartBenchOptions {
  /** Runs first, with the server not yet started: it may write into the folder (cold-open's stored letter). */
  prepare?: (dataDir: string) => Promise<void>;
  /**
   * Given to the server's environment. A server never inherits these two from the generator's
   * environment (CI sets them for the whole run), so every scenario but scale-out measures
   * Casewrite's embedded default.
   */
  services?: ServerServices;
}

/** Starts `kind` in a fresh temporary data folder and resolves once it listens. */
export async function startBenchServer(kind: ServerKind, options: StartBenchOptions = {}): Promise<BenchServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `casewrite-bench-${kind.name}-`));
  await options.prepare?.(dataDir);
  const env = serverEnvironment(options.services ?? {});
  let current = await launch(kind, dataDir, env);
  return {
    kind,
    dataDir,
    get port() {
      return current.port;
    },
    get pid() {
      return current.pid;
    },
    get origin() {
      return `http://127.0.0.1:${current.port}`;
    },
    usage: () => current.usage(),
    exited: () => current.exitedEarly(),
    async restart() {
      await current.stop();
      current = await launch(kind, dataDir, env);
    },
    async stop() {
      await current.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** One run of a server's process. */
interface ServerProcess {
  port: number;
  pid: number;
  usage(): ProcUsage;
  exitedEarly(): boolean;
  stop(): Promise<void>;
}

/** The generator's environment without DATABASE_URL and REDIS_URL, plus `services`. */
function serverEnvironment(services: ServerServices): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
  return { ...inherited, ...services };
}

async function launch(kind: ServerKind, dataDir: string, env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  // BENCH_PROFILE=<folder>: each server writes V8 CPU profiles (one per thread; the main
  // thread's is the largest) into <folder>/<server>-<time>/ when it stops.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(path.resolve(process.env.BENCH_PROFILE), `${kind.name}-${Date.now()}`)}`] : [];
  const node = [process.execPath, ...profile, '--import', 'tsx', path.join(SERVERS_DIR, kind.entry), dataDir];
  // taskset execs node in place, so the child's pid is the server's.
  const [command, ...args] = CAN_PIN ? ['taskset', '-c', '1', ...node] : node;
  // Both arrays start with a string literal or process.execPath.
  const child = spawn(command!, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const spawnedAt = performance.now();
  let exited = false;
  let stopping = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exit.then(() => {
    exited = true;
  });
  const port = await readPort(child, kind);
  const pid = child.pid ?? 0;
  return {
    port,
    pid,
    usage() {
      // Scenarios read usage at the edges of what they measure: with profiles, say when that was
      // (profileSummary.ts --from/--to keeps just that stretch).
      if (profile.length > 0) console.log(`[profile mark: ${((performance.now() - spawnedAt) / 1000).toFixed(2)} s after ${kind.name} started]`);
      return readUsage(pid);
    },
    exitedEarly: () => exited && !stopping,
    async stop() {
      stopping = true;
      if (!exited) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(killer);
      }
    },
  };
}

/** Reads the child's ready line, then keeps draining stdout so its logging never blocks. */
function readPort(child: ChildProcess, kind: ServerKind): Promise<number> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) throw new Error('the child has no stdout pipe');
    const lines = createInterface({ input: child.stdout });
    let ready = false;
    const timer = setTimeout(() => reject(new Error(`${kind.name} did not start within 30 s`)), 30_000);
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`${kind.name} exited (code ${code}) before listening`));
    });
    lines.on('line', (line) => {
      if (ready || !line.startsWith('{')) return;
      // Any JSON line may pass by (a server's own logging); only one with a numeric port counts.
      const parsed = JSON.parse(line) as Partial<ReadyLine>;
      if (typeof parsed.port !== 'number') return;
      ready = true;
      clearTimeout(timer);
      resolve(parsed.port);
    });
  });
}

/** utime + stime, VmRSS and VmHWM of a live process. */
function readUsage(pid: number): ProcUsage {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kiB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / CLOCK_TICKS, rssMiB: kiB('VmRSS') / 1024, peakRssMiB: kiB('VmHWM') / 1024 };
}
