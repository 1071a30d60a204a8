/**
 * Access that ends on one instance ends on the other: a partner grant revoked through instance A
 * closes the partner's socket held by instance B (4410), a sign-out on A ends the workshop stream
 * B serves, and a grant that ended while B was cut off from Redis closes B's socket once Redis is
 * back, by the same access decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseReason } from '../../../shared/protocol';
import { createUser, signIn } from '../../helpers/accounts';
import { requestJson } from '../../helpers/http';
import { addMember, createLetter } from '../../helpers/letters';
import type { TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced } from '../../helpers/wait';
import { attachLetter, followEvents, joinWorkshop, setUpWorkshop } from '../../helpers/workshops';
import { letterStatus, putPairs, watchCloses } from '../workshops/session';
import type { RedisProcess } from './redisProcess';
import { startRedisProcess } from './redisProcess';
import { clusterServicesConfigured, startTwoInstances } from './twoInstances';

const resources = useTestResources();

/** A co-owned letter brought to a workshop on `a` by a participant paired with a partner whose socket is on `b`. */
async function pairAcross(a: TestServer, b: TestServer) {
  const { workshop, facilitator, participants } = await setUpWorkshop(a, 1);
  const [partner] = participants as [(typeof participants)[0]]; // setUpWorkshop made one
  const owner = await createUser(a);
  const participant = await createUser(a);
  const letter = await createLetter(a, owner);
  await addMember(a, owner, letter.id, participant, 'owner');
  await joinWorkshop(a, participant, workshop.joinCode);
  await attachLetter(a, participant, workshop.id, letter.id);
  await putPairs(a, facilitator, workshop.id, [{ a: participant.user.id, b: partner.user.user.id }]);
  const client = resources.connect(b, letter.id, { session: partner.user });
  await waitForSynced(client.provider);
  return { workshop, facilitator, partner, owner, participant, letter, client };
}

describe.skipIf(!clusterServicesConfigured)('workshop access across instances', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedisProcess();
  });
  afterAll(async () => {
    await redis.kill();
  });

  it('a grant revoked through one instance closes the partner socket on the other with 4410; a sign-out there ends the stream', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const { workshop, facilitator, partner, client } = await pairAcross(a, b);
    const closes = watchCloses(client);
    const laptop = await signIn(a, partner.user);
    const stream = await followEvents(resources, b, laptop, workshop.id);

    expect((await requestJson(a, `/api/workshops/${workshop.id}/pairs`, { method: 'DELETE', session: facilitator })).status).toBe(200);
    expect((await closes.final).code).toBe(CloseReason.accessEnded.code);

    expect((await requestJson(a, '/api/auth/logout', { method: 'POST', session: laptop })).status).toBe(204);
    expect(await stream.ended).toBeNull();
  }, 60_000);

  it('after Redis comes back, closes the partner socket of a letter its participant was removed from while it was away', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const { partner, owner, participant, letter, client } = await pairAcross(a, b);
    const closes = watchCloses(client);

    await redis.kill();
    expect((await requestJson(a, `/api/letters/${letter.id}/members/${participant.user.id}`, { method: 'DELETE', session: owner })).status).toBe(204);
    expect(await letterStatus(a, partner.user, letter.id)).toBe(404);
    expect(closes.codes).toEqual([]);

    await redis.start();
    expect((await closes.final).code).toBe(CloseReason.accessEnded.code);
  }, 60_000);
});
