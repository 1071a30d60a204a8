/**
 * Every workshop route of server/workshops/routes.ts: 401 without a session, 404 for anyone who is
 * not a member (and for ids that are not workshops), and bad input answered 400 with nothing changed.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WorkshopSummary } from '../../../shared/workshops';
import { createUser } from '../../helpers/accounts';
import type { Session } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import type { TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { actRequest, createWorkshopRequest, getState, getWorkshop, setUpWorkshop } from '../../helpers/workshops';

const resources = useTestResources();

/** A request to one route of one workshop, with a body the route accepts from a member. */
interface RouteCall {
  name: string;
  method: string;
  path: (workshopId: string) => string;
  body?: (context: { letterId: string }) => unknown;
}

const WORKSHOP_ROUTES: RouteCall[] = [
  { name: 'GET /:id', method: 'GET', path: (id) => `/api/workshops/${id}` },
  { name: 'PATCH /:id', method: 'PATCH', path: (id) => `/api/workshops/${id}`, body: () => ({ title: 'Taken over' }) },
  { name: 'POST /:id/letter', method: 'POST', path: (id) => `/api/workshops/${id}/letter`, body: ({ letterId }) => ({ mode: 'attach', letterId }) },
  { name: 'GET /:id/state', method: 'GET', path: (id) => `/api/workshops/${id}/state` },
  { name: 'GET /:id/events', method: 'GET', path: (id) => `/api/workshops/${id}/events` },
  { name: 'POST /:id/actions', method: 'POST', path: (id) => `/api/workshops/${id}/actions`, body: () => ({ type: 'nextStep' }) },
  { name: 'PUT /:id/presence', method: 'PUT', path: (id) => `/api/workshops/${id}/presence`, body: () => ({ section: 'summary' }) },
  { name: 'GET /:id/board', method: 'GET', path: (id) => `/api/workshops/${id}/board` },
];

function call(server: TestServer, route: RouteCall, workshopId: string, session: Session | null, letterId: string): Promise<Response> {
  return requestJson(server, route.path(workshopId), { method: route.method, session, body: route.body?.({ letterId }) });
}

describe('without a session', () => {
  it('every route answers 401 unauthenticated', async () => {
    const server = await resources.startServer();
    const { workshop, participants } = await setUpWorkshop(server, 1);
    const letterId = participants[0]?.letterId ?? '';
    const unscoped = [
      requestJson(server, '/api/workshops'),
      createWorkshopRequest(server, null, { title: 'Anonymous', date: '2030-01-01' }),
      requestJson(server, '/api/workshops/join', { method: 'POST', body: { code: workshop.joinCode } }),
    ];
    for (const response of await Promise.all(unscoped)) expect((await expectApiError(response, 401)).code).toBe('unauthenticated');
    for (const route of WORKSHOP_ROUTES) {
      const error = await expectApiError(await call(server, route, workshop.id, null, letterId), 401);
      expect(error.code, route.name).toBe('unauthenticated');
    }
  });
});

describe('someone who is not a member', () => {
  it('gets 404 from every route, as for a workshop that does not exist or an id that is not one', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1);
    const outsider = await createUser(server);
    const before = await getWorkshop(server, facilitator, workshop.id);
    const stateBefore = await getState(server, facilitator, workshop.id);
    const ownLetter = participants[0]?.letterId ?? '';
    for (const route of WORKSHOP_ROUTES) {
      for (const id of [workshop.id, randomUUID(), 'not-a-workshop']) {
        const error = await expectApiError(await call(server, route, id, outsider, ownLetter), 404);
        expect(error.code, `${route.name} ${id}`).toBe('not_found');
      }
    }
    for (const route of WORKSHOP_ROUTES.filter((candidate) => candidate.method === 'GET' && !candidate.name.includes('events'))) {
      await expectApiError(await call(server, route, randomUUID(), facilitator, ownLetter), 404);
    }
    expect(await getWorkshop(server, facilitator, workshop.id)).toEqual(before);
    expect((await getState(server, facilitator, workshop.id)).revision).toBe(stateBefore.revision);
  });
});

describe('bad input', () => {
  it('creating: 400 and no workshop made', async () => {
    const server = await resources.startServer();
    const facilitator = await createUser(server);
    for (const body of [
      {},
      { title: 'No date' },
      { title: '', date: '2030-01-01' },
      { title: 'x'.repeat(201), date: '2030-01-01' },
      { title: 'Bad date', date: '2030-13-45' },
      { title: 'Bad agenda', date: '2030-01-01', agenda: [] },
      { title: 'Fractional minutes', date: '2030-01-01', agenda: [{ title: 'Step', minutes: 1.5 }] },
      { title: 'Extra', date: '2030-01-01', extra: true },
      'not json',
    ]) {
      const error = await expectApiError(await createWorkshopRequest(server, facilitator, body), 400);
      expect(error.code).toBe('bad_request');
    }
    const { workshops } = await expectJson<{ workshops: WorkshopSummary[] }>(requestJson(server, '/api/workshops', { session: facilitator }), 200);
    expect(workshops).toEqual([]);
  });

  it('acting: 400 for unknown or malformed actions, and the state is unchanged', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator } = await setUpWorkshop(server, 0);
    const before = await getState(server, facilitator, workshop.id);
    for (const action of [
      {},
      { type: 'skipAhead' },
      { type: 'goToStep' },
      { type: 'goToStep', index: -1 },
      { type: 'goToStep', index: 1.5 },
      { type: 'timerExtend', minutes: 0 },
      { type: 'timerExtend', minutes: 61 },
      { type: 'broadcast', text: '   ' },
      { type: 'broadcast', text: 'x'.repeat(281) },
      { type: 'lowerHand', userId: 'someone' },
      { type: 'nextStep', extra: 1 },
    ]) {
      expect((await expectApiError(await actRequest(server, facilitator, workshop.id, action), 400)).code, JSON.stringify(action)).toBe('bad_request');
    }
    const after = await getState(server, facilitator, workshop.id);
    expect({ ...after, serverNow: null }).toEqual({ ...before, serverNow: null });
  });
});
