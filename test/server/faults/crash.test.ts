/**
 * Crash durability of the real entry point: clients type into several letters, the server is
 * killed with SIGKILL at a seeded random moment and restarted on the same data directory, and
 * every update acknowledged as stored before the kill is in the reopened letters. Then the
 * clients reconnect and resend what was not acknowledged, and that is stored too.
 *
 * Runs are chained: the server restarted after one crash serves the next run, so N runs cost
 * N + 1 starts and the data directory collects the history of every crash. CRASH_RUNS sets how
 * many runs (default 5); CRASH_SEED sets the first seed, to replay a failed run alone.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Letter } from '../../../shared/letters';
import { createUser, type TestUser } from '../../helpers/accounts';
import { startChildServer, type ChildServer } from '../../helpers/childServer';
import { openTestDatabase } from '../../helpers/database';
import { addMember, createLetter } from '../../helpers/letters';
import { createRandom, randomEdit } from '../../helpers/randomEdits';
import { useTestResources, type TestClient } from '../../helpers/resources';
import { acknowledgedUpdates, connectTypist, expectStoredHolds, expectVectorReaches, isTypistSaved, stateVectorOf, type Typist } from '../../helpers/typists';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { readStoredRoom } from '../../helpers/ydoc';

const resources = useTestResources();

const RUNS = Number(process.env.CRASH_RUNS ?? 5);
const FIRST_SEED = Number(process.env.CRASH_SEED ?? 80_001);
/** Letters per run, and how many clients type into each. */
const CLIENTS_PER_LETTER = [3, 2, 2] as const;
/** A run types at least this many edits before the kill, and up to this many more (seeded). */
const MIN_EDITS_BEFORE_KILL = 30;
const EXTRA_EDITS_BEFORE_KILL = 220;
/** Each run starts one server (typing, the kill and a restart take a few seconds each on a busy machine). */
const RUN_TIMEOUT_MS = 40_000;

/** What one crash run verified. */
interface RunResult {
  seed: number;
  editsBeforeKill: number;
  /** Updates covered by an acknowledgement received before the kill, found in the reopened letters. */
  acknowledgedChecked: number;
  /** How many of those only deleted (no state vector shows them; the count of stored frames does). */
  deletionsChecked: number;
  /** Updates typed before the kill but not acknowledged, stored once their clients reconnected. */
  resentChecked: number;
}

/** Whether an update only deletes: it adds no item, so no state vector shows it stored. */
function isDeletionOnly(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size > 0;
}

/** Types seeded random edits across `typists` and kills the server with SIGKILL after a seeded number of them. */
async function typeUntilKilled(server: ChildServer, typists: Typist[], seed: number): Promise<number> {
  const random = createRandom(seed);
  const killAfter = MIN_EDITS_BEFORE_KILL + random.int(EXTRA_EDITS_BEFORE_KILL + 1);
  let edits = 0;
  // Kill only once something was acknowledged, so every run checks acknowledged updates.
  const anyAcknowledged = () => typists.some((typist) => acknowledgedUpdates(typist).length > 0);
  while (edits < killAfter || !anyAcknowledged()) {
    randomEdit(random.pick(typists).doc, random);
    edits += 1;
    // Bursts in one turn (group commits across letters), turns of the loop, and short pauses, so
    // the kill lands sometimes between commits, sometimes with commits and acks in flight.
    const pause = random.int(4);
    if (pause === 1) await new Promise((resolve) => setImmediate(resolve));
    else if (pause >= 2) await delay(random.int(8));
  }
  server.kill('SIGKILL');
  const exit = await server.exited;
  expect(exit.signal, `the server was killed, not exited:\n${server.output()}`).toBe('SIGKILL');
  return edits;
}

/** Connects a fresh, empty client to each letter and returns, per letter, what the server serves for it. */
async function reopenLetters(server: ChildServer, letterIds: string[], session: TestUser): Promise<Map<string, TestClient>> {
  const readers = new Map(letterIds.map((letterId) => [letterId, resources.connect(server, letterId, { session })]));
  await Promise.all([...readers.values()].map(({ provider }) => waitForSynced(provider)));
  return readers;
}

