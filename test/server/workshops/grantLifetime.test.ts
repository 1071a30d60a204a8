/**
 * Access a workshop grants lasts exactly as long as its reason: a pairing or sharing request whose
 * body arrives after the end grants nothing; a letter whose participant was removed from it leaves
 * the workshop with every grant it carried; stopping sharing after switching letters leaves no
 * grant on any of them.
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { CloseReason } from '../../../shared/protocol';
import { createUser } from '../../helpers/accounts';
import type { HttpTarget, Session } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { addMember, createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced } from '../../helpers/wait';
import { attachLetter, attachNewLetter, getState, getWorkshop, joinWorkshop, setUpWorkshop } from '../../helpers/workshops';
import { endRequest, letterStatus, putPairs, putPairsRequest, putSpotlight, putSpotlightRequest, shareRequest, watchCloses } from './session';

const resources = useTestResources();

/** A request whose headers go now and whose body goes when `send` is called; `response` is its status. */
function requestWithLateBody(server: HttpTarget, session: Session, method: string, pathname: string, body: unknown): { send(): void; response: Promise<number> } {
  const text = JSON.stringify(body);
  const url = new URL(pathname, server.url);
  const request = http.request(url, {
    method,
    headers: { Origin: url.origin, Cookie: session.cookie, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) },
  });
  const response = new Promise<number>((resolve, reject) => {
    request.on('response', (answer) => {
      answer.resume();
      answer.on('end', () => resolve(answer.statusCode ?? 0));
    });
    request.on('error', reject);
  });
  request.flushHeaders();
  return { send: () => request.end(text), response };
}

describe('a request whose body arrives after the workshop ended', () => {
  it.each([
    ['pairing', 'PUT', 'pairs'],
    ['sharing', 'PUT', 'share'],
  ] as const)('%s is refused with 409 and grants nothing', async (what, method, path) => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, partner] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    const late =
      what === 'pairing'
        ? requestWithLateBody(server, facilitator, method, `/api/workshops/${workshop.id}/${path}`, { pairs: [{ a: writer.user.user.id, b: partner.user.user.id }] })
        : requestWithLateBody(server, writer.user, method, `/api/workshops/${workshop.id}/${path}`, { shared: true });
    // A request through the same checks, sent after the late one's headers, has been answered: the
    // late one passed its access checks and waits for its body.
    await getWorkshop(server, facilitator, workshop.id);
    expect((await endRequest(server, facilitator, workshop.id)).status).toBe(200);
    late.send();
    expect(await late.response).toBe(409);

    // Nothing was granted, so nothing outlives the workshop.
    expect(await letterStatus(server, partner.user, writer.letterId)).toBe(404);
    expect(await letterStatus(server, writer.user, partner.letterId)).toBe(404);
    expect(await letterStatus(server, facilitator, writer.letterId)).toBe(404);
  });
});

describe('a letter whose participant is removed from it', () => {
  /** An owner who shares a letter with a participant as co-owner; the participant brings it to a workshop and is paired. */
  async function setUpCoOwnedLetter() {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1);
    const [partner] = participants as [(typeof participants)[0]]; // setUpWorkshop made one
    const owner = await createUser(server);
    const participant = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, participant, 'owner');
    await joinWorkshop(server, participant, workshop.joinCode);
    await attachLetter(server, participant, workshop.id, letter.id);
    await putPairs(server, facilitator, workshop.id, [{ a: participant.user.id, b: partner.user.user.id }]);
    expect(await letterStatus(server, partner.user, letter.id)).toBe(200);
    return { server, workshop, facilitator, partner, owner, participant, letter };
  }

  it('leaves the workshop: its partner grant ends (404, socket closed with 4410), and it can be neither spotlighted nor paired again', async () => {
    const { server, workshop, facilitator, partner, owner, participant, letter } = await setUpCoOwnedLetter();
    await putSpotlight(server, facilitator, workshop.id, letter.id);
    const partnerClient = resources.connect(server, letter.id, { session: partner.user });
    await waitForSynced(partnerClient.provider);
    const closes = watchCloses(partnerClient);

    expect((await requestJson(server, `/api/letters/${letter.id}/members/${participant.user.id}`, { method: 'DELETE', session: owner })).status).toBe(204);

    expect((await closes.final).code).toBe(CloseReason.accessEnded.code);
    expect(partnerClient.provider.shouldConnect).toBe(false);
    expect(await letterStatus(server, partner.user, letter.id)).toBe(404);
    const state = await getState(server, facilitator, workshop.id);
    expect(state.spotlight).toBeNull();
    expect((await getWorkshop(server, participant, workshop.id)).myLetterId).toBeNull();
    await expectApiError(await putSpotlightRequest(server, facilitator, workshop.id, { letterId: letter.id }), 400);
    await expectApiError(await putPairsRequest(server, facilitator, workshop.id, { pairs: [{ a: participant.user.id, b: partner.user.user.id }] }), 400);
    expect(await letterStatus(server, partner.user, letter.id)).toBe(404);
  });

  it('leaves the workshop too when its participant is no longer an owner of it', async () => {
    const { server, workshop, facilitator, partner, owner, participant, letter } = await setUpCoOwnedLetter();
    await expectJson(requestJson(server, `/api/letters/${letter.id}/members/${participant.user.id}`, { method: 'PATCH', session: owner, body: { role: 'editor' } }), 200);
    expect(await letterStatus(server, partner.user, letter.id)).toBe(404);
    await expectApiError(await putSpotlightRequest(server, facilitator, workshop.id, { letterId: letter.id }), 400);
    // Sharing it with the facilitator gives nothing either: it is no longer in the workshop.
    await expectApiError(await shareRequest(server, participant, workshop.id, { shared: true }), 400);
    expect(await letterStatus(server, facilitator, letter.id)).toBe(404);
  });
});

describe('sharing with the facilitator', () => {
  it('stopped after switching letters leaves the facilitator no grant on either letter', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1);
    const [writer] = participants as [(typeof participants)[0]]; // setUpWorkshop made one
    expect((await shareRequest(server, writer.user, workshop.id, { shared: true })).status).toBe(200);
    expect(await letterStatus(server, facilitator, writer.letterId)).toBe(200);
    const firstClient = resources.connect(server, writer.letterId, { session: facilitator });
    await waitForSynced(firstClient.provider);
    const closes = watchCloses(firstClient);

    const second = (await attachNewLetter(server, writer.user, workshop.id)).myLetterId ?? '';
    expect(second).not.toBe(writer.letterId);
    expect((await shareRequest(server, writer.user, workshop.id, { shared: false })).status).toBe(200);

    expect(await letterStatus(server, facilitator, writer.letterId)).toBe(404);
    expect(await letterStatus(server, facilitator, second)).toBe(404);
    expect((await closes.final).code).toBe(CloseReason.accessEnded.code);
  });
});
