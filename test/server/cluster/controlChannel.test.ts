/**
 * What one instance decides reaches the sockets and streams of the other: removing a member or
 * signing out closes sockets on both, letter events and workshop changes reach clients on both,
 * failed sign-ins count across both, and garbage on the channels is logged and dropped.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseReason } from '../../../shared/protocol';
import { createUser, signIn } from '../../helpers/accounts';
import { requestJson } from '../../helpers/http';
import { addMember, createLetter } from '../../helpers/letters';
import type { TestClient, TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { act, followEvents, setUpWorkshop } from '../../helpers/workshops';
import { listenForLetterEvents, patchCase } from '../../helpers/workspace';
import { appendParagraph, blockTexts } from '../../helpers/ydoc';
import type { RedisProcess } from './redisProcess';
import { startRedisProcess } from './redisProcess';
import { clusterServicesConfigured, startTwoInstances } from './twoInstances';

const resources = useTestResources();

/** Resolves with the code of the provider's final close (one the stock provider does not retry after). */
function finalClose(client: TestClient): Promise<number> {
  return new Promise((resolve) => client.provider.once('closed', (event: { code: number }) => resolve(event.code)));
}

function warnings(server: TestServer, message: string): number {
  return server.logger.entries.filter((entry) => entry.level === 'warn' && entry.args[0] === message).length;
}

describe.skipIf(!clusterServicesConfigured)('the control channel between two instances', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedisProcess();
  });
  afterAll(async () => {
    await redis.kill();
  });

  it('closes a removed member’s socket on the other instance, and only theirs', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const owner = await createUser(a);
    const editor = await createUser(a);
    const letter = await createLetter(a, owner);
    await addMember(a, owner, letter.id, editor, 'editor');
    const removed = resources.connect(b, letter.id, { session: editor });
    const stays = resources.connect(b, letter.id, { session: owner });
    await Promise.all([waitForSynced(removed.provider), waitForSynced(stays.provider)]);
    const closed = finalClose(removed);

    expect((await requestJson(a, `/api/letters/${letter.id}/members/${editor.user.id}`, { method: 'DELETE', session: owner })).status).toBe(204);
    expect(await closed).toBe(CloseReason.accessEnded.code);
    expect(stays.provider.wsconnected).toBe(true);
    const text = `still here ${randomUUID()}`;
    appendParagraph(stays.doc, text);
    await waitUntil(() => expect(blockTexts(stays.doc)).toContain(text));
    expect(blockTexts(removed.doc)).not.toContain(text);
  });

  it('closes a signed-out session’s sockets on the other instance, not the same person’s other session', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const owner = await createUser(a);
    const otherSession = await signIn(b, owner);
    const letter = await createLetter(a, owner);
    const signedOut = resources.connect(b, letter.id, { session: owner });
    const stays = resources.connect(b, letter.id, { session: otherSession });
    await Promise.all([waitForSynced(signedOut.provider), waitForSynced(stays.provider)]);
    const closed = finalClose(signedOut);

    expect((await requestJson(a, '/api/auth/logout', { method: 'POST', session: owner })).status).toBe(204);
    expect(await closed).toBe(CloseReason.unauthenticated.code);
    expect(stays.provider.wsconnected).toBe(true);
  });

  it('tells clients on the other instance that a letter’s resources changed', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const owner = await createUser(a);
    const letter = await createLetter(a, owner);
    const listener = await listenForLetterEvents(resources, b, letter.id, owner);
    await patchCase(a, owner, letter.id, { aNumber: 'A 123-456-789' });
    await waitUntil(() => expect(listener.events.topics).toContain('case'));
  });

  it('brings a workshop change made on one instance to an event stream on the other', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const { workshop, facilitator } = await setUpWorkshop(a, 1);
    const follower = await followEvents(resources, b, facilitator, workshop.id);
    const text = `Five minutes left ${randomUUID()}`;
    await act(a, facilitator, workshop.id, { type: 'broadcast', text });
    await follower.waitFor((state) => state.broadcast?.text === text);
  });

  it('counts failed sign-ins on both instances together', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const account = await createUser(a);
    const wrong = { email: account.user.email, password: `wrong ${randomUUID()}` };
    // Five failures, spread: neither instance alone saw five.
    for (const server of [a, b, a, b, a]) {
      expect((await requestJson(server, '/api/auth/login', { method: 'POST', body: wrong })).status).toBe(401);
    }
    for (const server of [b, a]) {
      const response = await requestJson(server, '/api/auth/login', { method: 'POST', body: { email: account.user.email, password: account.password } });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('logs and drops malformed messages on the control and room channels, and keeps working', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const owner = await createUser(a);
    const letter = await createLetter(a, owner);
    const onA = resources.connect(a, letter.id, { session: owner });
    const onB = resources.connect(b, letter.id, { session: owner });
    await Promise.all([waitForSynced(onA.provider), waitForSynced(onB.provider)]);

    const raw = new Redis(redis.url);
    raw.on('error', () => {});
    resources.defer(() => raw.disconnect());
    const garbage: (string | Buffer)[] = [
      'not json',
      JSON.stringify({ from: 'elsewhere', message: { type: 'close', match: {}, reason: 'forbidden' } }),
      JSON.stringify({ from: 'elsewhere', message: { type: 'close', match: { room: letter.id }, reason: 'no such reason' } }),
      JSON.stringify({ from: 'elsewhere', message: { type: 'explode' } }),
      JSON.stringify({ message: { type: 'notify', room: letter.id, topic: 'case' } }),
      Buffer.from([0xff, 0x00, 0x13]),
    ];
    for (const payload of garbage) await raw.publish('casewrite:control', payload);
    await raw.publish(`casewrite:room:${letter.id}`, Buffer.from([9, 9, 9, 9]));
    await raw.publish(`casewrite:room:${letter.id}`, Buffer.from([1, 0, 200, 1]));

    for (const server of [a, b]) {
      await waitUntil(() => expect(warnings(server, 'malformed control message dropped')).toBe(garbage.length));
      await waitUntil(() => expect(warnings(server, 'malformed room bus message dropped')).toBe(2));
    }
    // Nobody was closed by the empty match, and both instances still carry edits.
    expect(onA.provider.wsconnected && onB.provider.wsconnected).toBe(true);
    const text = `after the garbage ${randomUUID()}`;
    appendParagraph(onA.doc, text);
    await waitUntil(() => expect(blockTexts(onB.doc)).toContain(text));
  });
});
