/**
 * `idle-memory`: 500 letters open with one client each and nobody typing: what an open letter
 * costs the server in resident memory. Each letter has a body typed character by character (so
 * its document has the items a real one has, not one big insert); the client sends it on opening.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type { BenchClient } from '../clients';
import { openObserver } from '../clients';
import { createRecorder } from '../recorder';
import type { ScenarioOptions, ScenarioResult } from '../scenario';
import { measureGenerator, settle, sleep } from '../scenario';
import type { BenchServer } from '../servers';

const LETTERS = 500;
const PARAGRAPHS = 12;
const CHARS_PER_PARAGRAPH = 300;
const JOIN_SPACING_MS = 2;
/** Time for the server to take in every body (and, for Hocuspocus, to run its debounced store). */
const SETTLE_MS = { full: 5_000, quick: 3_000 };

/** Runs idle-memory against one server. */
export async function runIdleMemory(server: BenchServer, options: ScenarioOptions): Promise<ScenarioResult> {
  const body = typedLetter();
  const recorder = createRecorder();
  const clients: BenchClient[] = [];
  try {
    await sleep(500);
    const baseline = server.usage();
    const stopMeasuringGenerator = measureGenerator();
    for (let i = 0; i < LETTERS; i += 1) {
      clients.push(openObserver(server, randomUUID(), recorder.meter, body));
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

/** A letter's update as typing makes it: one character per transaction at a cursor that sometimes jumps. */
function typedLetter(): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('default');
  const words = 'we write on behalf of the patient who has been held in detention since spring and whose condition requires ';
  let state = 7;
  const random = () => {
    // A linear congruential generator: the same letter every run.
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  for (let p = 0; p < PARAGRAPHS; p += 1) {
    const text = new Y.XmlText();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [text]);
    fragment.push([paragraph]);
    let cursor = 0;
    for (let c = 0; c < CHARS_PER_PARAGRAPH; c += 1) {
      if (random() < 0.05) cursor = Math.floor(random() * (text.length + 1));
      doc.transact(() => text.insert(cursor, words[c % words.length] ?? ' '));
      cursor += 1;
    }
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
