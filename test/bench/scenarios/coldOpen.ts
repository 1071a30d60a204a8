/**
 * Opening a letter with a long history (100,000 keystrokes, one update each) on a server that
 * has just started. Measures the time from opening the socket until the client holds the letter,
 * and what the server stores before the open and once it has settled after it.
 *
 * - `cold-open`: the history is sent through the server itself, in frames of 100 keystrokes (one
 *   frame per keystroke took Hocuspocus more than five minutes to take in), so each server stores
 *   it as it would (Casewrite's log and its compaction, Hocuspocus's debounced document state);
 *   then the server restarts and one client opens the letter.
 * - `cold-open-log` (Casewrite only): the history is written straight into Casewrite's update log,
 *   one row per keystroke, never compacted: the longest log it could meet (a store written by
 *   something else, or compaction that never ran).
 */
import * as Y from 'yjs';
import type { BenchClient } from '../clients';
import { openObserver, waitUntilHeld } from '../clients';
import type { EditingTrace } from '../letters';
import { editingTrace } from '../letters';
import { createRecorder } from '../recorder';
import type { ScenarioOptions, ScenarioResult } from '../scenario';
import { measureGenerator, settle, sleep } from '../scenario';
import type { BenchServer, ServerKind } from '../servers';
import { seedLetter, storedSize } from '../storedLetters';
import { summarize } from '../stats';

const KEYSTROKES = { full: 100_000, quick: 20_000 };
/** Keystrokes per frame when the history is sent through the server. */
const KEYSTROKES_PER_FRAME = 100;
/** Each round's server starts with a fresh data folder, so one letter id serves every round. */
const ROOM = '00000000-0000-4000-8000-000000c01d00';
/** How long the stored size must stay the same to count as settled, and the most to wait. */
const STEADY_MS = 3_000;
const SETTLE_LIMIT_MS = 20_000;

const traces = new Map<boolean, EditingTrace>();

/** The trace for this run's length, made once and reused by every server and round. */
function traceFor(options: ScenarioOptions): EditingTrace {
  let trace = traces.get(options.quick);
  if (!trace) {
    trace = editingTrace(options.quick ? KEYSTROKES.quick : KEYSTROKES.full);
    traces.set(options.quick, trace);
  }
  return trace;
}

/** cold-open: types the history through the server, restarts it, opens the letter. */
export async function runColdOpen(server: BenchServer, options: ScenarioOptions): Promise<ScenarioResult> {
  const trace = traceFor(options);
  const recorder = createRecorder();
  const clients: BenchClient[] = [];
  try {
    const writer = openObserver(server, ROOM, recorder.meter);
    clients.push(writer);
    await writer.ready;
    await writer.sendUpdates(framesOf(trace));
    await waitUntilHeld(server, ROOM, trace.state.byteLength, clients, recorder.meter);
  } finally {
    for (const client of clients) client.close();
  }
  // Everyone left: each server stores what it holds in its own time (Hocuspocus debounces).
  await settledSize(server);
  await server.restart();
  return measureOpen(server, trace, recorder);
}

/** The trace's keystrokes merged into frames of KEYSTROKES_PER_FRAME, in order. */
function framesOf(trace: EditingTrace): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let i = 0; i < trace.updates.length; i += KEYSTROKES_PER_FRAME) frames.push(Y.mergeUpdates(trace.updates.slice(i, i + KEYSTROKES_PER_FRAME)));
  return frames;
}

/** cold-open-log: writes the history into the update log before the server starts. */
export function prepareColdOpenLog(kind: ServerKind, dataDir: string, options: ScenarioOptions): Promise<void> {
  return seedLetter(kind, dataDir, ROOM, traceFor(options));
}

/** cold-open-log: opens the letter prepareColdOpenLog stored. */
export function runColdOpenLog(server: BenchServer, options: ScenarioOptions): Promise<ScenarioResult> {
  return measureOpen(server, traceFor(options), createRecorder());
}

/** Opens the stored letter with one client on a server that has not loaded it. */
async function measureOpen(server: BenchServer, trace: EditingTrace, recorder: ReturnType<typeof createRecorder>): Promise<ScenarioResult> {
  const before = storedSize(server.kind, server.dataDir, ROOM);
  const usageBefore = server.usage();
  const stopMeasuringGenerator = measureGenerator();
  let held = 0;
  let client: BenchClient | null = null;
  try {
    const started = performance.now();
    client = openObserver(server, ROOM, recorder.meter, { onStep2: (update) => (held = update.byteLength) });
    await settle([client.ready], 60_000, 'the client synced');
    const syncedMs = performance.now() - started;
    const after = await settledSize(server);
    const usageAfter = server.usage();
    const generator = stopMeasuringGenerator();
    const result = recorder.result({ sent: 0, expected: 0, windowMs: 1, cpuSeconds: usageAfter.cpuSeconds - usageBefore.cpuSeconds, peakRssMiB: usageAfter.peakRssMiB, generator });
    // Servers re-encode the letter, so its size differs a little from the trace's own state.
    const incomplete = held < trace.state.byteLength * 0.9;
    if (incomplete) result.problems.push(`the letter arrived with ${held} of about ${trace.state.byteLength} bytes`);
    return {
      ...result,
      errors: result.errors + (incomplete ? 1 : 0),
      latency: summarize([syncedMs]),
      coldOpen: { keystrokes: trace.updates.length, stateBytes: trace.state.byteLength, storedBeforeBytes: before.bytes, storedAfterBytes: after.bytes, logRowsBefore: before.logRows, logRowsAfter: after.logRows },
    };
  } finally {
    client?.close();
  }
}

/** Polls the stored size until it has not changed for STEADY_MS (stores and compaction done). */
async function settledSize(server: BenchServer): Promise<{ bytes: number; logRows: number }> {
  const read = () => storedSize(server.kind, server.dataDir, ROOM);
  const deadline = performance.now() + SETTLE_LIMIT_MS;
  let last = read();
  let steadySince = performance.now();
  while (performance.now() < deadline) {
    await sleep(200);
    const now = read();
    if (now.bytes !== last.bytes || now.logRows !== last.logRows) {
      last = now;
      steadySince = performance.now();
    } else if (performance.now() - steadySince >= STEADY_MS) {
      break;
    }
  }
  return last;
}
