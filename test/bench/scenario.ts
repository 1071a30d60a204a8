/** What every scenario takes and returns, and the waiting helpers they share. */
import type { LatencySummary } from './stats';

/** Options from the command line. */
export interface ScenarioOptions {
  /** The short CI run. */
  quick: boolean;
}

/** One server's figures in one round. */
export interface ScenarioResult {
  /** Send to receipt at every other client, ms. */
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
  /** The first few errors and disconnects, for the log. */
  problems: string[];
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
