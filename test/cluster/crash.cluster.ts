/**
 * One of three instances is killed with SIGKILL mid-edit, as a crashed machine would go. Every
 * update acknowledged as stored before the kill, by any instance, is in PostgreSQL before the
 * killed instance's clients come back (so nothing they resend can hide a loss). Then those
 * clients reconnect to the surviving instances, as a load balancer would send them, resend what
 * was never acknowledged, and every letter converges on every client and in the store.
 *
 * Runs are chained: a replacement instance joins after each kill, so the next run again has
 * three. CLUSTER_CRASH_RUNS sets how many runs (default 2); CLUSTER_CRASH_SEED the first seed.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createUser, type TestUser } from '../helpers/accounts';
import { connectSpread, createLetters, expectConverged, moveProvider, seedFrom, typeEdits, useClusterServices, waitAllSaved, waitSameContent, withSeed, type Cluster, type ClusterInstance } from '../helpers/cluster';
import { createRandom } from '../helpers/randomEdits';
import { useTestResources } from '../helpers/resources';
import { acknowledgedUpdates, expectStoredHolds, expectVectorReaches, stateVectorOf } from '../helpers/typists';
import { waitForSynced, waitUntil } from '../helpers/wait';

const services = useClusterServices();
const resources = useTestResources();

const RUNS = Number(process.env.CLUSTER_CRASH_RUNS ?? 2);
const FIRST_SEED = seedFrom('CLUSTER_CRASH_SEED', 91_001);
const LETTERS = 3;
/** Clients per letter, spread so that every instance holds every letter. */
const CLIENTS_PER_LETTER = 3;
/** A run types at least this many edits before the kill, and up to this many more (seeded). */
const MIN_EDITS_BEFORE_KILL = 60;
const EXTRA_EDITS_BEFORE_KILL = 240;
/** Edits while the killed instance's clients are away (they type offline, the others online), and after they are back. */
const EDITS_WHILE_AWAY = 80;
const EDITS_AFTER_RETURN = 80;
const CLUSTER_WAIT_MS = 30_000;
/** Each run types, waits for acknowledgements and starts a replacement instance. */
const RUN_TIMEOUT_MS = 60_000;

/** What one run verified. */
interface RunResult {
  seed: number;
  killed: string;
  editsBeforeKill: number;
  /** Updates covered by an acknowledgement received before the kill (from any instance), found stored. */
  acknowledgedChecked: number;
  /** How many of those only deleted (no state vector shows them; the count of stored frames does). */
  deletionsChecked: number;
  /** Every update typed in the run (acknowledged or not), found stored after the clients came back. */
  typedChecked: number;
  /** Clients that moved from the killed instance to a surviving one. */
  moved: number;
}

/** Whether an update only deletes: it adds no item, so no state vector shows it stored. */
function isDeletionOnly(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size > 0;
}

