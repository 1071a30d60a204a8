/**
 * Three instances of the real server on one PostgreSQL database and one Redis, clients spread
 * across them: concurrent edits of several letters converge on every client and in the store,
 * and an instance that loads a letter while others are typing into it (a late joiner) ends with
 * everything, with no update falling between what it read from the store and what the bus
 * brought it.
 *
 * CLUSTER_SEED and CLUSTER_LATE_SEED replay a run's seeded choices (which client types what, and
 * when the late joiners join).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Letter } from '../../shared/letters';
import { createUser, type TestUser } from '../helpers/accounts';
import { connectSpread, createLetters, editAsAnEditorWould, expectConverged, letterContent, seedFrom, typeEdits, useClusterServices, waitAllSaved, waitSameContent, withSeed, type ClusterInstance } from '../helpers/cluster';
import { createRandom } from '../helpers/randomEdits';
import { useTestResources } from '../helpers/resources';
import { connectTypist, expectStoredHolds, type Typist } from '../helpers/typists';
import { waitForSynced } from '../helpers/wait';

const services = useClusterServices();
const resources = useTestResources();

const SEED = seedFrom('CLUSTER_SEED', 90_001);
const LATE_SEED = seedFrom('CLUSTER_LATE_SEED', 90_002);
/** Waits across instances: a bus hop and a commit on a busy two-core machine. */
const CLUSTER_WAIT_MS = 30_000;
const TEST_TIMEOUT_MS = 90_000;
/** A bound on the fast typing while late joiners join (a join takes a few milliseconds to a few seconds). */
const MAX_EDITS_DURING_JOINS = 3_000;

/** Per letter, its typists as labelled views for `expectConverged`. */
function viewsOf(letters: readonly Letter[], typists: readonly Typist[], instanceOf: Map<Typist, ClusterInstance>) {
  return letters.map((letter) => ({
    letterId: letter.id,
    clients: typists
      .filter((typist) => typist.letterId === letter.id)
      .map((typist) => ({ label: `client ${typist.doc.clientID} on instance ${instanceOf.get(typist)?.name ?? '?'}`, doc: typist.doc })),
  }));
}

