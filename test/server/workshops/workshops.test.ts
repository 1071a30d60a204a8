/**
 * Workshops and their agenda: creating (the caller facilitates; the default agenda; a join code),
 * listing one's own, reading as a member, and the facilitator's edits (the agenda replaces the
 * steps, ids kept, the current step clamped).
 */
import { describe, expect, it } from 'vitest';
import type { Workshop, WorkshopSummary } from '../../../shared/workshops';
import { DEFAULT_AGENDA, JOIN_CODE_ALPHABET, WorkshopLimits } from '../../../shared/workshops';
import { adminAudit } from '../../helpers/audit';
import { createUser } from '../../helpers/accounts';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { useTestResources } from '../../helpers/resources';
import { act, createWorkshop, getState, getWorkshop, markEndedInDatabase, setUpWorkshop, uniqueWorkshopTitle } from '../../helpers/workshops';

const resources = useTestResources();

function patchWorkshop(server: { url: string }, session: { cookie: string }, id: string, body: unknown): Promise<Response> {
  return requestJson(server, `/api/workshops/${id}`, { method: 'PATCH', session, body });
}

describe('creating a workshop', () => {
  it('makes the caller its facilitator, with the default agenda and a readable six-character join code; audited', async () => {
    const server = await resources.startServer();
    const facilitator = await createUser(server);
    const title = uniqueWorkshopTitle();
    const workshop = await createWorkshop(server, facilitator, { title, date: '2030-05-06' });
    expect(workshop).toEqual({
      id: expect.any(String),
      title,
      date: '2030-05-06',
      joinCode: expect.stringMatching(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${WorkshopLimits.joinCodeLength}}$`)),
      role: 'facilitator',
      agenda: DEFAULT_AGENDA.map((step) => ({ ...step, id: expect.any(String) })),
      facilitator: { userId: facilitator.user.id, name: facilitator.user.name },
      createdAt: expect.any(String),
      endedAt: null,
      myLetterId: null,
      sharesText: false,
    });
    expect(new Set(workshop.agenda.map((step) => step.id)).size).toBe(DEFAULT_AGENDA.length);
    expect(await getWorkshop(server, facilitator, workshop.id)).toEqual(workshop);
    const created = await adminAudit(server, facilitator, { action: 'workshop.created' });
    expect(created.map((entry) => [entry.actorId, entry.detail])).toEqual([[facilitator.user.id, { workshopId: workshop.id }]]);
  });

  it('takes an agenda of its own, and every workshop gets a different code', async () => {
    const server = await resources.startServer();
    const facilitator = await createUser(server);
    const agenda = [
      { title: 'Warm-up', minutes: 5, guidance: 'Introduce yourselves.', focusSections: [] },
      { title: 'Care in detention', minutes: 30, guidance: '', focusSections: ['care', 'standard'] },
    ];
    const workshop = await createWorkshop(server, facilitator, { agenda });
    expect(workshop.agenda).toEqual(agenda.map((step) => ({ ...step, id: expect.any(String) })));
    expect((await getState(server, facilitator, workshop.id)).timer.durationMs).toBe(5 * 60_000);

    const codes = new Set([workshop.joinCode]);
    for (let index = 0; index < 5; index += 1) codes.add((await createWorkshop(server, facilitator)).joinCode);
    expect(codes.size).toBe(6);
  });
});

describe('listing workshops', () => {
  it('shows the ones I facilitate or joined, with my role and the number of participants; nobody else’s', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2, { date: '2030-01-02' });
    const participant = participants[0]?.user;
    if (!participant) throw new Error('setUpWorkshop made two participants');
    const later = await createWorkshop(server, participant, { date: '2030-02-03' });
    const stranger = await createUser(server);

    const list = (session: { cookie: string }) => expectJson<{ workshops: WorkshopSummary[] }>(requestJson(server, '/api/workshops', { session }), 200);
    expect((await list(facilitator)).workshops).toEqual([
      { id: workshop.id, title: workshop.title, date: '2030-01-02', role: 'facilitator', participantCount: 2, endedAt: null },
    ]);
    expect((await list(participant)).workshops).toEqual([
      { id: later.id, title: later.title, date: '2030-02-03', role: 'facilitator', participantCount: 0, endedAt: null },
      { id: workshop.id, title: workshop.title, date: '2030-01-02', role: 'participant', participantCount: 2, endedAt: null },
    ]);
    expect((await list(stranger)).workshops).toEqual([]);
  });
});

describe('editing a workshop', () => {
  it('changes title and date; the agenda replaces the steps, keeping the ids given and new ids for new steps', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1);
    const participant = participants[0]?.user;
    if (!participant) throw new Error('setUpWorkshop made one participant');
    const [briefing, records] = workshop.agenda;
    if (!briefing || !records) throw new Error('the default agenda has six steps');

    const agenda = [
      { ...records, minutes: 25 },
      { title: 'Open questions', minutes: 10, guidance: 'Anything left?', focusSections: ['summary'] },
      { ...briefing, id: 'not-a-step-of-this-workshop' },
    ];
    const { workshop: changed } = await expectJson<{ workshop: Workshop }>(
      patchWorkshop(server, facilitator, workshop.id, { title: 'Renamed session', date: '2031-12-01', agenda }),
      200,
    );
    expect(changed).toMatchObject({ title: 'Renamed session', date: '2031-12-01' });
    expect(changed.agenda).toEqual([
      { ...records, minutes: 25 },
      { id: expect.any(String), title: 'Open questions', minutes: 10, guidance: 'Anything left?', focusSections: ['summary'] },
      { ...briefing, id: expect.any(String) },
    ]);
    const ids = changed.agenda.map((step) => step.id);
    expect(new Set([...ids, ...workshop.agenda.map((step) => step.id)]).size, 'new steps have new ids').toBe(workshop.agenda.length + 2);
    expect(await getWorkshop(server, participant, workshop.id)).toEqual({ ...changed, role: 'participant', myLetterId: participants[0]?.letterId });
    const updates = await adminAudit(server, facilitator, { action: 'workshop.updated' });
    expect(updates.map((entry) => entry.detail)).toEqual([{ workshopId: workshop.id, changed: 'title,date,agenda' }]);
  });

  it('clamps the current step to a shorter agenda and makes its timer idle with that step’s minutes', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator } = await setUpWorkshop(server, 0);
    await act(server, facilitator, workshop.id, { type: 'goToStep', index: 5 });
    await act(server, facilitator, workshop.id, { type: 'timerStart' });
    const before = await getState(server, facilitator, workshop.id);
    await expectJson(patchWorkshop(server, facilitator, workshop.id, { agenda: workshop.agenda.slice(0, 2) }), 200);
    const after = await getState(server, facilitator, workshop.id);
    expect(after).toMatchObject({ stepIndex: 1, revision: before.revision + 1, timer: { state: 'idle', durationMs: 15 * 60_000, remainingMs: 15 * 60_000 } });
  });

  it('keeps the current step current when the agenda moves it, with its running timer', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator } = await setUpWorkshop(server, 0);
    await act(server, facilitator, workshop.id, { type: 'goToStep', index: 2 });
    await act(server, facilitator, workshop.id, { type: 'timerStart' });
    const before = await getState(server, facilitator, workshop.id);
    const [first, second, third, ...rest] = workshop.agenda;
    if (!first || !second || !third) throw new Error('the default agenda has six steps');
    // "Briefing" moves below the current step ("Drafting"), which is now second.
    await expectJson(patchWorkshop(server, facilitator, workshop.id, { agenda: [second, third, first, ...rest] }), 200);
    const after = await getState(server, facilitator, workshop.id);
    expect(after.stepIndex).toBe(1);
    expect(after.timer).toEqual(before.timer);
  });

  it('is the facilitator’s alone (403 for participants); bad input is 400 and an ended workshop 409, nothing changed', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1);
    const participant = participants[0]?.user;
    if (!participant) throw new Error('setUpWorkshop made one participant');

    await expectApiError(await patchWorkshop(server, participant, workshop.id, { title: 'Mine now' }), 403);
    for (const body of [
      {},
      { title: '' },
      { date: '06/05/2030' },
      { agenda: [] },
      { agenda: [{ title: 'No minutes' }] },
      { agenda: [{ title: 'Too long', minutes: WorkshopLimits.maxStepMinutes + 1 }] },
      { agenda: [{ title: 'Unknown focus', minutes: 5, focusSections: ['nowhere'] }] },
      { agenda: Array.from({ length: WorkshopLimits.maxSteps + 1 }, (_, index) => ({ title: `Step ${index}`, minutes: 5 })) },
      { title: 'ok', extra: true },
    ]) {
      await expectApiError(await patchWorkshop(server, facilitator, workshop.id, body), 400);
    }
    expect(await getWorkshop(server, facilitator, workshop.id)).toEqual(workshop);

    await markEndedInDatabase(server.database, workshop.id);
    expect((await expectApiError(await patchWorkshop(server, facilitator, workshop.id, { title: 'After the end' }), 409)).code).toBe('workshop_ended');
    expect((await getWorkshop(server, facilitator, workshop.id)).title).toBe(workshop.title);
  });
});