/** One run on three live instances: returns the result and the instances to use next (the survivors). */
async function crashRun(cluster: Cluster, instances: ClusterInstance[], people: TestUser[], seed: number): Promise<{ result: RunResult; survivors: ClusterInstance[] }> {
  const random = createRandom(seed);
  const [owner, ...editors] = people as [TestUser, ...TestUser[]]; // the caller passes at least one person
  const letters = await createLetters(instances, owner, editors, LETTERS);
  const { typists, instanceOf } = await connectSpread(resources, instances, letters, people, CLIENTS_PER_LETTER);

  const victim = random.pick(instances);
  const survivors = instances.filter((instance) => instance !== victim);
  const orphans = typists.filter((typist) => instanceOf.get(typist) === victim);
  // Kill at a seeded moment, once some client of the victim has had an update acknowledged, so every run checks some.
  const killAfter = MIN_EDITS_BEFORE_KILL + random.int(EXTRA_EDITS_BEFORE_KILL + 1);
  const docs = typists.map((typist) => typist.doc);
  let editsBeforeKill = 0;
  const victimAcknowledged = () => orphans.some((typist) => acknowledgedUpdates(typist).length > 0);
  while (editsBeforeKill < killAfter || !victimAcknowledged()) {
    await typeEdits(docs, random, 1);
    editsBeforeKill += 1;
  }
  victim.kill('SIGKILL');
  const exit = await victim.exited;
  expect(exit.signal, `instance ${victim.name} was killed, not exited:\n${victim.output()}`).toBe('SIGKILL');

  // Acknowledgements already on their way were sent before the kill: let the sockets deliver them
  // and close, then stop the orphans, so nothing they resend can hide a loss from the check below.
  await waitUntil(() => expect(orphans.every((typist) => !typist.provider.wsconnected)).toBe(true));
  for (const typist of orphans) typist.provider.disconnect();

  // Everyone types on: the orphans offline, the others through the survivors.
  await typeEdits(docs, random, EDITS_WHILE_AWAY);

  // Every acknowledged update is stored. What was acknowledged is read before the store, so
  // acknowledgements arriving meanwhile (the survivors' clients are still connected) are covered.
  const claims = letters.map((letter) => {
    const onLetter = typists.filter((typist) => typist.letterId === letter.id);
    return {
      letter,
      lastAcks: onLetter.map((typist) => ({ clientId: typist.doc.clientID, vector: typist.acks.acks.at(-1) ?? new Map<number, number>() })),
      acknowledged: onLetter.flatMap((typist) => acknowledgedUpdates(typist).map(({ update }) => update)),
    };
  });
  let acknowledgedChecked = 0;
  let deletionsChecked = 0;
  for (const { letter, lastAcks, acknowledged } of claims) {
    const stored = await cluster.readStored(letter.id);
    for (const { clientId, vector } of lastAcks) expectVectorReaches(stored, vector, `letter ${letter.id}, last acknowledgement of client ${clientId}`);
    expectStoredHolds(stored, acknowledged, `letter ${letter.id} after instance ${victim.name} was killed`);
    stored.destroy();
    acknowledgedChecked += acknowledged.length;
    deletionsChecked += acknowledged.filter(isDeletionOnly).length;
  }

  // The orphans go to the survivors (spread over them) and resend what was not acknowledged.
  orphans.forEach((typist, index) => {
    const target = survivors[index % survivors.length] as ClusterInstance; // in range
    instanceOf.set(typist, target);
    moveProvider(typist.provider, target);
    typist.provider.connect();
  });
  await Promise.all(orphans.map((typist) => waitForSynced(typist.provider)));
  await typeEdits(docs, random, EDITS_AFTER_RETURN);

  // Once each client would show "All changes saved", everything it typed is stored, and every
  // client of a letter shows what is stored.
  await waitAllSaved(typists, instanceOf, CLUSTER_WAIT_MS);
  let typedChecked = 0;
  for (const letter of letters) {
    const stored = await cluster.readStored(letter.id);
    const onLetter = typists.filter((typist) => typist.letterId === letter.id);
    for (const typist of onLetter) expectVectorReaches(stored, stateVectorOf(typist.doc), `letter ${letter.id}, client ${typist.doc.clientID} after resending`);
    const typed = onLetter.flatMap((typist) => typist.localUpdates.map(({ update }) => update));
    expectStoredHolds(stored, typed, `letter ${letter.id} after the clients came back`);
    stored.destroy();
    typedChecked += typed.length;
  }
  const views = letters.map((letter) => ({
    letterId: letter.id,
    clients: typists
      .filter((typist) => typist.letterId === letter.id)
      .map((typist) => ({ label: `client ${typist.doc.clientID} (now on ${instanceOf.get(typist)?.name ?? '?'})`, doc: typist.doc })),
  }));
  await waitSameContent(typists, instanceOf, CLUSTER_WAIT_MS);
  await expectConverged(cluster, views, `after instance ${victim.name} was killed`);
  for (const typist of typists) typist.provider.destroy();
  return {
    survivors,
    result: { seed, killed: victim.name, editsBeforeKill, acknowledgedChecked, deletionsChecked, typedChecked, moved: orphans.length },
  };
}

describe('an instance killed mid-edit', () => {
  it(
    `loses nothing acknowledged; its clients move to the others and every letter converges (${RUNS} seeded runs from seed ${FIRST_SEED})`,
    async () => {
      const cluster = await services.createCluster(resources);
      let instances = await cluster.startInstances(['A', 'B', 'C']);
      const people = [await createUser(instances[0] as ClusterInstance), await createUser(instances[1] as ClusterInstance), await createUser(instances[2] as ClusterInstance)];
      const results: RunResult[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const seed = FIRST_SEED + run;
        const { result, survivors } = await withSeed(seed, 'CLUSTER_CRASH_RUNS=1 CLUSTER_CRASH_SEED', () => crashRun(cluster, instances, people, seed), cluster.outputs);
        results.push(result);
        // A replacement joins, so the next run again has three instances.
        if (run + 1 < RUNS) instances = [...survivors, await cluster.startInstance(String.fromCharCode('D'.charCodeAt(0) + run))];
      }

      const acknowledged = results.reduce((sum, result) => sum + result.acknowledgedChecked, 0);
      const deletions = results.reduce((sum, result) => sum + result.deletionsChecked, 0);
      console.info(
        `cluster crash: ${results.length} SIGKILL runs (seeds ${FIRST_SEED}-${FIRST_SEED + RUNS - 1}, killed ${results.map((result) => result.killed).join(', ')}), ` +
          `${results.reduce((sum, result) => sum + result.editsBeforeKill, 0)} edits before the kills, ` +
          `${acknowledged} acknowledged updates checked in PostgreSQL (${deletions} of them only deleted), 0 lost; ` +
          `${results.reduce((sum, result) => sum + result.moved, 0)} clients moved to another instance; ` +
          `${results.reduce((sum, result) => sum + result.typedChecked, 0)} typed updates stored and converged`,
      );
      expect(results).toHaveLength(RUNS);
      for (const result of results) expect(result.acknowledgedChecked, `seed ${result.seed}`).toBeGreaterThan(0);
    },
    RUN_TIMEOUT_MS * (RUNS + 1),
  );
});
