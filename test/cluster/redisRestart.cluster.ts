/**
 * Redis restarted while clients on three instances type: the redis-server is killed, the clients
 * keep typing (each instance still stores and acknowledges; only the bus between them is gone),
 * and Redis starts again, empty, on the same port. Afterwards every letter converges on every
 * instance and in the store, nothing typed is missing from the store, and the traffic on Redis
 * dies down: a raw subscriber to every channel sees the message count settle to zero once the
 * clients are quiet, and one more edit makes exactly one message (nobody republishes what they receive).
 *
 * CLUSTER_REDIS_SEED replays a run's seeded choices.
 */
import { describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../helpers/accounts';
import { connectSpread, createLetters, expectConverged, letterContent, seedFrom, typeEdits, useClusterServices, waitAllSaved, waitForQuiet, waitSameContent, withSeed, type ClusterInstance } from '../helpers/cluster';
import { createRandom } from '../helpers/randomEdits';
import { countAllMessages } from '../helpers/redis';
import { useTestResources } from '../helpers/resources';
import { expectStoredHolds, type Typist } from '../helpers/typists';
import { waitUntil } from '../helpers/wait';
import { appendParagraph, blockTexts } from '../helpers/ydoc';

const services = useClusterServices();
const resources = useTestResources();

const SEED = seedFrom('CLUSTER_REDIS_SEED', 92_001);
const LETTERS = 3;
const CLIENTS_PER_LETTER = 3;
const EDITS_BEFORE = 150;
/** Edits typed while Redis is down, and after it is back. */
const EDITS_WHILE_DOWN = 150;
const EDITS_AFTER = 150;
/** Recovery includes ioredis's reconnect back-off and every instance reloading its rooms. */
const CLUSTER_WAIT_MS = 30_000;
/** The traffic must rest this long to count as settled, and settle within the bound. */
const QUIET_MS = 2_000;
const SETTLE_BOUND_MS = 15_000;
const TEST_TIMEOUT_MS = 120_000;

describe('Redis restarted during editing', () => {
  it(
    `the letters converge on every instance and in the store, and no message goes round (seed ${SEED})`,
    async () => {
      const cluster = await services.createCluster(resources);
      await withSeed(SEED, 'CLUSTER_REDIS_SEED', async () => {
        const random = createRandom(SEED);
        const instances = await cluster.startInstances(['A', 'B', 'C']);
        const people = [await createUser(instances[0] as ClusterInstance), await createUser(instances[1] as ClusterInstance), await createUser(instances[2] as ClusterInstance)];
        const [owner, ...editors] = people as [TestUser, TestUser, TestUser];
        const letters = await createLetters(instances, owner, editors, LETTERS);
        const { typists, instanceOf } = await connectSpread(resources, instances, letters, people, CLIENTS_PER_LETTER);
        const docs = typists.map((typist) => typist.doc);

        await typeEdits(docs, random, EDITS_BEFORE);
        await cluster.redis.kill();
        await typeEdits(docs, random, EDITS_WHILE_DOWN);
        // Acknowledgements keep coming while Redis is down: the store does not need it. Meanwhile
        // the instances know nothing of each other's edits, so some letter shows differently on them.
        await waitAllSaved(typists, instanceOf, CLUSTER_WAIT_MS);
        const differing = letters.filter((letter) => new Set(typists.filter((typist) => typist.letterId === letter.id).map((typist) => letterContent(typist.doc))).size > 1);
        expect(differing.length, 'while Redis was down, every letter still looked the same everywhere: the outage was not felt').toBeGreaterThan(0);
        await cluster.redis.start();
        // Counts everything published from the restart on: the instances' recovery, the edits after it, and then silence.
        const counter = await countAllMessages(cluster.redis.url);
        resources.defer(() => counter.close());
        await typeEdits(docs, random, EDITS_AFTER);

        // Everything typed is stored, and every client of a letter, on every instance, shows what is stored.
        await waitAllSaved(typists, instanceOf, CLUSTER_WAIT_MS);
        const views = letters.map((letter) => ({
          letterId: letter.id,
          clients: typists
            .filter((typist) => typist.letterId === letter.id)
            .map((typist) => ({ label: `client ${typist.doc.clientID} on instance ${instanceOf.get(typist)?.name ?? '?'}`, doc: typist.doc })),
        }));
        await waitSameContent(typists, instanceOf, CLUSTER_WAIT_MS);
        await expectConverged(cluster, views, 'after Redis restarted');
        let updatesChecked = 0;
        for (const letter of letters) {
          const stored = await cluster.readStored(letter.id);
          const typed = typists.filter((typist) => typist.letterId === letter.id).flatMap((typist) => typist.localUpdates.map(({ update }) => update));
          expectStoredHolds(stored, typed, `letter ${letter.id} after Redis restarted`);
          updatesChecked += typed.length;
          stored.destroy();
        }

        // Quiet clients: clear their presence, so no presence renewal (every 15 s) counts as traffic.
        for (const typist of typists) typist.provider.awareness.setLocalState(null);
        const settled = await waitForQuiet(counter.total, QUIET_MS, SETTLE_BOUND_MS);

        // One more edit: it crosses to the other instances and the traffic settles again.
        const [first] = typists as [Typist, ...Typist[]];
        const text = `after the restart ${SEED}`;
        appendParagraph(first.doc, text);
        for (const typist of typists.filter((other) => other.letterId === first.letterId)) {
          await waitUntil(() => expect(blockTexts(typist.doc)).toContain(text), CLUSTER_WAIT_MS);
        }
        const afterEdit = await waitForQuiet(counter.total, QUIET_MS, SETTLE_BOUND_MS);
        const forOneEdit = afterEdit.total - settled.total;
        // The instance that stored it publishes it once; the others apply it and publish nothing.
        expect(forOneEdit, `one edit made ${forOneEdit} messages (per channel, from the restart on: ${JSON.stringify([...counter.byChannel()])})`).toBe(1);
        expect(new Set(typists.filter((typist) => typist.letterId === first.letterId).map((typist) => letterContent(typist.doc))).size).toBe(1);

        // Per kind of channel: the letters' channels together.
        const perKind = new Map<string, number>();
        for (const [channel, count] of counter.byChannel()) {
          const kind = channel.replace(/[0-9a-f-]{36}$/, '<letter>');
          perKind.set(kind, (perKind.get(kind) ?? 0) + count);
        }
        const perChannel = [...perKind].map(([kind, count]) => `${kind} ${count}`);
        console.info(
          `cluster Redis restart (seed ${SEED}): ${instances.length} instances, ${LETTERS} letters, ${typists.length} clients, ` +
            `${EDITS_BEFORE + EDITS_WHILE_DOWN + EDITS_AFTER} edits (${EDITS_WHILE_DOWN} while Redis was down, after which ${differing.length} ` +
            `of ${LETTERS} letters differed between instances); converged, ` +
            `${updatesChecked} typed updates found in the store; ${settled.total} messages on Redis from its restart until the traffic ` +
            `rested ${QUIET_MS} ms (${settled.waitedMs} ms after quiescence; ${perChannel.join(', ')}), then ${forOneEdit} for one more edit`,
        );
      }, cluster.outputs);
    },
    TEST_TIMEOUT_MS,
  );
});
