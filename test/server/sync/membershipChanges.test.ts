/**
 * Sharing changes reach open sockets at once: a removed member's sockets close with 4410 (access ended) and its
 * stock provider stops; a member whose role changes is closed with 4500, and the stock provider
 * reconnects with the new role; deleting the letter closes everyone with 4404.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CloseReason } from '../../../shared/protocol';
import { trackAcks } from '../../helpers/acks';
import { createUser } from '../../helpers/accounts';
import { requestJson } from '../../helpers/http';
import { addMember, changeRole, createLetter } from '../../helpers/letters';
import type { TestClient } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { connectSyncedPair } from '../../helpers/rooms';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { openTestDatabase } from '../../helpers/database';
import { appendParagraph, blockTexts, readStoredRoom } from '../../helpers/ydoc';

const resources = useTestResources();

/** Records every close code a provider sees, and resolves on the final one. */
function watchCloses(client: TestClient): { codes: number[]; final: Promise<{ code: number }> } {
  const codes: number[] = [];
  client.provider.on('connection-close', (event) => codes.push(event?.code ?? -1));
  const final = new Promise<{ code: number }>((resolve) => client.provider.once('closed', (event) => resolve(event)));
  return { codes, final };
}

describe('removing a connected member', () => {
  it('closes their sockets on that letter with 4410, stops their provider, and leaves everyone else alone', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const editor = await createUser(server);
    const colleague = await createUser(server);
    const letter = await createLetter(server, owner);
    const otherLetter = await createLetter(server, owner);
    for (const id of [letter.id, otherLetter.id]) await addMember(server, owner, id, editor, 'editor');
    await addMember(server, owner, letter.id, colleague, 'editor');

    const removed = resources.connect(server, letter.id, { session: editor });
    const removedRaw = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: editor });
    const elsewhere = resources.connect(server, otherLetter.id, { session: editor });
    const stays = resources.connect(server, letter.id, { session: colleague });
    const ownerClient = resources.connect(server, letter.id, { session: owner });
    await Promise.all([removed, elsewhere, stays, ownerClient].map(({ provider }) => waitForSynced(provider)));
    await waitUntil(() => expect(removedRaw.frames.length).toBeGreaterThan(0));
    const closes = watchCloses(removed);

    const response = await requestJson(server, `/api/letters/${letter.id}/members/${editor.user.id}`, { method: 'DELETE', session: owner });
    expect(response.status).toBe(204);
    expect((await closes.final).code).toBe(CloseReason.accessEnded.code);
    expect((await removedRaw.closed).code).toBe(CloseReason.accessEnded.code);
    expect(removed.provider.shouldConnect).toBe(false);
    expect(closes.codes).toEqual([CloseReason.accessEnded.code]);

    // A new attempt is a non-member's: 4404.
    const retry = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: editor });
    expect((await retry.closed).code).toBe(CloseReason.noSuchRoom.code);

    // The editor's other letter, and the other members of this one, keep syncing.
    expect(elsewhere.provider.wsconnected && stays.provider.wsconnected && ownerClient.provider.wsconnected).toBe(true);
    const text = `still editing ${randomUUID()}`;
    appendParagraph(stays.doc, text);
    await waitUntil(() => expect(blockTexts(ownerClient.doc)).toContain(text));
    expect(blockTexts(removed.doc)).not.toContain(text);
  });

  it('a member who leaves on their own is disconnected the same way', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const viewer = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, viewer, 'viewer');
    const client = resources.connect(server, letter.id, { session: viewer });
    await waitForSynced(client.provider);
    const closes = watchCloses(client);
    expect((await requestJson(server, `/api/letters/${letter.id}/members/${viewer.user.id}`, { method: 'DELETE', session: viewer })).status).toBe(204);
    expect((await closes.final).code).toBe(CloseReason.accessEnded.code);
  });
});