/** One crash run on `server`; returns the server restarted after the crash, and what was checked. */
async function crashRun(server: ChildServer, people: TestUser[], seed: number): Promise<{ restarted: ChildServer; result: RunResult }> {
  const [owner, ...editors] = people as [TestUser, ...TestUser[]]; // the caller passes at least one person
  const letters: Letter[] = [];
  for (let index = 0; index < CLIENTS_PER_LETTER.length; index += 1) {
    const letter = await createLetter(server, owner);
    for (const editor of editors) await addMember(server, owner, letter.id, editor, 'editor');
    letters.push(letter);
  }
  const typists = letters.flatMap((letter, index) =>
    Array.from({ length: CLIENTS_PER_LETTER[index] ?? 0 }, (_, n) => connectTypist(resources, server, letter.id, people[n % people.length] ?? owner)),
  );
  await Promise.all(typists.map((typist) => waitForSynced(typist.provider)));

  const editsBeforeKill = await typeUntilKilled(server, typists, seed);
  // Acknowledgements already on their way were sent before the kill: let the sockets deliver them
  // and close, then stop the clients so nothing they resend can hide a loss from the check below.
  await waitUntil(() => expect(typists.every((typist) => !typist.provider.wsconnected)).toBe(true));
  for (const typist of typists) typist.provider.disconnect();

  const restarted = await startChildServer(resources, { dataDir: server.dataDir, port: server.port });
  const reopened = await reopenLetters(restarted, letters.map((letter) => letter.id), owner);
  let acknowledgedChecked = 0;
  let deletionsChecked = 0;
  for (const letter of letters) {
    const stored = (reopened.get(letter.id) as TestClient).doc; // reopenLetters connects one reader per letter id
    const onLetter = typists.filter((typist) => typist.letterId === letter.id);
    // Every client's last acknowledgement is a state vector the reopened letter must reach...
    for (const typist of onLetter) {
      expectVectorReaches(stored, typist.acks.acks.at(-1) ?? new Map(), `letter ${letter.id}, last acknowledgement of client ${typist.doc.clientID}`);
    }
    // ...and the content of every update whose frame an acknowledgement counted as stored must
    // be in it, updates that only deleted included.
    const acknowledged = onLetter.flatMap((typist) => acknowledgedUpdates(typist).map(({ update }) => update));
    expectStoredHolds(stored, acknowledged, `letter ${letter.id} after the kill`);
    acknowledgedChecked += acknowledged.length;
    deletionsChecked += acknowledged.filter(isDeletionOnly).length;
  }
  for (const reader of reopened.values()) reader.provider.destroy();

  // The clients reconnect and resend what was never acknowledged. Once each would show "All
  // changes saved" (by the browser client's rule), everything it typed is in the file.
  for (const typist of typists) typist.provider.connect();
  await waitUntil(() => expect(typists.filter((typist) => !isTypistSaved(typist)).map((typist) => typist.doc.clientID)).toEqual([]));
  const reader = openTestDatabase(restarted.database);
  let typedChecked = 0;
  try {
    for (const letter of letters) {
      const stored = (await readStoredRoom(reader, letter.id)).doc;
      const onLetter = typists.filter((typist) => typist.letterId === letter.id);
      for (const typist of onLetter) expectVectorReaches(stored, stateVectorOf(typist.doc), `letter ${letter.id}, client ${typist.doc.clientID} after resending`);
      const typed = onLetter.flatMap((typist) => typist.localUpdates.map(({ update }) => update));
      expectStoredHolds(stored, typed, `letter ${letter.id} after the clients resent and were acknowledged`);
      stored.destroy();
      typedChecked += typed.length;
    }
  } finally {
    await reader.close();
  }
  // Done with these clients (destroying, not only disconnecting, also releases their process exit handlers).
  for (const typist of typists) typist.provider.destroy();
  return { restarted, result: { seed, editsBeforeKill, acknowledgedChecked, deletionsChecked, resentChecked: typedChecked - acknowledgedChecked } };
}

describe('crash durability', () => {
  it(
    `no acknowledged update is lost when the server is killed with SIGKILL (${RUNS} seeded runs from seed ${FIRST_SEED})`,
    async () => {
      const dataDir = await resources.tempDir();
      let server = await startChildServer(resources, { dataDir });
      const people = [await createUser(server), await createUser(server)];
      const results: RunResult[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const seed = FIRST_SEED + run;
        try {
          const { restarted, result } = await crashRun(server, people, seed);
          server = restarted;
          results.push(result);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`crash run with seed ${seed} failed (replay it: CRASH_SEED=${seed} CRASH_RUNS=1): ${reason}`, { cause: error });
        }
      }
      server.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);

      const acknowledged = results.reduce((sum, result) => sum + result.acknowledgedChecked, 0);
      const resent = results.reduce((sum, result) => sum + result.resentChecked, 0);
      const deletions = results.reduce((sum, result) => sum + result.deletionsChecked, 0);
      console.info(
        `crash durability: ${results.length} SIGKILL runs (seeds ${FIRST_SEED}-${FIRST_SEED + RUNS - 1}), ` +
          `${results.reduce((sum, result) => sum + result.editsBeforeKill, 0)} edits typed, ` +
          `${acknowledged} acknowledged updates checked after restart (${deletions} of them only deleted), 0 lost; ` +
          `${resent} unacknowledged updates stored after resend`,
      );
      expect(results).toHaveLength(RUNS);
      for (const result of results) expect(result.acknowledgedChecked, `seed ${result.seed}`).toBeGreaterThan(0);
      // Deletions were among the acknowledged updates checked, so the check above covered them.
      expect(deletions).toBeGreaterThan(0);
    },
    RUN_TIMEOUT_MS * (RUNS + 1),
  );
});
