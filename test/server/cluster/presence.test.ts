/**
 * "Online" across instances: the letters list and the facilitator's board on one instance show
 * people connected to another, and stop showing them once they leave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LetterSummary } from '../../../shared/letters';
import { createUser } from '../../helpers/accounts';
import type { HttpTarget, Session } from '../../helpers/http';
import { expectJson, requestJson } from '../../helpers/http';
import { addMember, createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { followEvents, getBoard, setUpWorkshop } from '../../helpers/workshops';
import type { RedisProcess } from './redisProcess';
import { startRedisProcess } from './redisProcess';
import { clusterServicesConfigured, startTwoInstances } from './twoInstances';

const resources = useTestResources();

/** Who is online on the caller's first letter, by user id, as one instance answers. */
async function onlineOnFirstLetter(server: HttpTarget, session: Session): Promise<Record<string, boolean>> {
  const { letters } = await expectJson<{ letters: LetterSummary[] }>(requestJson(server, '/api/letters', { session }), 200);
  return Object.fromEntries(letters[0]?.people.map((person) => [person.userId, person.online]) ?? []);
}

/** The board's "online" per participant, as one instance answers. */
async function onlineOnBoard(server: HttpTarget, session: Session, workshopId: string): Promise<Record<string, boolean>> {
  return Object.fromEntries((await getBoard(server, session, workshopId)).map((participant) => [participant.userId, participant.online]));
}

describe.skipIf(!clusterServicesConfigured)('presence across two instances', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedisProcess();
  });
  afterAll(async () => {
    await redis.kill();
  });

  it('lists someone with a letter open on the other instance as online, until they leave', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const alice = await createUser(a);
    const bob = await createUser(a);
    const letter = await createLetter(a, alice);
    await addMember(a, alice, letter.id, bob, 'editor');
    expect(await onlineOnFirstLetter(a, alice)).toEqual({ [alice.user.id]: false, [bob.user.id]: false });

    const bobOnB = resources.connect(b, letter.id, { session: bob });
    await waitForSynced(bobOnB.provider);
    // B answers from what it holds at once; A from B's next report.
    expect(await onlineOnFirstLetter(b, alice)).toEqual({ [alice.user.id]: false, [bob.user.id]: true });
    await waitUntil(async () => expect(await onlineOnFirstLetter(a, alice)).toEqual({ [alice.user.id]: false, [bob.user.id]: true }));

    bobOnB.provider.disconnect();
    await waitUntil(async () => expect(await onlineOnFirstLetter(a, alice)).toEqual({ [alice.user.id]: false, [bob.user.id]: false }));
    expect(await onlineOnFirstLetter(b, alice)).toEqual({ [alice.user.id]: false, [bob.user.id]: false });
  });

  it('shows on one instance’s board a participant whose event stream is open on the other', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const { workshop, facilitator, participants } = await setUpWorkshop(a, 2);
    const [streaming, away] = participants;
    if (!streaming || !away) throw new Error('setUpWorkshop made two participants');
    expect(await onlineOnBoard(a, facilitator, workshop.id)).toEqual({ [streaming.user.user.id]: false, [away.user.user.id]: false });

    await followEvents(resources, b, streaming.user, workshop.id);
    await waitUntil(async () => expect(await onlineOnBoard(a, facilitator, workshop.id)).toEqual({ [streaming.user.user.id]: true, [away.user.user.id]: false }));
  });
});
