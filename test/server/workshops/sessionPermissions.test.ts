/**
 * Who may use the session routes: only facilitators pair, spotlight and end (403 for
 * participants), only participants share, every member reads the spotlight; non-members get 404
 * (a workshop id reveals nothing, not even what a body should look like) and requests without a
 * session 401. Refused requests change nothing.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../helpers/accounts';
import type { HttpTarget, Session } from '../../helpers/http';
import { expectApiError, requestJson } from '../../helpers/http';
import { useTestResources } from '../../helpers/resources';
import { getState, setUpWorkshop } from '../../helpers/workshops';
import { letterStatus } from './session';

const resources = useTestResources();

/** One session route with a valid body. */
interface Route {
  name: string;
  send(server: HttpTarget, session: Session | null, workshopId: string): Promise<Response>;
}

function routes(pair: { a: string; b: string }, letterId: string): Route[] {
  const call = (method: string, path: string, body?: unknown): Route['send'] => (server, session, workshopId) =>
    requestJson(server, `/api/workshops/${workshopId}/${path}`, { method, session, ...(body === undefined ? {} : { body }) });
  return [
    { name: 'PUT pairs', send: call('PUT', 'pairs', { pairs: [pair] }) },
    { name: 'DELETE pairs', send: call('DELETE', 'pairs') },
    { name: 'PUT spotlight', send: call('PUT', 'spotlight', { letterId }) },
    { name: 'GET spotlight', send: call('GET', 'spotlight') },
    { name: 'PUT share', send: call('PUT', 'share', { shared: true }) },
    { name: 'POST end', send: call('POST', 'end') },
  ];
}

const FACILITATOR_ONLY = new Set(['PUT pairs', 'DELETE pairs', 'PUT spotlight', 'POST end']);

describe('session routes', () => {
  it('answer 401 without a session and 404 to non-members (also for ids that are not workshops), and change nothing', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [p1, p2] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    const outsider = await createUser(server);
    const before = await getState(server, facilitator, workshop.id);
    for (const route of routes({ a: p1.user.user.id, b: p2.user.user.id }, p1.letterId)) {
      expect((await expectApiError(await route.send(server, null, workshop.id), 401)).code, route.name).toBe('unauthenticated');
      expect((await expectApiError(await route.send(server, outsider, workshop.id), 404)).code, route.name).toBe('not_found');
      await expectApiError(await route.send(server, outsider, randomUUID()), 404);
      await expectApiError(await route.send(server, facilitator, 'not-a-workshop'), 404);
    }
    // An outsider's bad body still hears only 404.
    await expectApiError(await requestJson(server, `/api/workshops/${workshop.id}/pairs`, { method: 'PUT', session: outsider, body: { nonsense: 1 } }), 404);
    expect(await getState(server, facilitator, workshop.id)).toEqual({ ...before, serverNow: expect.any(String) });
    expect(await letterStatus(server, p2.user, p1.letterId)).toBe(404);
  });

  it('answer 403 to a participant for what only the facilitator does, and to the facilitator for sharing', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [p1, p2] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    const before = await getState(server, facilitator, workshop.id);
    for (const route of routes({ a: p1.user.user.id, b: p2.user.user.id }, p1.letterId)) {
      if (FACILITATOR_ONLY.has(route.name)) {
        expect((await expectApiError(await route.send(server, p1.user, workshop.id), 403)).code, route.name).toBe('forbidden');
      }
    }
    expect((await expectApiError(await requestJson(server, `/api/workshops/${workshop.id}/share`, { method: 'PUT', session: facilitator, body: { shared: true } }), 403)).code).toBe('forbidden');
    expect(await getState(server, facilitator, workshop.id)).toEqual({ ...before, serverNow: expect.any(String) });
    expect(await letterStatus(server, p2.user, p1.letterId)).toBe(404);
    // Every member may read the spotlight (there is none yet).
    for (const session of [facilitator, p1.user, p2.user]) {
      expect((await expectApiError(await requestJson(server, `/api/workshops/${workshop.id}/spotlight`, { session }), 404)).code).toBe('no_spotlight');
    }
  });
});
