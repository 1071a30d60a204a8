/**
 * `idle-memory`: 500 letters open with one client each and nobody typing: what an open letter
 * costs the server in resident memory. Each letter has a body typed character by character (so
 * its document has the items a real one has, not one big insert); the client sends it on opening.
 */
import { randomUUID } from 'node:crypto';
import type { BenchClient } from '../clients';
import { openObserver } from '../clients';
import { typedLetter } from '../letters';
import { createRecorder } from '../recorder';
import type { ScenarioOptions, ScenarioResult } from '../scenario';
import { measureGenerator, settle, sleep } from '../scenario';
import type { BenchServer } from '../servers';

const LETTERS = 500;
/** About 3,600 characters: a two-page letter. */
const PARAGRAPHS = 12;
const JOIN_SPACING_MS = 2;
/** Time for the server to take in every body (and, for Hocuspocus, to run its debounced store). */
const SETTLE_MS = { full: 5_000, quick: 3_000 };

/** Runs idle-memory against one server. */
export async function runIdleMemory(server: BenchServer, options: ScenarioOptions): Promise<ScenarioResult> {
  const body = typedLetter(PARAGRAPHS);
  const recorder = createRecorder();
  const clients: BenchClient[] = [];
  try {
    await sleep(500);
    const baseline = server.usage();
    const stopMeasuringGenerator = measureGenerator();
    for (let i = 0; i < LETTERS; i += 1) {
      clients.push(openObserver(server, randomUUID(), recorder.meter, { initialUpdate: body }));
      await sleep(JOIN_SPACING_MS);
    }
    await settle(
      clients.map((client) => client.ready),
      30_000,
      'every client synced',
    );
    await sleep(options.quick ? SETTLE_MS.quick : SETTLE_MS.full);
    const loaded = server.usage();
    const generator = stopMeasuringGenerator();
    const result = recorder.result({ sent: 0, expected: 0, windowMs: 1, cpuSeconds: loaded.cpuSeconds - baseline.cpuSeconds, peakRssMiB: loaded.peakRssMiB, generator });
    return {
      ...result,
      memory: {
        letters: LETTERS,
        bodyBytes: body.byteLength,
        baselineMiB: baseline.rssMiB,
        loadedMiB: loaded.rssMiB,
        perLetterKiB: ((loaded.rssMiB - baseline.rssMiB) * 1024) / LETTERS,
      },
    };
  } finally {
    for (const client of clients) client.close();
  }
}
