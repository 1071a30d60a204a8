/**
 * Two instances holding the same letter, Redis between them: an edit accepted on one reaches the
 * clients of the other, presence crosses too, and an instance that loads a room while the other is
 * busy storing edits misses none of them (it subscribes before it reads the store).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../helpers/accounts';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { appendParagraph, blockTexts } from '../../helpers/ydoc';
import type { RedisProcess } from './redisProcess';
import { startRedisProcess } from './redisProcess';
import { clusterServicesConfigured, startTwoInstances } from './twoInstances';

const resources = useTestResources();

describe.skipIf(!clusterServicesConfigured)('the Redis room bus between two instances', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedisProcess();
  });
  afterAll(async () => {
    await redis.kill();
  });

  it('brings an edit made on one instance to a client of the other, both ways', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const owner = await createUser(a);
    const letter = await createLetter(a, owner);
    const onA = resources.connect(a, letter.id, { session: owner });
    const onB = resources.connect(b, letter.id, { session: owner });
    await Promise.all([waitForSynced(onA.provider), waitForSynced(onB.provider)]);

    const fromA = `from A ${randomUUID()}`;
    appendParagraph(onA.doc, fromA);
    await waitUntil(() => expect(blockTexts(onB.doc)).toContain(fromA));
    const fromB = `from B ${randomUUID()}`;
    appendParagraph(onB.doc, fromB);
    await waitUntil(() => expect(blockTexts(onA.doc)).toContain(fromB));
    expect(blockTexts(onA.doc)).toEqual(blockTexts(onB.doc));
  });

  it('brings presence across, and its end', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const owner = await createUser(a);
    const letter = await createLetter(a, owner);
    const onA = resources.connect(a, letter.id, { session: owner });
    const onB = resources.connect(b, letter.id, { session: owner });
    await Promise.all([waitForSynced(onA.provider), waitForSynced(onB.provider)]);

    const name = `typist ${randomUUID()}`;
    onA.provider.awareness.setLocalStateField('user', { name });
    const clientId = onA.doc.clientID;
    await waitUntil(() => expect(onB.provider.awareness.getStates().get(clientId)).toMatchObject({ user: { name } }));

    // Leaving ends the presence on the other instance too.
    onA.provider.disconnect();
    await waitUntil(() => expect(onB.provider.awareness.getStates().has(clientId)).toBe(false));
  });

  it('gives a room that loads on B while A stores edits every one of them, however they interleave', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const owner = await createUser(a);
    for (let round = 0; round < 5; round += 1) {
      const letter = await createLetter(a, owner);
      const typist = resources.connect(a, letter.id, { session: owner });
      await waitForSynced(typist.provider);
      const typed: string[] = [];
      let late: ReturnType<typeof resources.connect> | null = null;
      for (let k = 0; k < 60; k += 1) {
        const text = `round ${round} line ${k}`;
        appendParagraph(typist.doc, text);
        typed.push(text);
        // B's first client arrives while A's edits are being stored and published, at a different moment each round.
        if (k === 5 + round * 9) late = resources.connect(b, letter.id, { session: owner });
        await new Promise((resolve) => setImmediate(resolve));
        if (k % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      if (!late) throw new Error('the late client never connected');
      const lateClient = late;
      await waitForSynced(lateClient.provider);
      await waitUntil(() => expect(blockTexts(lateClient.doc)).toEqual(blockTexts(typist.doc)));
      for (const text of typed) expect(blockTexts(lateClient.doc)).toContain(text);

      // And B's room holds them itself: a second client on B gets them from B alone.
      const second = resources.connect(b, letter.id, { session: owner });
      await waitForSynced(second.provider);
      expect(blockTexts(second.doc)).toEqual(blockTexts(typist.doc));
      // Done with this round's letter (the cleanup destroys them again, harmlessly).
      for (const client of [typist, lateClient, second]) client.provider.destroy();
    }
  });
});
