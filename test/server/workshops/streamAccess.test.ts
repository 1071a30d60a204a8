/**
 * The workshop event stream is held like a socket: it ends when its session signs out or expires,
 * while the same person's other sessions keep theirs.
 */
import { describe, expect, it } from 'vitest';
import { signIn } from '../../helpers/accounts';
import { withTestDatabase } from '../../helpers/database';
import { requestJson } from '../../helpers/http';
import { useTestResources } from '../../helpers/resources';
import { act, followEvents, setUpWorkshop } from '../../helpers/workshops';

const resources = useTestResources();

describe('the workshop event stream', () => {
  it('ends when its session signs out, and no state follows; another session of the same person keeps streaming', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1);
    const [participant] = participants as [(typeof participants)[0]]; // setUpWorkshop made one
    const laptop = await signIn(server, participant.user);
    const onLaptop = await followEvents(resources, server, laptop, workshop.id);
    const onPhone = await followEvents(resources, server, participant.user, workshop.id);

    expect((await requestJson(server, '/api/auth/logout', { method: 'POST', session: laptop })).status).toBe(204);
    expect(await onLaptop.ended).toBeNull();
    const received = onLaptop.states.length;

    const state = await act(server, facilitator, workshop.id, { type: 'broadcast', text: 'after the sign-out' });
    await onPhone.waitFor((next) => next.revision === state.revision);
    expect(onLaptop.states).toHaveLength(received);
  });

  it('ends when its session expires while it is open', async () => {
    const server = await resources.startServer({ sessionSweepMs: 50 });
    const { workshop, participants } = await setUpWorkshop(server, 1);
    const [participant] = participants as [(typeof participants)[0]]; // setUpWorkshop made one
    const expiring = await signIn(server, participant.user);
    const follower = await followEvents(resources, server, expiring, workshop.id);
    const other = await followEvents(resources, server, participant.user, workshop.id);

    const fifteenDaysAgo = Date.now() - 15 * 24 * 60 * 60 * 1000;
    await withTestDatabase(
      server.database,
      (writer) => writer.db.updateTable('sessions').set({ last_verified_at: fifteenDaysAgo }).where('id', '=', expiring.token.split('.')[0] ?? '').execute(),
      { writable: true },
    );
    expect(await follower.ended).toBeNull();
    // The session that is still valid keeps its stream.
    const state = await act(server, participant.user, workshop.id, { type: 'raiseHand' });
    await other.waitFor((next) => next.revision === state.revision);
  });
});
