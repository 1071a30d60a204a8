/**
 * Ending a session (POST /api/workshops/:id/end): every access the workshop granted ends at once —
 * 404 over HTTP and open sockets closed with 4410 — while real memberships stay; the spotlight,
 * pairs and hands are cleared; afterwards the live state no longer changes (409) and nothing is
 * on the shared screen (404).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CloseReason } from '../../../shared/protocol';
import { createUser } from '../../helpers/accounts';
import { adminAudit } from '../../helpers/audit';
import { expectApiError, requestJson } from '../../helpers/http';
import { addMember } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { getLetter } from '../../helpers/workspace';
import { act, actRequest, followEvents, getState, getWorkshop, setUpWorkshop } from '../../helpers/workshops';
import { appendParagraph, storedTexts } from '../../helpers/ydoc';
import { endRequest, getSpotlightRequest, letterStatus, putPairs, putPairsRequest, putSpotlight, putSpotlightRequest, shareRequest, watchCloses } from './session';

const resources = useTestResources();

describe('ending the session', () => {
  it('revokes every grant of the workshop: partners and the facilitator get 404 and their open sockets close with 4410; real memberships stay', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [p1, p2] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    const lawyer = await createUser(server);
    await addMember(server, p1.user, p1.letterId, lawyer, 'commenter');
    await putPairs(server, facilitator, workshop.id, [{ a: p1.user.user.id, b: p2.user.user.id }]);
    expect((await shareRequest(server, p1.user, workshop.id, { shared: true })).status).toBe(200);
    expect(await getLetter(server, facilitator, p1.letterId)).toMatchObject({ role: 'viewer', deidentified: true });

    const partner = resources.connect(server, p1.letterId, { session: p2.user });
    const partnerRaw = resources.rawSocket(`${server.syncUrl}/${p1.letterId}`, { session: p2.user });
    const otherPartner = resources.connect(server, p2.letterId, { session: p1.user });
    const facilitatorClient = resources.connect(server, p1.letterId, { session: facilitator });
    const lawyerClient = resources.connect(server, p1.letterId, { session: lawyer });
    const ownerClient = resources.connect(server, p1.letterId, { session: p1.user });
    await Promise.all([partner, otherPartner, facilitatorClient, lawyerClient, ownerClient].map(({ provider }) => waitForSynced(provider)));
    await partnerRaw.opened;
    const closes = [partner, otherPartner, facilitatorClient].map(watchCloses);
    const stayed = [lawyerClient, ownerClient].map(watchCloses);

    const response = await endRequest(server, facilitator, workshop.id);
    expect(response.status).toBe(200);
    const { state } = (await response.json()) as { state: { ended: boolean } }; // status asserted just above
    expect(state.ended).toBe(true);

    for (const watched of closes) expect((await watched.final).code).toBe(CloseReason.accessEnded.code);
    expect((await partnerRaw.closed).code).toBe(CloseReason.accessEnded.code);
    expect(partner.provider.shouldConnect).toBe(false);
    expect(await letterStatus(server, p2.user, p1.letterId)).toBe(404);
    expect(await letterStatus(server, p1.user, p2.letterId)).toBe(404);
    expect(await letterStatus(server, facilitator, p1.letterId)).toBe(404);
    // A new attempt is a non-member's.
    const retry = resources.rawSocket(`${server.syncUrl}/${p1.letterId}`, { session: p2.user });
    expect((await retry.closed).code).toBe(CloseReason.noSuchRoom.code);

    // The owner and the letter's own commenter were not touched.
    expect(stayed.map((watched) => watched.codes)).toEqual([[], []]);
    expect(await getLetter(server, lawyer, p1.letterId)).toMatchObject({ role: 'commenter', deidentified: false });
    expect(await getLetter(server, p1.user, p1.letterId)).toMatchObject({ role: 'owner', deidentified: false });
    const text = `after the workshop ${randomUUID()}`;
    appendParagraph(ownerClient.doc, text);
    await waitUntil(async () => expect(await storedTexts(server.database, p1.letterId)).toContain(text));
  });

  it('clears the spotlight, pairs and hands, tells the stream, and afterwards answers 404 for the spotlight and 409 to every change', async () => {
    const server = await resources.startServer();
    const admin = await createUser(server);
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [p1, p2] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    const pair = { a: p1.user.user.id, b: p2.user.user.id };
    await putPairs(server, facilitator, workshop.id, [pair]);
    await putSpotlight(server, facilitator, workshop.id, p1.letterId);
    await act(server, p2.user, workshop.id, { type: 'raiseHand' });
    const follower = await followEvents(resources, server, p2.user, workshop.id);
    expect(follower.latest()).toMatchObject({ pairs: [pair], spotlight: { letterId: p1.letterId }, hands: [{ userId: p2.user.user.id }], ended: false });

    expect((await endRequest(server, facilitator, workshop.id)).status).toBe(200);
    const ended = await follower.waitFor((state) => state.ended);
    expect(ended).toMatchObject({ pairs: [], spotlight: null, hands: [], ended: true });
    expect(await getState(server, p1.user, workshop.id)).toMatchObject({ pairs: [], spotlight: null, hands: [], ended: true, revision: ended.revision });
    expect((await getWorkshop(server, p1.user, workshop.id)).endedAt).toEqual(expect.any(String));

    expect((await expectApiError(await getSpotlightRequest(server, p2.user, workshop.id), 404)).code).toBe('no_spotlight');
    const afterwards: Response[] = [
      await endRequest(server, facilitator, workshop.id),
      await putPairsRequest(server, facilitator, workshop.id, { pairs: [pair] }),
      await requestJson(server, `/api/workshops/${workshop.id}/pairs`, { method: 'DELETE', session: facilitator }),
      await putSpotlightRequest(server, facilitator, workshop.id, { letterId: p1.letterId }),
      await shareRequest(server, p1.user, workshop.id, { shared: true }),
      await actRequest(server, facilitator, workshop.id, { type: 'nextStep' }),
      await actRequest(server, p1.user, workshop.id, { type: 'raiseHand' }),
    ];
    for (const response of afterwards) expect((await expectApiError(response, 409)).code).toBe('workshop_ended');
    expect(await letterStatus(server, p2.user, p1.letterId)).toBe(404);
    expect(await letterStatus(server, facilitator, p1.letterId)).toBe(404);
    expect((await getState(server, p1.user, workshop.id)).revision).toBe(ended.revision);

    const entries = await adminAudit(server, admin, { action: 'workshop.ended' });
    expect(entries).toEqual([expect.objectContaining({ actorId: facilitator.user.id, detail: expect.objectContaining({ workshopId: workshop.id }) })]);
  });
});