describe('three instances', () => {
  it(
    `clients spread across three instances converge on concurrent edits, and the store holds the same (seed ${SEED})`,
    async () => {
      const LETTERS = 4;
      const CLIENTS_PER_LETTER = 4;
      const EDITS = 600;
      const cluster = await services.createCluster(resources);
      await withSeed(SEED, 'CLUSTER_SEED', async () => {
        const random = createRandom(SEED);
        const instances = await cluster.startInstances(['A', 'B', 'C']);
        // Accounts made on different instances, used on all of them: sessions live in the shared store.
        const people = [await createUser(instances[0] as ClusterInstance), await createUser(instances[1] as ClusterInstance), await createUser(instances[2] as ClusterInstance)];
        const [owner, ...editors] = people as [TestUser, TestUser, TestUser];
        const letters = await createLetters(instances, owner, editors, LETTERS);

        // Every letter is held by all three instances.
        const { typists, instanceOf } = await connectSpread(resources, instances, letters, people, CLIENTS_PER_LETTER);

        await typeEdits(typists.map((typist) => typist.doc), random, EDITS);
        await waitAllSaved(typists, instanceOf, CLUSTER_WAIT_MS);
        await waitSameContent(typists, instanceOf, CLUSTER_WAIT_MS);
        await expectConverged(cluster, viewsOf(letters, typists, instanceOf), 'after typing');
        let updatesChecked = 0;
        for (const letter of letters) {
          const stored = await cluster.readStored(letter.id);
          const typed = typists.filter((typist) => typist.letterId === letter.id).flatMap((typist) => typist.localUpdates.map(({ update }) => update));
          expectStoredHolds(stored, typed, `letter ${letter.id}`);
          updatesChecked += typed.length;
          stored.destroy();
        }

        // A fresh instance, which never held these letters, serves them from the store: the same content.
        const fresh = await cluster.startInstance('D');
        for (const letter of letters) {
          const reader = resources.connect(fresh, letter.id, { session: owner });
          await waitForSynced(reader.provider);
          const expected = letterContent((typists.find((typist) => typist.letterId === letter.id) as Typist).doc); // every letter has clients
          expect(letterContent(reader.doc), `letter ${letter.id} reopened on a fresh instance`).toBe(expected);
          reader.provider.destroy();
        }
        console.info(
          `cluster convergence (seed ${SEED}): ${instances.length} instances, ${LETTERS} letters, ${typists.length} clients, ` +
            `${EDITS} edits; every client, the store and a fresh instance agree; ${updatesChecked} typed updates found in the store`,
        );
      }, cluster.outputs);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    `an instance that loads a letter while others type into it (a late joiner) ends with everything (seed ${LATE_SEED})`,
    async () => {
      const LETTERS = 6;
      const EDITS = 900;
      const seed = LATE_SEED;
      const cluster = await services.createCluster(resources);
      await withSeed(seed, 'CLUSTER_LATE_SEED', async () => {
        const random = createRandom(seed);
        const [a, b, c] = (await cluster.startInstances(['A', 'B', 'C'])) as [ClusterInstance, ClusterInstance, ClusterInstance];
        const owner = await createUser(a);
        const editor = await createUser(b);
        const letters = await createLetters([a, b], owner, [editor], LETTERS);

        // Two clients per letter on A and B; C has not loaded any of the letters.
        const instanceOf = new Map<Typist, ClusterInstance>();
        const connect = (instance: ClusterInstance, letter: Letter, person: TestUser): Typist => {
          const typist = connectTypist(resources, instance, letter.id, person);
          instanceOf.set(typist, instance);
          return typist;
        };
        const typists = letters.flatMap((letter) => [connect(a, letter, owner), connect(b, letter, editor)]);
        await Promise.all(typists.map((typist) => waitForSynced(typist.provider)));

        // While they type, each letter gets a client on C at its own seeded moment, which types
        // too from then on (so C publishes as well as receives, some edits made before it synced).
        // Until C has loaded the letter and synced that client, the letter's clients on A and B
        // type fast: updates are stored and published throughout C's subscribe and read, where
        // one that fell between the two would be missing on C for good.
        const joinAt = new Map(letters.map((letter, index) => [Math.floor(((index + 0.2 + random.next() * 0.6) * EDITS) / (LETTERS + 1)), letter]));
        const docs = typists.map((typist) => typist.doc);
        const lateJoiners: Typist[] = [];
        let editsDuringJoins = 0;
        await typeEdits(docs, random, EDITS, async (edit) => {
          const letter = joinAt.get(edit);
          if (!letter) return;
          const late = connect(c, letter, random.next() < 0.5 ? owner : editor);
          lateJoiners.push(late);
          docs.push(late.doc);
          const onLetter = typists.filter((typist) => typist.letterId === letter.id).map((typist) => typist.doc);
          while (!late.provider.synced && editsDuringJoins < MAX_EDITS_DURING_JOINS) {
            editAsAnEditorWould(random.pick(onLetter), random);
            editsDuringJoins += 1;
            await delay(1);
          }
        });
        expect(lateJoiners).toHaveLength(LETTERS);
        await Promise.all(lateJoiners.map((late) => waitForSynced(late.provider)));

        const everyone = [...typists, ...lateJoiners];
        await waitAllSaved(everyone, instanceOf, CLUSTER_WAIT_MS);
        await waitSameContent(everyone, instanceOf, CLUSTER_WAIT_MS);
        await expectConverged(cluster, viewsOf(letters, everyone, instanceOf), 'after the late joiners');
        const lateEdits = lateJoiners.reduce((sum, late) => sum + late.localUpdates.length, 0);
        console.info(
          `cluster late joiner (seed ${seed}): ${LETTERS} letters held by A and B loaded by C mid-typing, ${EDITS} edits ` +
            `(${lateEdits} of them by the late joiners) and ${editsDuringJoins} more while C loaded them; every late joiner ends with everything`,
        );
      }, cluster.outputs);
    },
    TEST_TIMEOUT_MS,
  );
});
