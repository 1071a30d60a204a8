/**
 * Peer-review pairs (PUT/DELETE /api/workshops/:id/pairs): partners read and comment on each
 * other's letters, live, but never edit them; access no longer called for is revoked at once, over
 * HTTP and on open sockets; a real membership is never touched.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CloseReason } from '../../../shared/protocol';
import { trackAcks } from '../../helpers/acks';
import { createUser } from '../../helpers/accounts';
import { adminAudit } from '../../helpers/audit';
import { anchorOver, getThreads, postThread, requireXmlText, threadBody } from '../../helpers/comments';
import { expectApiError } from '../../helpers/http';
import { addMember } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { getLetter, listenForLetterEvents, trackLetterEvents } from '../../helpers/workspace';
import { getState, joinWorkshop, setUpWorkshop } from '../../helpers/workshops';
import { appendParagraph, blockTexts, storedTexts } from '../../helpers/ydoc';
import { deletePairsRequest, letterStatus, putPairs, putPairsRequest, settle, watchCloses } from './session';

const resources = useTestResources();

describe('pairing participants', () => {
  it('gives each partner commenter access to the other\'s letter: they read it live and comment, but their edits are refused and never stored', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, partner] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    expect(await letterStatus(server, partner.user, writer.letterId)).toBe(404);

    const state = await putPairs(server, facilitator, workshop.id, [{ a: writer.user.user.id, b: partner.user.user.id }]);
    expect(state.pairs).toEqual([{ a: writer.user.user.id, b: partner.user.user.id }]);

    expect(await getLetter(server, partner.user, writer.letterId)).toMatchObject({ id: writer.letterId, role: 'commenter', deidentified: true });
    expect(await getLetter(server, writer.user, partner.letterId)).toMatchObject({ id: partner.letterId, role: 'commenter', deidentified: true });
    expect(await getLetter(server, writer.user, writer.letterId)).toMatchObject({ role: 'owner', deidentified: false });
    // The facilitator is given nothing by pairing.
    expect(await letterStatus(server, facilitator, writer.letterId)).toBe(404);

    const ownerClient = resources.connect(server, writer.letterId, { session: writer.user, ack: true, connect: false });
    const ownerAcks = trackAcks(ownerClient.provider);
    const ownerEvents = trackLetterEvents(ownerClient.provider);
    ownerClient.provider.connect();
    const partnerClient = resources.connect(server, writer.letterId, { session: partner.user });
    await Promise.all([waitForSynced(ownerClient.provider), waitForSynced(partnerClient.provider)]);

    const fromOwner = `Blood pressure was not measured for 12 days ${randomUUID()}`;
    appendParagraph(ownerClient.doc, fromOwner);
    await waitUntil(() => expect(blockTexts(partnerClient.doc)).toContain(fromOwner));

    const thread = await postThread(
      server,
      partner.user,
      writer.letterId,
      threadBody({ anchor: anchorOver(requireXmlText(partnerClient.doc, fromOwner), 'not measured'), quote: 'not measured' }),
    );
    expect(thread.author.userId).toBe(partner.user.user.id);
    expect((await getThreads(server, writer.user, writer.letterId)).map((found) => found.id)).toContain(thread.id);
    await waitUntil(() => expect(ownerEvents.topics).toContain('comments'));

    const fromPartner = `the partner rewrites the letter ${randomUUID()}`;
    appendParagraph(partnerClient.doc, fromPartner);
    await settle(partnerClient, ownerClient, ownerAcks);
    expect(blockTexts(ownerClient.doc)).not.toContain(fromPartner);
    expect(await storedTexts(server.database, writer.letterId)).not.toContain(fromPartner);
    expect(await storedTexts(server.database, writer.letterId)).toContain(fromOwner);
    expect(partnerClient.provider.wsconnected).toBe(true);
  });

  it('re-pairing revokes only the access no longer called for: 404 over HTTP and the open socket closes with 4410 (access ended); DELETE revokes the rest', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 4);
    const [p1, p2, p3, p4] = participants as [(typeof participants)[0], (typeof participants)[0], (typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made four
    const kept = { a: p1.user.user.id, b: p2.user.user.id };
    await putPairs(server, facilitator, workshop.id, [kept, { a: p3.user.user.id, b: p4.user.user.id }]);

    const keptClient = resources.connect(server, p1.letterId, { session: p2.user });
    const droppedClient = resources.connect(server, p3.letterId, { session: p4.user });
    const droppedRaw = resources.rawSocket(`${server.syncUrl}/${p3.letterId}`, { session: p4.user });
    const ownerOfDropped = await listenForLetterEvents(resources, server, p3.letterId, p3.user);
    await Promise.all([waitForSynced(keptClient.provider), waitForSynced(droppedClient.provider), droppedRaw.opened]);
    const keptCloses = watchCloses(keptClient);
    const droppedCloses = watchCloses(droppedClient);

    const state = await putPairs(server, facilitator, workshop.id, [kept]);
    expect(state.pairs).toEqual([kept]);
    expect((await droppedCloses.final).code).toBe(CloseReason.accessEnded.code);
    expect((await droppedRaw.closed).code).toBe(CloseReason.accessEnded.code);
    expect(droppedClient.provider.shouldConnect).toBe(false);
    expect(await letterStatus(server, p4.user, p3.letterId)).toBe(404);
    expect(await letterStatus(server, p3.user, p4.letterId)).toBe(404);
    // The owner's open letter hears that its members changed.
    await waitUntil(() => expect(ownerOfDropped.events.topics).toContain('members'));
    // The kept pair's socket was never closed, and its access stands.
    expect(keptCloses.codes).toEqual([]);
    expect(keptClient.provider.wsconnected).toBe(true);
    expect(await letterStatus(server, p2.user, p1.letterId)).toBe(200);

    const keptRaw = resources.rawSocket(`${server.syncUrl}/${p1.letterId}`, { session: p2.user });
    await keptRaw.opened;
    expect((await deletePairsRequest(server, facilitator, workshop.id)).status).toBe(200);
    expect((await keptCloses.final).code).toBe(CloseReason.accessEnded.code);
    expect((await keptRaw.closed).code).toBe(CloseReason.accessEnded.code);
    expect(await letterStatus(server, p2.user, p1.letterId)).toBe(404);
    expect(await letterStatus(server, p1.user, p2.letterId)).toBe(404);
    expect((await getState(server, p1.user, workshop.id)).pairs).toEqual([]);
    // Owners keep their own letters.
    expect(await letterStatus(server, p1.user, p1.letterId)).toBe(200);
  });

  it('never downgrades, marks or removes a real membership', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, colleague] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    await addMember(server, writer.user, writer.letterId, colleague.user, 'editor');
    const editorClient = resources.connect(server, writer.letterId, { session: colleague.user });
    await waitForSynced(editorClient.provider);
    const closes = watchCloses(editorClient);

    await putPairs(server, facilitator, workshop.id, [{ a: writer.user.user.id, b: colleague.user.user.id }]);
    expect(await getLetter(server, colleague.user, writer.letterId)).toMatchObject({ role: 'editor', deidentified: false });
    expect(await getLetter(server, writer.user, colleague.letterId)).toMatchObject({ role: 'commenter', deidentified: true });

    expect((await deletePairsRequest(server, facilitator, workshop.id)).status).toBe(200);
    expect(await getLetter(server, colleague.user, writer.letterId)).toMatchObject({ role: 'editor', deidentified: false });
    expect(await letterStatus(server, writer.user, colleague.letterId)).toBe(404);
    // Their editing socket was left alone and still writes.
    const text = `still the editor ${randomUUID()}`;
    appendParagraph(editorClient.doc, text);
    await waitUntil(async () => expect(await storedTexts(server.database, writer.letterId)).toContain(text));
    expect(closes.codes).toEqual([]);
  });

  it('refuses bad pairs with 400 and changes nothing', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [p1, p2] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    const withoutLetter = await createUser(server);
    await joinWorkshop(server, withoutLetter, workshop.joinCode);
    const outsider = await createUser(server);
    const before = await getState(server, facilitator, workshop.id);
    const a = p1.user.user.id;
    const b = p2.user.user.id;

    const bad: unknown[] = [
      { pairs: [{ a, b: a }] },
      { pairs: [{ a, b }, { a: b, b: a }] },
      { pairs: [{ a, b: outsider.user.id }] },
      { pairs: [{ a, b: facilitator.user.id }] },
      { pairs: [{ a, b: withoutLetter.user.id }] },
      { pairs: [{ a, b: 'not-a-uuid' }] },
      { pairs: [{ a }] },
      { pairs: 'everyone' },
      {},
    ];
    for (const body of bad) {
      const error = await expectApiError(await putPairsRequest(server, facilitator, workshop.id, body), 400);
      expect(error.code).toBe('bad_request');
    }
    expect(await getState(server, facilitator, workshop.id)).toMatchObject({ revision: before.revision, pairs: [] });
    expect(await letterStatus(server, p2.user, p1.letterId)).toBe(404);
  });

  it('audits pairing and unpairing with the workshop in the detail', async () => {
    const server = await resources.startServer();
    const admin = await createUser(server);
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [p1, p2] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    await putPairs(server, facilitator, workshop.id, [{ a: p1.user.user.id, b: p2.user.user.id }]);
    expect((await deletePairsRequest(server, facilitator, workshop.id)).status).toBe(200);
    const paired = await adminAudit(server, admin, { action: 'workshop.paired' });
    const unpaired = await adminAudit(server, admin, { action: 'workshop.unpaired' });
    expect(paired).toEqual([expect.objectContaining({ actorId: facilitator.user.id, detail: expect.objectContaining({ workshopId: workshop.id }) })]);
    expect(unpaired).toEqual([expect.objectContaining({ actorId: facilitator.user.id, detail: expect.objectContaining({ workshopId: workshop.id }) })]);
  });
});
