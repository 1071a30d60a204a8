/** What every scenario takes and returns, and the waiting helpers they share. */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { LatencySummary } from './stats';

/** Options from the command line. */
export interface ScenarioOptions {
  /** The short CI run. */
  quick: boolean;
}

/** One server's figures in one round. */
export interface ScenarioResult {
  /** Send to receipt at every other client, ms (join-storm: start of the storm to each client synced). */
  latency: LatencySummary;
  deliveredPerSecond: number;
  delivered: number;
  expected: number;
  errors: number;
  disconnects: number;
  /** Server CPU (user + system) while the load ran. */
  cpuSeconds: number;
  /** Server's peak resident memory (VmHWM). */
  peakRssMiB: number;
  /** The generator's own load while the load ran: if it is busy, its figures are its own. */
  generator: GeneratorLoad;
  /** join-storm only: the size of the letter everyone opens, as one update. */
  letterBytes?: number;
  /** idle-memory only: resident memory before and after the letters opened. */
  memory?: MemoryFigures;
  /** cold-open only: the stored letter before and after the open. */
  coldOpen?: ColdOpenFigures;
  /** scale-out only: the CPU Redis used while the load ran (its whole process, shared by every instance). */
  redisCpuSeconds?: number;
  /** The first few errors and disconnects, for the log. */
  problems: string[];
}

/** What idle-memory measures. */
export interface MemoryFigures {
  letters: number;
  /** The size of each letter's body as one update. */
  bodyBytes: number;
  baselineMiB: number;
  loadedMiB: number;
  perLetterKiB: number;
}

/** What cold-open measures besides the time to synced. */
export interface ColdOpenFigures {
  /** Updates in the stored history. */
  keystrokes: number;
  /** The letter's encoded state (`Y.encodeStateAsUpdate`), the size compaction aims at. */
  stateBytes: number;
  storedBeforeBytes: number;
  storedAfterBytes: number;
  logRowsBefore: number;
  logRowsAfter: number;
}

/** How busy the generator was. */
export interface GeneratorLoad {
  /** CPU time over wall time, in percent of one core. */
  cpuPercent: number;
  /** The 99th percentile of its event loop's delay, ms. */
  loopDelayP99: number;
}

/** Starts measuring the generator's load; call the result to stop and read it. */
export function measureGenerator(): () => GeneratorLoad {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  return () => {
    histogram.disable();
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - wallBefore;
    return { cpuPercent: ((cpu.user + cpu.system) / 1_000 / wallMs) * 100, loopDelayP99: histogram.percentile(99) / 1e6 };
  };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Polls `check` every 20 ms; rejects after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(20);
  }
}

/** Waits for every promise, rejecting after `timeoutMs`. */
export async function settle(promises: readonly Promise<void>[], timeoutMs: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting until ${what}`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.all(promises), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
