/**
 * The export pool: DOCX and PDF exports run in worker threads (piscina), at most
 * ExportLimits.maxConcurrent at once with at most ExportLimits.maxQueued waiting, each within a
 * time limit after which its worker is ended. The server's event loop only hands work over and
 * receives the file, so sockets and other requests keep answering while an export runs.
 */
import { Piscina } from 'piscina';
import { ExportLimits } from '../../shared/limits';
import type { ExportOutcome, ExportTask } from './worker';

/** The limits of a pool; the defaults are ExportLimits (tests shorten the time limit). */
export interface ExportPoolOptions {
  maxConcurrent: number;
  maxQueued: number;
  timeoutMs: number;
  maxWorkerHeapMb: number;
  /**
   * Keep one worker started, its code loaded, from the start: then the first export after a quiet
   * spell does not load the export's code (compiling it, under tsx) while people type. Production
   * keeps one; tests, which start many servers, start workers only when they export.
   */
  keepWarm: boolean;
}

/** Why an export could not run: too many waiting, it took too long, or it needed more memory than a worker may use. */
export class ExportRefused extends Error {
  override readonly name = 'ExportRefused';
  constructor(readonly reason: 'busy' | 'timeout' | 'outOfMemory') {
    super(`export refused: ${reason}`);
  }
}

/** Idle workers end after this long, so a quiet server holds no export memory. */
const IDLE_TIMEOUT_MS = 30_000;

/**
 * How much lower the workers' scheduling priority is than the server's (Unix `nice`, per
 * thread on Linux): on a busy machine the event loop, which everyone's typing waits for, gets
 * the processor before an export does. Where the platform cannot lower it, nothing changes.
 */
const WORKER_NICE_INCREMENT = 10;

/**
 * The worker's flags: the server's, with tsx's loader added when the server was not started
 * through it (tests run the server inside the test runner), so the worker can load TypeScript.
 */
function workerExecArgv(): string[] {
  const argv = process.execArgv;
  const hasTsx = argv.some((arg, index) => (arg === '--import' && argv[index + 1] === 'tsx') || arg === '--import=tsx');
  return hasTsx ? [...argv] : [...argv, '--import', 'tsx'];
}

/** Runs exports in worker threads within the limits. */
export class ExportPool {
  private readonly pool: Piscina<ExportTask, ExportOutcome>;
  private readonly options: ExportPoolOptions;

  constructor(options: Partial<ExportPoolOptions> = {}) {
    this.options = { ...ExportLimits, keepWarm: false, ...options };
    this.pool = new Piscina<ExportTask, ExportOutcome>({
      filename: new URL('./worker.ts', import.meta.url).href,
      minThreads: this.options.keepWarm ? 1 : 0,
      maxThreads: this.options.maxConcurrent,
      maxQueue: this.options.maxQueued,
      idleTimeout: IDLE_TIMEOUT_MS,
      execArgv: workerExecArgv(),
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxWorkerHeapMb },
      niceIncrement: WORKER_NICE_INCREMENT,
    });
  }

  /** Runs one export; rejects with ExportRefused when the queue is full, the time limit passed (counted from the call) or memory ran out. */
  async run(task: ExportTask): Promise<ExportOutcome> {
    if (this.pool.queueSize >= this.options.maxQueued) throw new ExportRefused('busy');
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      return await this.pool.run(task, { signal });
    } catch (error) {
      // Aborting a task ends the worker running it; piscina starts a fresh one for the next.
      if (signal.aborted) throw new ExportRefused('timeout');
      if (error instanceof Error && error.message === 'Task queue is at limit') throw new ExportRefused('busy');
      // The worker reached its heap limit and was ended (by Node, not by us).
      if (error instanceof Error && 'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY') throw new ExportRefused('outOfMemory');
      throw error;
    }
  }

  /** Ends every worker; exports still running or waiting fail. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
