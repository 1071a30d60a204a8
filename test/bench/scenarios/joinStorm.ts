/**
 * `join-storm`: a letter of about 200 KB is open (its author stays connected), then a hundred
 * people open it in the same moment, as when a workshop starts. Measures the time from the
 * storm's start until each client, and the last, holds the letter. Not for the relay: it holds
 * no letter to send.
 */
import { randomUUID } from 'node:crypto';
import type { BenchClient } from '../clients';
import { openObserver, waitUntilHeld } from '../clients';
import { typedLetterOfSize } from '../letters';
import { createRecorder } from '../recorder';
import type { ScenarioOptions, ScenarioResult } from '../scenario';
import { measureGenerator, settle } from '../scenario';
import type { BenchServer } from '../servers';
import { summarize } from '../stats';

const CLIENTS = 100;
const LETTER_BYTES = 200 * 1024;

/** Runs join-storm against one server. */
export async function runJoinStorm(server: BenchServer, _options: ScenarioOptions): Promise<ScenarioResult> {
  const body = typedLetterOfSize(LETTER_BYTES);
  const room = randomUUID();
  const recorder = createRecorder();
  const clients: BenchClient[] = [];
  try {
    const author = openObserver(server, room, recorder.meter, { initialUpdate: body });
    clients.push(author);
    await author.ready;
    await waitUntilHeld(server, room, body.byteLength, clients, recorder.meter);

    const before = server.usage();
    const stopMeasuringGenerator = measureGenerator();
    const started = performance.now();
    const syncedAfter: number[] = [];
    const storm: Promise<void>[] = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      const client = openObserver(server, room, recorder.meter);
      clients.push(client);
      storm.push(client.ready.then(() => void syncedAfter.push(performance.now() - started)));
    }
    await settle(storm, 60_000, 'every client of the storm synced');
    const generator = stopMeasuringGenerator();
    const after = server.usage();
    const result = recorder.result({ sent: 0, expected: 0, windowMs: 1, cpuSeconds: after.cpuSeconds - before.cpuSeconds, peakRssMiB: after.peakRssMiB, generator });
    return { ...result, latency: summarize(syncedAfter), letterBytes: body.byteLength };
  } finally {
    for (const client of clients) client.close();
  }
}
