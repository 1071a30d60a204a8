/**
 * `POST /api/workshops/:id/actions`: the facilitator steers (steps, timer, broadcast, anyone's
 * hand); participants raise and lower their own hand. A refused action changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WorkshopAction, WorkshopState } from '../../../shared/workshops';
import { DEFAULT_AGENDA } from '../../../shared/workshops';
import { adminAudit } from '../../helpers/audit';
import { expectApiError } from '../../helpers/http';
import { useTestResources } from '../../helpers/resources';
import { act, actRequest, getState, markEndedInDatabase, setUpWorkshop } from '../../helpers/workshops';

const resources = useTestResources();

/** A state without the send time: what "nothing changed" compares. */
function withoutClock(state: WorkshopState): Omit<WorkshopState, 'serverNow'> {
  const { serverNow: _serverNow, ...rest } = state;
  return rest;
}

const minutesOf = (index: number) => (DEFAULT_AGENDA[index]?.minutes ?? 0) * 60_000;

/** Every action a facilitator may take, with valid arguments. */
const FACILITATOR_ACTIONS: WorkshopAction[] = [
  { type: 'goToStep', index: 2 },
  { type: 'nextStep' },
  { type: 'previousStep' },
  { type: 'timerStart' },
  { type: 'timerPause' },
  { type: 'timerReset' },
  { type: 'timerExtend', minutes: 5 },
  { type: 'broadcast', text: 'Five minutes left' },
  { type: 'clearBroadcast' },
];

describe('the live state of a new workshop', () => {
  it('starts at the first step with an idle timer of its minutes, no broadcast, hands, pairs or spotlight', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1);
    const before = Date.now();
    for (const session of [facilitator, participants[0]?.user]) {
      if (!session) throw new Error('setUpWorkshop made one participant');
      const state = await getState(server, session, workshop.id);
      expect(state).toEqual({
        workshopId: workshop.id,
        revision: 0,
        stepIndex: 0,
        timer: { state: 'idle', durationMs: minutesOf(0), endsAt: null, remainingMs: minutesOf(0) },
        broadcast: null,
        hands: [],
        pairs: [],
        spotlight: null,
        ended: false,
        serverNow: expect.any(String),
      });
      expect(Date.parse(state.serverNow)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(state.serverNow)).toBeLessThanOrEqual(Date.now() + 1000);
    }
  });
});

describe('the facilitator', () => {
  it('moves through the agenda: each move resets the timer to idle with the new step’s minutes, bumps the revision and is audited', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1);
    await act(server, facilitator, workshop.id, { type: 'timerStart' });

    let state = await act(server, facilitator, workshop.id, { type: 'nextStep' });
    expect(state).toMatchObject({ stepIndex: 1, revision: 2, timer: { state: 'idle', durationMs: minutesOf(1), endsAt: null, remainingMs: minutesOf(1) } });
    state = await act(server, facilitator, workshop.id, { type: 'goToStep', index: 4 });
    expect(state).toMatchObject({ stepIndex: 4, revision: 3, timer: { state: 'idle', durationMs: minutesOf(4), remainingMs: minutesOf(4) } });
    await act(server, facilitator, workshop.id, { type: 'timerExtend', minutes: 3 });
    state = await act(server, facilitator, workshop.id, { type: 'previousStep' });
    expect(state).toMatchObject({ stepIndex: 3, revision: 5, timer: { state: 'idle', durationMs: minutesOf(3), remainingMs: minutesOf(3) } });

    const participant = participants[0]?.user;
    if (!participant) throw new Error('setUpWorkshop made one participant');
    expect(withoutClock(await getState(server, participant, workshop.id)), 'everyone reads the same state').toEqual(withoutClock(state));

    const moves = await adminAudit(server, facilitator, { action: 'workshop.step_changed' });
    expect(moves.map((entry) => entry.detail).reverse()).toEqual([
      { workshopId: workshop.id, from: 0, to: 1 },
      { workshopId: workshop.id, from: 1, to: 4 },
      { workshopId: workshop.id, from: 4, to: 3 },
    ]);
  });

  it('cannot move before the first step, past the last, or to a step that does not exist: 400, nothing changes', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator } = await setUpWorkshop(server, 0);
    const first = await getState(server, facilitator, workshop.id);
    await expectApiError(await actRequest(server, facilitator, workshop.id, { type: 'previousStep' }), 400);
    await expectApiError(await actRequest(server, facilitator, workshop.id, { type: 'goToStep', index: DEFAULT_AGENDA.length }), 400);
    expect(withoutClock(await getState(server, facilitator, workshop.id))).toEqual(withoutClock(first));

    const last = await act(server, facilitator, workshop.id, { type: 'goToStep', index: DEFAULT_AGENDA.length - 1 });
    await expectApiError(await actRequest(server, facilitator, workshop.id, { type: 'nextStep' }), 400);
    expect(withoutClock(await getState(server, facilitator, workshop.id))).toEqual(withoutClock(last));
  });

  it('broadcasts a message everyone reads with the sender’s name, then clears it; the audit log keeps no message text', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1);
    const participant = participants[0]?.user;
    if (!participant) throw new Error('setUpWorkshop made one participant');
    const text = `Ten minutes left, finish the care section ${workshop.id.slice(0, 8)}`;

    const sent = await act(server, facilitator, workshop.id, { type: 'broadcast', text: `  ${text}  ` });
    expect(sent.broadcast).toEqual({ text, at: expect.any(String), by: facilitator.user.name });
    expect((await getState(server, participant, workshop.id)).broadcast).toEqual(sent.broadcast);

    const cleared = await act(server, facilitator, workshop.id, { type: 'clearBroadcast' });
    expect(cleared).toMatchObject({ broadcast: null, revision: sent.revision + 1 });

    const entries = await adminAudit(server, facilitator, { action: 'workshop.broadcast' });
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toContain(text);
  });

  it('lowers anyone’s hand (someone not in the workshop: 400)', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [first, second] = participants.map((participant) => participant.user);
    if (!first || !second) throw new Error('setUpWorkshop made two participants');
    await act(server, first, workshop.id, { type: 'raiseHand' });
    await act(server, second, workshop.id, { type: 'raiseHand' });
    const state = await act(server, facilitator, workshop.id, { type: 'lowerHand', userId: first.user.id });
    expect(state.hands.map((hand) => hand.userId)).toEqual([second.user.id]);
    await expectApiError(await actRequest(server, facilitator, workshop.id, { type: 'lowerHand', userId: randomUUID() }), 400);
  });
});

