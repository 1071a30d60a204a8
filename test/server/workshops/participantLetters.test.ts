/**
 * `POST /api/workshops/:id/letter`: a participant starts a new letter from the template (exactly as
 * `POST /api/letters` makes one) or brings one they own; a later one replaces the earlier.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DatabaseLocation } from '../../../server/db/database';
import { DEFAULT_CHECKLIST } from '../../../shared/checklist';
import { TEMPLATES } from '../../../shared/templates';
import { adminAudit } from '../../helpers/audit';
import { createUser } from '../../helpers/accounts';
import { withTestDatabase } from '../../helpers/database';
import { expectApiError } from '../../helpers/http';
import { addMember, createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { getChecklist, getLetter } from '../../helpers/workspace';
import { headingTexts, readStoredRoom } from '../../helpers/ydoc';
import {
  attachLetter,
  attachLetterRequest,
  attachNewLetter,
  createWorkshop,
  getWorkshop,
  joinWorkshop,
  markEndedInDatabase,
} from '../../helpers/workshops';

const resources = useTestResources();

/** The headings of a letter's body as stored in the server's database. */
async function storedHeadings(location: DatabaseLocation, letterId: string): Promise<string[]> {
  return withTestDatabase(location, async (reader) => {
    const stored = await readStoredRoom(reader, letterId);
    const headings = headingTexts(stored.doc);
    stored.doc.destroy();
    return headings;
  });
}

async function startWithParticipant() {
  const server = await resources.startServer();
  const facilitator = await createUser(server);
  const workshop = await createWorkshop(server, facilitator);
  const participant = await createUser(server);
  await joinWorkshop(server, participant, workshop.joinCode);
  return { server, facilitator, workshop, participant };
}

describe('a new letter for the workshop', () => {
  it('is the participant’s own, made from the default template like any new letter, and becomes myLetterId; audited', async () => {
    const { server, facilitator, workshop, participant } = await startWithParticipant();
    const joined = await attachNewLetter(server, participant, workshop.id);
    expect(joined).toMatchObject({ id: workshop.id, role: 'participant', myLetterId: expect.any(String) });
    const letterId = joined.myLetterId ?? '';

    const letter = await getLetter(server, participant, letterId);
    expect(letter).toMatchObject({ role: 'owner', status: 'draft', template: 'medical-advocacy', title: `${workshop.title} (${participant.user.name})` });
    expect(await storedHeadings(server.database, letterId)).toEqual(TEMPLATES['medical-advocacy'].sections.map((section) => section.heading));
    expect((await getChecklist(server, participant, letterId)).map((item) => item.text)).toEqual(DEFAULT_CHECKLIST.map((item) => item.text));
    expect(await getWorkshop(server, participant, workshop.id)).toEqual(joined);

    const attached = await adminAudit(server, facilitator, { action: 'workshop.letter_attached' });
    expect(attached.map((entry) => [entry.actorId, entry.letterId, entry.detail])).toEqual([[participant.user.id, letterId, { workshopId: workshop.id, mode: 'new' }]]);
    expect((await adminAudit(server, facilitator, { action: 'letter.created' })).map((entry) => entry.letterId)).toEqual([letterId]);
    // The facilitator is not on the letter: the workshop gives no access to its text.
    await expectApiError(await fetch(new URL(`/api/letters/${letterId}`, server.url), { headers: { Cookie: facilitator.cookie } }), 404);
  });

  it('takes a title, and replaces the letter brought before', async () => {
    const { server, workshop, participant } = await startWithParticipant();
    const first = (await attachNewLetter(server, participant, workshop.id)).myLetterId;
    const second = await attachNewLetter(server, participant, workshop.id, 'My practice letter');
    expect(second.myLetterId).not.toBe(first);
    expect((await getLetter(server, participant, second.myLetterId ?? '')).title).toBe('My practice letter');
    expect((await getLetter(server, participant, first ?? '')).role, 'the earlier letter is still theirs').toBe('owner');
  });
});

describe('bringing an own letter', () => {
  it('attaches a letter the participant owns, replacing the one before', async () => {
    const { server, workshop, participant } = await startWithParticipant();
    await attachNewLetter(server, participant, workshop.id);
    const mine = await createLetter(server, participant);
    const joined = await attachLetter(server, participant, workshop.id, mine.id);
    expect(joined.myLetterId).toBe(mine.id);
    expect((await getWorkshop(server, participant, workshop.id)).myLetterId).toBe(mine.id);
  });

  it('is 403 for a letter they only edit, 404 for one they are not on or that does not exist; nothing changes', async () => {
    const { server, workshop, participant } = await startWithParticipant();
    const before = await attachNewLetter(server, participant, workshop.id);
    const owner = await createUser(server);
    const shared = await createLetter(server, owner);
    await addMember(server, owner, shared.id, participant, 'editor');
    const foreign = await createLetter(server, owner);

    await expectApiError(await attachLetterRequest(server, participant, workshop.id, { mode: 'attach', letterId: shared.id }), 403);
    await expectApiError(await attachLetterRequest(server, participant, workshop.id, { mode: 'attach', letterId: foreign.id }), 404);
    await expectApiError(await attachLetterRequest(server, participant, workshop.id, { mode: 'attach', letterId: randomUUID() }), 404);
    expect(await getWorkshop(server, participant, workshop.id)).toEqual(before);
  });
});

describe('refused', () => {
  it('for the facilitator (403), bad bodies (400) and after the end (409), changing nothing', async () => {
    const { server, facilitator, workshop, participant } = await startWithParticipant();
    const mine = await createLetter(server, facilitator);
    await expectApiError(await attachLetterRequest(server, facilitator, workshop.id, { mode: 'attach', letterId: mine.id }), 403);
    await expectApiError(await attachLetterRequest(server, facilitator, workshop.id, { mode: 'new' }), 403);
    expect((await getWorkshop(server, facilitator, workshop.id)).myLetterId).toBeNull();

    for (const body of [{}, { mode: 'copy' }, { mode: 'attach' }, { mode: 'attach', letterId: 'not-a-uuid' }, { mode: 'new', title: '' }, { mode: 'new', extra: 1 }]) {
      await expectApiError(await attachLetterRequest(server, participant, workshop.id, body), 400);
    }
    expect((await getWorkshop(server, participant, workshop.id)).myLetterId).toBeNull();
    expect(await adminAudit(server, facilitator, { action: 'letter.created' })).toHaveLength(1);

    await markEndedInDatabase(server.database, workshop.id);
    const own = await createLetter(server, participant);
    expect((await expectApiError(await attachLetterRequest(server, participant, workshop.id, { mode: 'attach', letterId: own.id }), 409)).code).toBe('workshop_ended');
    expect((await expectApiError(await attachLetterRequest(server, participant, workshop.id, { mode: 'new' }), 409)).code).toBe('workshop_ended');
    expect((await getWorkshop(server, participant, workshop.id)).myLetterId).toBeNull();
  });
});
