/**
 * Presence belongs to the connection that announced it, and stays small: a viewer can neither
 * swell every joiner's greeting with huge states nor rename, remove or take over someone else's.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MessageType } from '../../../shared/protocol';
import { SyncLimits } from '../../../shared/limits';
import { createUser } from '../../helpers/accounts';
import { decodeServerFrame, messageTypeOf, queryAwarenessFrame, updateFrame } from '../../helpers/frames';
import { awarenessFrame } from '../../helpers/fuzzFrames';
import { addMember, createLetter } from '../../helpers/letters';
import type { RawClient } from '../../helpers/rawClient';
import { joinRaw } from '../../helpers/rawClient';
import { useTestResources } from '../../helpers/resources';
import { clusterServicesConfigured, startTwoInstances } from '../cluster/twoInstances';
import { waitForSynced, waitUntil } from '../../helpers/wait';

const resources = useTestResources();

/** Bytes of every awareness frame a raw client received. */
function awarenessBytes(client: RawClient): number {
  return client.socket.frames.filter((frame) => messageTypeOf(frame) === MessageType.awareness).reduce((sum, frame) => sum + frame.byteLength, 0);
}

/**
 * Resolves once the server has handled everything the client sent and everything the server sent
 * it before has arrived: an empty update goes out, and its acknowledgement comes after all that
 * (the client must have joined with `?ack=1`).
 */
async function settle(client: RawClient): Promise<void> {
  const sent = (emptyUpdates.get(client) ?? 0) + 1;
  emptyUpdates.set(client, sent);
  client.socket.ws.send(updateFrame(Y.encodeStateAsUpdate(new Y.Doc())));
  await waitUntil(() => {
    expect(client.socket.closeInfo).toBeNull();
    expect(client.socket.frames.map(decodeServerFrame).some((frame) => frame.type === 'savedStateVector' && frame.updateFrames === sent)).toBe(true);
  });
}
const emptyUpdates = new WeakMap<RawClient, number>();

/** The presence states the server holds: every awareness frame the client received, applied in order, after a query. */
async function serverStates(client: RawClient): Promise<Map<number, unknown>> {
  client.socket.ws.send(queryAwarenessFrame());
  await settle(client);
  const doc = new Y.Doc();
  const view = new awarenessProtocol.Awareness(doc);
  view.setLocalState(null);
  for (const frame of client.socket.frames.map(decodeServerFrame)) {
    if (frame.type === 'awareness') awarenessProtocol.applyAwarenessUpdate(view, frame.update, 'server');
  }
  const states = new Map(view.getStates());
  view.destroy();
  doc.destroy();
  return states;
}

async function viewerLetter() {
  const server = await resources.startServer();
  const owner = await createUser(server);
  const viewer = await createUser(server);
  const letter = await createLetter(server, owner);
  await addMember(server, owner, letter.id, viewer, 'viewer');
  return { server, owner, viewer, letter };
}

