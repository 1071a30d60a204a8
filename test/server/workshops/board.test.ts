/**
 * `GET /api/workshops/:id/board` (facilitator) and `PUT …/presence` (participant): progress as
 * figures only. Participants type into their letters through stock providers; the board counts
 * their words and sections and never carries a word of what they wrote.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TEMPLATES } from '../../../shared/templates';
import type { BoardParticipant } from '../../../shared/workshops';
import { createUser } from '../../helpers/accounts';
import type { Session } from '../../helpers/http';
import { expectApiError, requestJson } from '../../helpers/http';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { getChecklist, itemAt, patchItem } from '../../helpers/workspace';
import { bodyOf } from '../../helpers/ydoc';
import { act, getBoard, joinWorkshop, setUpWorkshop } from '../../helpers/workshops';

const resources = useTestResources();

/** Types `text` into the (empty) paragraph that follows the heading `heading`, as an editor would. */
function typeUnderHeading(doc: Y.Doc, heading: string, text: string): void {
  const blocks = bodyOf(doc).toArray();
  const index = blocks.findIndex((node) => node instanceof Y.XmlElement && node.nodeName === 'heading' && node.toString().includes(`>${heading}<`));
  const paragraph = blocks[index + 1];
  if (index < 0 || !(paragraph instanceof Y.XmlElement)) throw new Error(`no paragraph after the heading ${heading}`);
  doc.transact(() => paragraph.insert(0, [new Y.XmlText(text)]));
}

function putPresence(server: { url: string }, session: Session | null, workshopId: string, body: unknown): Promise<Response> {
  return requestJson(server, `/api/workshops/${workshopId}/presence`, { method: 'PUT', session, body });
}

const template = TEMPLATES['medical-advocacy'];

describe('the facilitator’s board', () => {
  it('shows each participant’s figures: online, checklist, sections started, words, section, hand; and no letter text', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, quiet] = participants;
    if (!writer || !quiet) throw new Error('setUpWorkshop made two participants');
    const lateComer = await createUser(server);
    await joinWorkshop(server, lateComer, workshop.joinCode);

    const marker = randomUUID().slice(0, 8);
    const summary = `Mr Quillfeather needs an urgent cardiology referral ${marker}`;
    const care = `Insulin was withheld for nine days ${marker}`;
    const client = resources.connect(server, writer.letterId, { session: writer.user });
    await waitForSynced(client.provider);
    typeUnderHeading(client.doc, 'Summary of request', summary);
    typeUnderHeading(client.doc, 'Care in detention', care);
    const items = await getChecklist(server, writer.user, writer.letterId);
    await patchItem(server, writer.user, writer.letterId, itemAt(items, 0).id, { ticked: true });
    await patchItem(server, writer.user, writer.letterId, itemAt(items, 3).id, { ticked: true });
    expect((await putPresence(server, writer.user, workshop.id, { section: 'care' })).status).toBe(204);
    await act(server, writer.user, workshop.id, { type: 'raiseHand' });

    const words = summary.split(' ').length + care.split(' ').length;
    const board = await waitUntil(async () => {
      const current = await getBoard(server, facilitator, workshop.id);
      expect(current[0]?.wordCount).toBe(words);
      return current;
    });
    expect(board).toEqual([
      {
        userId: writer.user.user.id,
        name: writer.user.user.name,
        profession: writer.user.user.profession,
        online: true,
        letterId: writer.letterId,
        // Never the letter's own title (people type names into titles): a neutral one.
        letterTitle: 'Letter',
        currentSection: 'care',
        checklistDone: 2,
        checklistTotal: items.length,
        sectionsStarted: 2,
        sectionsTotal: template.sections.length,
        wordCount: words,
        handRaisedAt: expect.any(String),
        sharesText: false,
        partnerId: null,
      },
      {
        userId: quiet.user.user.id,
        name: quiet.user.user.name,
        profession: quiet.user.user.profession,
        online: false,
        letterId: quiet.letterId,
        letterTitle: expect.any(String),
        currentSection: null,
        checklistDone: 0,
        checklistTotal: items.length,
        sectionsStarted: 0,
        sectionsTotal: template.sections.length,
        wordCount: 0,
        handRaisedAt: null,
        sharesText: false,
        partnerId: null,
      },
      {
        userId: lateComer.user.id,
        name: lateComer.user.name,
        profession: lateComer.user.profession,
        online: false,
        letterId: null,
        letterTitle: null,
        currentSection: null,
        checklistDone: 0,
        checklistTotal: 0,
        sectionsStarted: 0,
        sectionsTotal: 0,
        wordCount: 0,
        handRaisedAt: null,
        sharesText: false,
        partnerId: null,
      },
    ] satisfies BoardParticipant[]);

    const response = await requestJson(server, `/api/workshops/${workshop.id}/board`, { session: facilitator });
    const raw = await response.text();
    for (const secret of [summary, care, marker, 'Quillfeather', 'Insulin']) expect(raw).not.toContain(secret);

    client.provider.destroy();
    await waitUntil(async () => expect((await getBoard(server, facilitator, workshop.id))[0]?.online).toBe(false));
  });

  it('is the facilitator’s alone: 403 for participants', async () => {
    const server = await resources.startServer();
    const { workshop, participants } = await setUpWorkshop(server, 1);
    const participant = participants[0]?.user;
    if (!participant) throw new Error('setUpWorkshop made one participant');
    await expectApiError(await requestJson(server, `/api/workshops/${workshop.id}/board`, { session: participant }), 403);
  });
});

describe('presence', () => {
  it('takes a known section key or null from a participant; anything else is 400 and the section stays', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1);
    const participant = participants[0]?.user;
    if (!participant) throw new Error('setUpWorkshop made one participant');
    const section = async () => (await getBoard(server, facilitator, workshop.id))[0]?.currentSection;

    expect((await putPresence(server, participant, workshop.id, { section: 'summary' })).status).toBe(204);
    expect(await section()).toBe('summary');
    for (const body of [{}, { section: 'Mr Quillfeather needs care' }, { section: 7 }, { section: 'x'.repeat(65) }, { section: 'care', extra: 1 }]) {
      await expectApiError(await putPresence(server, participant, workshop.id, body), 400);
    }
    expect(await section()).toBe('summary');
    expect((await putPresence(server, participant, workshop.id, { section: null })).status).toBe(204);
    expect(await section()).toBeNull();

    await expectApiError(await putPresence(server, facilitator, workshop.id, { section: 'care' }), 403);
  });
});