describe('a participant', () => {
  it('raises and lowers their own hand; raising twice keeps the first time and bumps nothing', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [first, second] = participants.map((participant) => participant.user);
    if (!first || !second) throw new Error('setUpWorkshop made two participants');

    const raised = await act(server, first, workshop.id, { type: 'raiseHand' });
    expect(raised.hands).toEqual([{ userId: first.user.id, name: first.user.name, raisedAt: expect.any(String) }]);
    expect(raised.revision).toBe(1);
    const again = await act(server, first, workshop.id, { type: 'raiseHand' });
    expect(withoutClock(again)).toEqual(withoutClock(raised));

    const both = await act(server, second, workshop.id, { type: 'raiseHand' });
    expect(both.hands.map((hand) => hand.userId), 'in the order they were raised').toEqual([first.user.id, second.user.id]);
    expect((await getState(server, facilitator, workshop.id)).hands).toEqual(both.hands);

    const lowered = await act(server, first, workshop.id, { type: 'lowerHand' });
    expect(lowered.hands.map((hand) => hand.userId)).toEqual([second.user.id]);
    const byId = await act(server, second, workshop.id, { type: 'lowerHand', userId: second.user.id });
    expect(byId.hands).toEqual([]);
  });

  it('gets 403 for someone else’s hand and for every facilitator action, and nothing changes', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [first, second] = participants.map((participant) => participant.user);
    if (!first || !second) throw new Error('setUpWorkshop made two participants');
    await act(server, facilitator, workshop.id, { type: 'goToStep', index: 1 });
    await act(server, facilitator, workshop.id, { type: 'timerStart' });
    await act(server, second, workshop.id, { type: 'raiseHand' });
    const before = await getState(server, facilitator, workshop.id);

    for (const action of [...FACILITATOR_ACTIONS, { type: 'lowerHand', userId: second.user.id } satisfies WorkshopAction]) {
      const error = await expectApiError(await actRequest(server, first, workshop.id, action), 403);
      expect(error.code, action.type).toBe('forbidden');
    }
    await expectApiError(await actRequest(server, facilitator, workshop.id, { type: 'raiseHand' }), 403);
    expect(withoutClock(await getState(server, facilitator, workshop.id))).toEqual(withoutClock(before));
  });
});

describe('an ended workshop', () => {
  it('refuses every action with 409 workshop_ended and its state stays as it was, ended', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1);
    const participant = participants[0]?.user;
    if (!participant) throw new Error('setUpWorkshop made one participant');
    await act(server, facilitator, workshop.id, { type: 'timerStart' });
    const before = await getState(server, facilitator, workshop.id);
    await markEndedInDatabase(server.database, workshop.id);

    for (const action of FACILITATOR_ACTIONS) {
      expect((await expectApiError(await actRequest(server, facilitator, workshop.id, action), 409)).code).toBe('workshop_ended');
    }
    expect((await expectApiError(await actRequest(server, participant, workshop.id, { type: 'raiseHand' }), 409)).code).toBe('workshop_ended');
    expect(withoutClock(await getState(server, participant, workshop.id))).toEqual({ ...withoutClock(before), ended: true });
  });
});
