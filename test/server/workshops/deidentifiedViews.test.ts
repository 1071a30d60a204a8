/**
 * De-identified means no case value: a peer-review partner and the facilitator never read the
 * recipient through a letter's sends, nor a name typed into its title (in any spelling) through
 * the letter, the letter list, its search, the board or the live state.
 */
import { describe, expect, it } from 'vitest';
import { MASKED_TEXT } from '../../../shared/caseDetails';
import { getInbox, postThread, threadBody } from '../../helpers/comments';
import { expectJson, requestJson } from '../../helpers/http';
import { useTestResources } from '../../helpers/resources';
import { getLetter, getSends, listLetters, moveToStatus, patchCase } from '../../helpers/workspace';
import { getBoard, getState, setUpWorkshop } from '../../helpers/workshops';
import { getSpotlight, putPairs, putSpotlight, shareRequest } from './session';

const resources = useTestResources();

/** A name typed into the title, spelt unlike the case's full name, so no scrub of case values would catch it. */
const TYPED_NAME = 'Mariá Gonzales-Reyes';

describe('de-identified views', () => {
  it("a partner's view of the letter's sends has no recipient", async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, partner] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    await patchCase(server, writer.user, writer.letterId, { recipientName: 'Judge Harriet Okafor', recipientOffice: 'Otay Mesa Immigration Court' });
    await moveToStatus(server, writer.user, writer.letterId, 'sent');
    await putPairs(server, facilitator, workshop.id, [{ a: writer.user.user.id, b: partner.user.user.id }]);

    const raw = await (await requestJson(server, `/api/letters/${writer.letterId}/sends`, { session: partner.user })).text();
    expect(raw).not.toContain('Okafor');
    expect(raw).not.toContain('Otay Mesa');
    const sends = await getSends(server, partner.user, writer.letterId);
    expect(sends).toHaveLength(1);
    expect(sends[0]?.recipient).toBe(MASKED_TEXT);
    // The writer still sees whom it went to.
    expect((await getSends(server, writer.user, writer.letterId))[0]?.recipient).toContain('Judge Harriet Okafor');
  });

  it('no title typed with a name reaches the partner, the facilitator\'s board, the shared screen or the live state', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, partner] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    await patchCase(server, writer.user, writer.letterId, { fullName: 'Maria Gonzalez' });
    const title = `Parole request for ${TYPED_NAME}`;
    await expectJson(requestJson(server, `/api/letters/${writer.letterId}`, { method: 'PATCH', session: writer.user, body: { title } }), 200);
    await putPairs(server, facilitator, workshop.id, [{ a: writer.user.user.id, b: partner.user.user.id }]);
    expect((await shareRequest(server, writer.user, workshop.id, { shared: true })).status).toBe(200);
    await putSpotlight(server, facilitator, workshop.id, writer.letterId);

    const seen: string[] = [];
    const partnerLetter = await getLetter(server, partner.user, writer.letterId);
    expect(partnerLetter).toMatchObject({ deidentified: true, title: `Letter by ${writer.user.user.name}` });
    seen.push(JSON.stringify(partnerLetter));
    seen.push(JSON.stringify(await getLetter(server, facilitator, writer.letterId)));
    seen.push(JSON.stringify(await listLetters(server, partner.user)));
    seen.push(JSON.stringify(await listLetters(server, facilitator)));
    seen.push(JSON.stringify(await getBoard(server, facilitator, workshop.id)));
    seen.push(JSON.stringify(await getState(server, partner.user, workshop.id)));
    seen.push((await getSpotlight(server, partner.user, workshop.id)).raw);
    // A mention brings the letter to the partner's inbox, under the neutral title.
    await postThread(server, writer.user, writer.letterId, threadBody({ body: 'please look at the medical section', mentions: [partner.user.user.id] }));
    const inbox = await getInbox(server, partner.user);
    expect(inbox.items.map((item) => item.letterTitle)).toEqual([`Letter by ${writer.user.user.name}`]);
    seen.push(JSON.stringify(inbox));
    for (const text of seen) {
      expect(text).not.toContain('Gonzales');
      expect(text).not.toContain('Parole request');
    }
    // Searching by the name does not confirm it either.
    expect((await listLetters(server, partner.user, { q: 'Gonzales' })).map((letter) => letter.id)).not.toContain(writer.letterId);
    expect((await listLetters(server, facilitator, { q: 'Parole' })).map((letter) => letter.id)).not.toContain(writer.letterId);
    // The writer's own views keep the title.
    expect((await getLetter(server, writer.user, writer.letterId)).title).toBe(title);
    expect((await listLetters(server, writer.user, { q: 'Gonzales' })).map((letter) => letter.id)).toContain(writer.letterId);
  });
});
