/** Presence (y-protocols awareness) through the server: it spreads, reaches late joiners, and leaves with its client. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../helpers/accounts';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { startOwnerRoom } from '../../helpers/rooms';
import { waitForSynced, waitUntil } from '../../helpers/wait';

const resources = useTestResources();

describe('awareness', () => {
  it("one client's presence reaches the others, follows its changes, and is removed when it disconnects", async () => {
    const { alice, bob } = await startOwnerRoom(resources);

    const name = `Alice ${randomUUID().slice(0, 6)}`;
    alice.provider.awareness.setLocalStateField('user', { name, color: '#aa3355' });
    await waitUntil(() => expect(bob.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({ user: { name, color: '#aa3355' } }));

    alice.provider.awareness.setLocalStateField('cursor', { anchor: 3, head: 9 });
    await waitUntil(() => expect(bob.provider.awareness.getStates().get(alice.doc.clientID)).toMatchObject({ cursor: { anchor: 3, head: 9 } }));

    // A disconnect without a goodbye message: the server must remove the presence itself.
    alice.provider.disconnect();
    await waitUntil(() => expect(bob.provider.awareness.getStates().has(alice.doc.clientID)).toBe(false));
    expect(bob.provider.wsconnected).toBe(true);
  });

  it('a late joiner receives the presence of everyone already there', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const alice = resources.connect(server, letter.id, { session: owner });
    const bob = resources.connect(server, letter.id, { session: owner });
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    bob.provider.awareness.setLocalStateField('user', { name: 'Bob' });
    await Promise.all([waitForSynced(alice.provider), waitForSynced(bob.provider)]);
    await waitUntil(() => expect(alice.provider.awareness.getStates().has(bob.doc.clientID)).toBe(true));

    const carol = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(carol.provider);
    await waitUntil(() => {
      const states = carol.provider.awareness.getStates();
      expect(states.get(alice.doc.clientID)).toEqual({ user: { name: 'Alice' } });
      expect(states.get(bob.doc.clientID)).toEqual({ user: { name: 'Bob' } });
    });
  });

  it('presence stays within its letter', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const [first, second] = [await createLetter(server, owner), await createLetter(server, owner)];
    const alice = resources.connect(server, first.id, { session: owner });
    const bob = resources.connect(server, first.id, { session: owner });
    const outsider = resources.connect(server, second.id, { session: owner });
    await Promise.all([alice, bob, outsider].map(({ provider }) => waitForSynced(provider)));

    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    await waitUntil(() => expect(bob.provider.awareness.getStates().has(alice.doc.clientID)).toBe(true));
    // Bob got it, and the server handles a room's frames in order; let one more round trip pass
    // in the outsider's room before looking.
    outsider.provider.awareness.setLocalStateField('user', { name: 'Outsider' });
    const probe = resources.connect(server, second.id, { session: owner });
    await waitForSynced(probe.provider);
    await waitUntil(() => expect(probe.provider.awareness.getStates().has(outsider.doc.clientID)).toBe(true));
    expect(outsider.provider.awareness.getStates().has(alice.doc.clientID)).toBe(false);
    expect(probe.provider.awareness.getStates().has(alice.doc.clientID)).toBe(false);
  });
});
