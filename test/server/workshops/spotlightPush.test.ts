/**
 * The workshop stream pushes what used to be polled: an edit of the spotlighted letter reaches
 * every follower as an event `spotlight` (throttled per letter), and someone opening or closing their stream reaches the facilitator's board as an event
 * `board`, so the board shows them online at once.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestResources } from '../../helpers/resources';
import { waitUntil } from '../../helpers/wait';
import { followEvents, getBoard, setUpWorkshop } from '../../helpers/workshops';
import { editBody, paragraphOf } from '../export/body';
import { getSpotlight, putSpotlight } from './session';

const resources = useTestResources();

describe('the pushed spotlight', () => {
  it('tells every follower when the spotlighted letter was edited, and the reload then shows the edit', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, viewer] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    await putSpotlight(server, facilitator, workshop.id, writer.letterId);
    const [screen, board] = await Promise.all([followEvents(resources, server, viewer.user, workshop.id), followEvents(resources, server, facilitator, workshop.id)]);
    const before = screen.signals.filter((name) => name === 'spotlight').length;

    const sentence = `Insulin was withheld for nine days ${randomUUID()}`;
    await editBody(resources, server, writer.letterId, writer.user, (doc) => doc.getXmlFragment('default').push([paragraphOf([{ text: sentence }])]));
    for (const follower of [screen, board]) await waitUntil(() => expect(follower.signals.filter((name) => name === 'spotlight').length).toBeGreaterThan(before));
    expect((await getSpotlight(server, viewer.user, workshop.id)).raw).toContain(sentence);
  });

  it('says nothing for a letter that is not on the shared screen', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [shown, other] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    await putSpotlight(server, facilitator, workshop.id, shown.letterId);
    const board = await followEvents(resources, server, facilitator, workshop.id);
    await editBody(resources, server, other.letterId, other.user, (doc) => doc.getXmlFragment('default').push([paragraphOf([{ text: 'Not shown' }])]));
    // Then an edit of the shown letter: its push arrives, and none came before it for the other letter.
    await editBody(resources, server, shown.letterId, shown.user, (doc) => doc.getXmlFragment('default').push([paragraphOf([{ text: 'Shown' }])]));
    await waitUntil(() => expect(board.signals.filter((name) => name === 'spotlight')).toHaveLength(1));
  });
});

describe('the pushed board', () => {
  it('tells the facilitator when a participant opens or closes their stream, and the board agrees', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1);
    const participant = participants[0]?.user;
    if (!participant) throw new Error('setUpWorkshop made one participant');
    const board = await followEvents(resources, server, facilitator, workshop.id);
    const before = board.signals.filter((name) => name === 'board').length;

    const follower = await followEvents(resources, server, participant, workshop.id);
    await waitUntil(() => expect(board.signals.filter((name) => name === 'board').length).toBe(before + 1));
    expect((await getBoard(server, facilitator, workshop.id))[0]?.online).toBe(true);

    await follower.close();
    await waitUntil(() => expect(board.signals.filter((name) => name === 'board').length).toBe(before + 2));
    expect((await getBoard(server, facilitator, workshop.id))[0]?.online).toBe(false);
  });
});