describe('changing the role of a connected member', () => {
  it('promotion: closes with 4500, the stock provider reconnects by itself and its edits now count', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const member = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, member, 'viewer');
    const [ownerClient, memberClient] = await connectSyncedPair(resources, server, letter.id, owner, member);
    const closes = watchCloses(memberClient);
    const reconnected = new Promise<void>((resolve) => {
      memberClient.provider.on('status', ({ status }: { status: string }) => {
        if (status === 'connected' && closes.codes.length > 0) resolve();
      });
    });

    await changeRole(server, owner, letter.id, member.user.id, 'editor');
    await reconnected;
    expect(closes.codes).toEqual([CloseReason.roleChanged.code]);
    expect(memberClient.provider.shouldConnect).toBe(true);
    await waitForSynced(memberClient.provider);

    const text = `written as the new editor ${randomUUID()}`;
    appendParagraph(memberClient.doc, text);
    await waitUntil(() => expect(blockTexts(ownerClient.doc)).toContain(text));
  });

  it('demotion: closes with 4500, the stock provider reconnects, and its edits no longer count', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const member = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, member, 'editor');
    const ownerClient = resources.connect(server, letter.id, { session: owner, ack: true, connect: false });
    const ownerAcks = trackAcks(ownerClient.provider);
    ownerClient.provider.connect();
    const memberClient = resources.connect(server, letter.id, { session: member });
    await Promise.all([waitForSynced(ownerClient.provider), waitForSynced(memberClient.provider)]);
    const before = `written as an editor ${randomUUID()}`;
    appendParagraph(memberClient.doc, before);
    await waitUntil(() => expect(blockTexts(ownerClient.doc)).toContain(before));
    const closes = watchCloses(memberClient);

    await changeRole(server, owner, letter.id, member.user.id, 'viewer');
    await waitUntil(() => expect(closes.codes).toEqual([CloseReason.roleChanged.code]));
    await waitUntil(() => expect(memberClient.provider.wsconnected).toBe(true));
    await waitForSynced(memberClient.provider);

    const after = `written as a viewer ${randomUUID()}`;
    appendParagraph(memberClient.doc, after);
    // Settle: the member's presence after its edit reaches the owner, then an owner edit is stored.
    memberClient.provider.awareness.setLocalStateField('probe', after);
    await waitUntil(() => expect(ownerClient.provider.awareness.getStates().get(memberClient.doc.clientID)?.probe).toBe(after));
    appendParagraph(ownerClient.doc, `owner marker ${randomUUID()}`);
    await ownerAcks.waitForSaved(ownerClient.doc);
    expect(blockTexts(ownerClient.doc)).not.toContain(after);
    const reader = openTestDatabase(server.database);
    resources.defer(() => reader.close());
    const stored = await readStoredRoom(reader, letter.id);
    expect(blockTexts(stored.doc)).toContain(before);
    expect(blockTexts(stored.doc)).not.toContain(after);
    stored.doc.destroy();
    // Still connected and still receiving.
    const fromOwner = `from the owner ${randomUUID()}`;
    appendParagraph(ownerClient.doc, fromOwner);
    await waitUntil(() => expect(blockTexts(memberClient.doc)).toContain(fromOwner));
  });

  it('leaves the member\'s sockets on other letters, and other members, connected', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const member = await createUser(server);
    const [letter, other] = [await createLetter(server, owner), await createLetter(server, owner)];
    for (const id of [letter.id, other.id]) await addMember(server, owner, id, member, 'viewer');
    const onOther = resources.rawSocket(`${server.syncUrl}/${other.id}`, { session: member });
    const ownerRaw = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner });
    const changed = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: member });
    await waitUntil(() => expect([onOther, ownerRaw, changed].every((socket) => socket.frames.length > 0)).toBe(true));
    await changeRole(server, owner, letter.id, member.user.id, 'commenter');
    expect((await changed.closed).code).toBe(CloseReason.roleChanged.code);
    expect(onOther.closeInfo).toBeNull();
    expect(ownerRaw.closeInfo).toBeNull();
  });
});

describe('deleting a letter', () => {
  it('closes every socket on it with 4404, and providers stop', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const editor = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, editor, 'editor');
    const clients = [resources.connect(server, letter.id, { session: owner }), resources.connect(server, letter.id, { session: editor })];
    await Promise.all(clients.map(({ provider }) => waitForSynced(provider)));
    const finals = clients.map((client) => watchCloses(client).final);
    expect((await requestJson(server, `/api/letters/${letter.id}`, { method: 'DELETE', session: owner })).status).toBe(204);
    for (const final of finals) expect((await final).code).toBe(CloseReason.noSuchRoom.code);
    for (const { provider } of clients) expect(provider.shouldConnect).toBe(false);
    await waitUntil(() => expect(server.rooms.has(letter.id)).toBe(false));
  });
});
