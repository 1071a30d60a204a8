/**
 * The typing load that `workshop` and `many-letters` share: letters with a few clients each,
 * some of whom type single characters into their own paragraph at a moving cursor while the rest
 * watch. Measures the lag from a keystroke to its arrival at every other client of its letter.
 */
import { randomUUID } from 'node:crypto';
import type { BenchClient, Typist } from '../clients';
import { openObserver, openTypist } from '../clients';
import { createRecorder } from '../recorder';
import type { ScenarioOptions, ScenarioResult } from '../scenario';
import { measureGenerator, settle, sleep, waitFor } from '../scenario';
import type { BenchServer } from '../servers';

/** Where a typing load's clients connect, and whose usage counts: one server or several instances. */
export interface TypingTarget {
  /** The server that client `client` (0-based) of letter `letter` connects to. */
  serverFor(letter: number, client: number): BenchServer;
  /** Read at the edges of the measured stretch; CPU and memory summed over every process. */
  usage(): Promise<TargetUsage>;
}

/** What a target's processes have used so far. */
export interface TargetUsage {
  cpuSeconds: number;
  peakRssMiB: number;
  /** Redis's own CPU, where the target runs with it. */
  redisCpuSeconds?: number;
}

/** A target of one server: every client connects to it. */
export function oneServer(server: BenchServer): TypingTarget {
  return { serverFor: () => server, usage: async () => server.usage() };
}

/** The shape of a typing load. */
export interface TypingLoad {
  letters: number;
  clientsPerLetter: number;
  typistsPerLetter: number;
  /** Per typist. */
  keystrokesPerSecond: number;
  durationMs: { full: number; quick: number };
  /** Clients connect this far apart: people do not open letters in the same millisecond. */
  joinSpacingMs: number;
}

/** Typing before the measured window, so every server is past its first-use costs. */
const WARMUP_MS = 1_000;
/** How long the last keystrokes get to arrive everywhere; what is still missing then is lost. */
const DRAIN_MS = 5_000;

/** Runs `load` against `target`. */
export async function runTyping(target: TypingTarget, options: ScenarioOptions, load: TypingLoad): Promise<ScenarioResult> {
  const durationMs = options.quick ? load.durationMs.quick : load.durationMs.full;
  const recorder = createRecorder();
  const letters: Typist[][] = [];
  const clients: BenchClient[] = [];
  try {
    for (let letter = 0; letter < load.letters; letter += 1) {
      const room = randomUUID();
      const typists: Typist[] = [];
      for (let i = 0; i < load.clientsPerLetter; i += 1) {
        const server = target.serverFor(letter, i);
        if (i < load.typistsPerLetter) {
          const typist = openTypist(server, room, recorder.meter, letter * load.clientsPerLetter + i + 1);
          typists.push(typist);
          clients.push(typist);
        } else {
          clients.push(openObserver(server, room, recorder.meter));
        }
        await sleep(load.joinSpacingMs);
      }
      letters.push(typists);
    }
    await settle(
      clients.map((client) => client.ready),
      20_000 + 20 * clients.length,
      'every client synced',
    );
    const typists = letters.flat();
    for (const typist of typists) typist.addParagraph();
    await waitFor(() => typists.every((typist) => typist.paragraphs() === load.typistsPerLetter), 10_000, 'every typist sees every paragraph of its letter');

    const before = await target.usage();
    const stopMeasuringGenerator = measureGenerator();
    const intervalMs = 1_000 / load.keystrokesPerSecond;
    const timers: NodeJS.Timeout[] = [];
    let sent = 0;
    const typingStarted = performance.now();
    const windowStart = typingStarted + WARMUP_MS;
    recorder.openWindow(windowStart);
    for (const typist of typists) {
      // Staggered across one keystroke interval, so keystrokes do not all fire in one timer tick.
      await sleep(intervalMs / typists.length);
      timers.push(
        setInterval(() => {
          if (typist.keystroke() >= windowStart) sent += 1;
        }, intervalMs),
      );
    }
    await sleep(WARMUP_MS + durationMs - (performance.now() - typingStarted));
    for (const timer of timers) clearInterval(timer);
    const windowEnd = performance.now();
    const generator = stopMeasuringGenerator();
    recorder.closeWindow(windowEnd);
    const expected = sent * (load.clientsPerLetter - 1);
    await waitFor(() => recorder.delivered() >= expected, DRAIN_MS, 'all updates delivered').catch(() => {});
    const after = await target.usage();

    const result = recorder.result({
      sent,
      expected,
      windowMs: windowEnd - windowStart,
      cpuSeconds: after.cpuSeconds - before.cpuSeconds,
      peakRssMiB: after.peakRssMiB,
      generator,
    });
    if (before.redisCpuSeconds === undefined || after.redisCpuSeconds === undefined) return result;
    return { ...result, redisCpuSeconds: after.redisCpuSeconds - before.redisCpuSeconds };
  } finally {
    for (const client of clients) client.close();
  }
}