describe('presence limits', () => {
  it("drops oversized presence states: a later joiner's greeting stays small and it stays connected", { timeout: 60_000 }, async () => {
    const { server, owner, viewer, letter } = await viewerLetter();
    // The attack as reported: three viewer sockets, each announcing states of 1.9 MB.
    const huge = JSON.stringify({ user: { name: 'x'.repeat(1_900_000), color: '#112233' } });
    const attackers = await Promise.all([0, 1, 2].map(() => joinRaw(resources, server, letter.id, viewer, '?ack=1')));
    let clientId = 1_000;
    for (let i = 0; i < 6; i += 1) {
      for (const attacker of attackers) {
        attacker.socket.ws.send(awarenessFrame([{ clientId: clientId++, clock: 1, json: huge }]));
        // The attackers read everything the server sends them, so none of them is cut off.
        for (const each of attackers) await settle(each);
      }
    }
    // Just over the limit is dropped too.
    const [first] = attackers as [RawClient, ...RawClient[]];
    const overLimit = JSON.stringify({ user: { name: 'y'.repeat(SyncLimits.maxPresenceStateBytes) } });
    first.socket.ws.send(awarenessFrame([{ clientId, clock: 1, json: overLimit }]));
    await settle(first);

    const honest = resources.connect(server, letter.id, { session: viewer });
    honest.provider.awareness.setLocalState({ user: { name: 'Dr. Okafor', color: '#1a7f5a', profession: 'doctor' }, cursor: { anchor: 3, head: 9 } });
    await waitForSynced(honest.provider);

    const late = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(late.provider);
    await waitUntil(() => expect(late.provider.awareness.getStates().get(honest.doc.clientID)).toMatchObject({ user: { name: 'Dr. Okafor' } }));
    const probe = await joinRaw(resources, server, letter.id, owner, '?ack=1');
    const states = await serverStates(probe);
    // Only the honest caret (a provider's initial empty state has clock 0, which y-protocols never applies).
    expect([...states.keys()]).toEqual([honest.doc.clientID]);
    // The greeting and the answer to the query: a few hundred bytes, not 91 MB.
    expect(awarenessBytes(probe)).toBeLessThan(8 * 1024);
    expect(probe.socket.closeInfo).toBeNull();
    expect(late.provider.wsconnected).toBe(true);
    // Dropping is enough: the attackers are not cut off either (nothing they sent did harm).
    for (const attacker of attackers) expect(attacker.socket.closeInfo).toBeNull();
  });

  it("a connection cannot rename, remove or take over another connection's presence, nor announce extra ones", async () => {
    const { server, owner, viewer, letter } = await viewerLetter();
    const alice = resources.connect(server, letter.id, { session: owner });
    alice.provider.awareness.setLocalState({ user: { name: 'Alice', color: '#aa3355' } });
    await waitForSynced(alice.provider);
    const watcher = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(watcher.provider);
    await waitUntil(() => expect(watcher.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({ user: { name: 'Alice', color: '#aa3355' } }));

    const mallory = await joinRaw(resources, server, letter.id, viewer, '?ack=1');
    const aliceId = alice.doc.clientID;
    const clock = alice.provider.awareness.meta.get(aliceId)?.clock ?? 0;
    // Rename (a higher clock wins in y-protocols), then remove.
    mallory.socket.ws.send(awarenessFrame([{ clientId: aliceId, clock: clock + 5, json: JSON.stringify({ user: { name: 'Mallory', color: '#000000' } }) }]));
    mallory.socket.ws.send(awarenessFrame([{ clientId: aliceId, clock: clock + 6, json: 'null' }]));
    // Its own presence is fine; more ids from the same socket are not.
    const own = 4_000_001;
    mallory.socket.ws.send(awarenessFrame([{ clientId: own, clock: 1, json: JSON.stringify({ user: { name: 'Mallory' } }) }]));
    mallory.socket.ws.send(awarenessFrame([1, 2, 3].map((n) => ({ clientId: own + n, clock: 1, json: JSON.stringify({ user: { name: `Invented ${n}` } }) }))));

    const states = await serverStates(mallory);
    expect(states.get(aliceId)).toEqual({ user: { name: 'Alice', color: '#aa3355' } });
    expect(states.get(own)).toEqual({ user: { name: 'Mallory' } });
    for (const n of [1, 2, 3]) expect(states.has(own + n)).toBe(false);

    // Alice carries on as before, and the watcher sees her, never Mallory's version.
    alice.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 2 });
    await waitUntil(() => expect(watcher.provider.awareness.getStates().get(aliceId)).toMatchObject({ user: { name: 'Alice' }, cursor: { anchor: 1, head: 2 } }));

    // Once Alice has gone, her id is not free for another account to take over while she reconnects.
    alice.provider.disconnect();
    await waitUntil(() => expect(watcher.provider.awareness.getStates().has(aliceId)).toBe(false));
    mallory.socket.ws.send(awarenessFrame([{ clientId: aliceId, clock: clock + 50, json: JSON.stringify({ user: { name: 'Alice', color: '#aa3355' }, fake: true }) }]));
    expect((await serverStates(mallory)).has(aliceId)).toBe(false);
    alice.provider.connect();
    await waitForSynced(alice.provider);
    alice.provider.awareness.setLocalStateField('cursor', { anchor: 5, head: 5 });
    await waitUntil(() => expect(watcher.provider.awareness.getStates().get(aliceId)).toEqual({ user: { name: 'Alice', color: '#aa3355' }, cursor: { anchor: 5, head: 5 } }));
    expect(mallory.socket.closeInfo).toBeNull();
  });

  it.skipIf(!clusterServicesConfigured)('a connection on another instance cannot rename or remove presence announced on this one', async () => {
    const { a, b } = await startTwoInstances(resources, process.env.REDIS_URL ?? '');
    const owner = await createUser(a);
    const viewer = await createUser(a);
    const letter = await createLetter(a, owner);
    await addMember(a, owner, letter.id, viewer, 'viewer');
    const mallory = await joinRaw(resources, b, letter.id, viewer, '?ack=1');
    // Announced once the room is open on both instances (presence crosses the bus as it changes).
    const alice = resources.connect(a, letter.id, { session: owner });
    await waitForSynced(alice.provider);
    alice.provider.awareness.setLocalState({ user: { name: 'Alice', color: '#aa3355' } });
    const aliceId = alice.doc.clientID;
    await waitUntil(async () => expect((await serverStates(mallory)).get(aliceId)).toEqual({ user: { name: 'Alice', color: '#aa3355' } }));

    const clock = alice.provider.awareness.meta.get(aliceId)?.clock ?? 0;
    mallory.socket.ws.send(awarenessFrame([{ clientId: aliceId, clock: clock + 5, json: JSON.stringify({ user: { name: 'Mallory' } }) }]));
    mallory.socket.ws.send(awarenessFrame([{ clientId: aliceId, clock: clock + 6, json: 'null' }]));
    expect((await serverStates(mallory)).get(aliceId)).toEqual({ user: { name: 'Alice', color: '#aa3355' } });
    // And on Alice's own instance: her next change still lands, and a newcomer there sees her as she is.
    alice.provider.awareness.setLocalStateField('cursor', { anchor: 2, head: 2 });
    const watcher = resources.connect(a, letter.id, { session: owner });
    await waitUntil(() => expect(watcher.provider.awareness.getStates().get(aliceId)).toEqual({ user: { name: 'Alice', color: '#aa3355' }, cursor: { anchor: 2, head: 2 } }));
  });
});
