/** The live session lives in the database: a reload or a server restart finds it exactly as it was. */
import { describe, expect, it } from 'vitest';
import type { WorkshopState } from '../../../shared/workshops';
import { useTestResources } from '../../helpers/resources';
import { act, followEvents, getBoard, getState, getWorkshop, setUpWorkshop } from '../../helpers/workshops';

const resources = useTestResources();

function withoutClock(state: WorkshopState): Omit<WorkshopState, 'serverNow'> {
  const { serverNow: _serverNow, ...rest } = state;
  return rest;
}

describe('a workshop across a restart', () => {
  it('keeps its step, running timer, broadcast, hands, members and letters; a new stream starts from there', async () => {
    const dataDir = await resources.tempDir();
    const server = await resources.startServer({ dataDir });
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [first, second] = participants.map((participant) => participant.user);
    if (!first || !second) throw new Error('setUpWorkshop made two participants');

    await act(server, facilitator, workshop.id, { type: 'goToStep', index: 2 });
    await act(server, facilitator, workshop.id, { type: 'timerStart' });
    await act(server, facilitator, workshop.id, { type: 'timerExtend', minutes: 5 });
    await act(server, facilitator, workshop.id, { type: 'broadcast', text: 'Back in five' });
    await act(server, second, workshop.id, { type: 'raiseHand' });
    const before = await getState(server, first, workshop.id);
    expect(before).toMatchObject({ stepIndex: 2, timer: { state: 'running' }, broadcast: { text: 'Back in five' }, hands: [{ userId: second.user.id }] });
    const workshopBefore = await getWorkshop(server, first, workshop.id);
    const boardBefore = await getBoard(server, facilitator, workshop.id);
    // A stream open while the server stops just ends; the client reconnects to the new one.
    const follower = await followEvents(resources, server, first, workshop.id);

    await server.stop();
    await follower.ended;
    const restarted = await resources.startServer({ dataDir });

    const after = await getState(restarted, first, workshop.id);
    expect(withoutClock(after)).toEqual(withoutClock(before));
    expect(Date.parse(after.serverNow)).toBeGreaterThanOrEqual(Date.parse(before.serverNow));
    expect(await getWorkshop(restarted, first, workshop.id)).toEqual(workshopBefore);
    expect(await getBoard(restarted, facilitator, workshop.id)).toEqual(boardBefore.map((participant) => ({ ...participant, online: false })));

    const again = await followEvents(resources, restarted, second, workshop.id);
    expect(withoutClock(again.latest())).toEqual(withoutClock(before));
    const paused = await act(restarted, facilitator, workshop.id, { type: 'timerPause' });
    expect(paused.revision).toBe(before.revision + 1);
    await again.waitFor((state) => state.revision === paused.revision);
  });
});
