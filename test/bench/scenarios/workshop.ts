/**
 * `workshop`: one letter, thirty people; ten of them type five keystrokes a second, each into
 * their own paragraph at a moving cursor, and everyone else watches. Measures the lag from a
 * keystroke to its arrival at each of the other twenty-nine clients.
 */
import { randomUUID } from 'node:crypto';
import type { BenchClient, Typist } from '../clients';
import { openObserver, openTypist } from '../clients';
import { createRecorder } from '../recorder';
import type { ScenarioOptions, ScenarioResult } from '../scenario';
import { measureGenerator, settle, sleep, waitFor } from '../scenario';
import type { BenchServer } from '../servers';

const CLIENTS = 30;
const TYPISTS = 10;
const KEYSTROKES_PER_SECOND = 5;
/** Typing before the measured window, so every server is past its first-use costs. */
const WARMUP_MS = 1_000;
/** Connects this far apart: thirty people do not open a letter in the same millisecond. */
const JOIN_SPACING_MS = 10;

/** Runs the workshop against one server. */
export async function runWorkshop(server: BenchServer, options: ScenarioOptions): Promise<ScenarioResult> {
  const durationMs = options.quick ? 8_000 : 30_000;
  const room = randomUUID();
  const recorder = createRecorder();
  const typists: Typist[] = [];
  const clients: BenchClient[] = [];
  try {
    for (let i = 0; i < CLIENTS; i += 1) {
      const client = i < TYPISTS ? openTypist(server, room, recorder.meter, i + 1) : openObserver(server, room, recorder.meter);
      if (i < TYPISTS) typists.push(client as Typist);
      clients.push(client);
      await sleep(JOIN_SPACING_MS);
    }
    await settle(clients.map((client) => client.ready), 20_000, 'every client synced');
    for (const typist of typists) {
      typist.addParagraph();
      await sleep(JOIN_SPACING_MS);
    }
    await waitFor(() => typists.every((typist) => typist.paragraphs() === TYPISTS), 10_000, 'every typist sees every paragraph');

    const before = server.usage();
    const stopMeasuringGenerator = measureGenerator();
    const intervalMs = 1_000 / KEYSTROKES_PER_SECOND;
    const timers: NodeJS.Timeout[] = [];
    let sent = 0;
    const typingStarted = performance.now();
    const windowStart = typingStarted + WARMUP_MS;
    recorder.openWindow(windowStart);
    for (const typist of typists) {
      // Staggered across one keystroke interval, so keystrokes do not all fire in one timer tick.
      await sleep(intervalMs / TYPISTS);
      timers.push(
        setInterval(() => {
          if (performance.now() >= windowStart) sent += 1;
          typist.keystroke();
        }, intervalMs),
      );
    }
    await sleep(WARMUP_MS + durationMs - (performance.now() - typingStarted));
    for (const timer of timers) clearInterval(timer);
    const windowEnd = performance.now();
    const generator = stopMeasuringGenerator();
    recorder.closeWindow(windowEnd);
    const expected = sent * (CLIENTS - 1);
    // Waits for the last keystrokes to arrive everywhere (or gives up: what is missing counts as lost).
    await waitFor(() => recorder.delivered() >= expected, 5_000, 'all updates delivered').catch(() => {});
    const after = server.usage();

    return recorder.result({
      sent,
      expected,
      windowMs: windowEnd - windowStart,
      cpuSeconds: after.cpuSeconds - before.cpuSeconds,
      peakRssMiB: after.peakRssMiB,
      generator,
    });
  } finally {
    for (const client of clients) client.close();
  }
}
