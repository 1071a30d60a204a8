/**
 * Workshops over the real API: create, join, attach letters, read and change the live state, and
 * follow the event stream (`GET /api/workshops/:id/events`) the way a browser's EventSource would.
 *
 * Exported names (kept stable; other test files import them):
 * - `createWorkshopRequest`, `createWorkshop`: `POST /api/workshops`
 * - `joinWorkshopRequest`, `joinWorkshop`: `POST /api/workshops/join`
 * - `attachLetterRequest`, `attachNewLetter`, `attachLetter`: `POST /api/workshops/:id/letter`
 * - `getWorkshop`, `getState`: `GET /api/workshops/:id` and `…/state`
 * - `actRequest`, `act`: `POST /api/workshops/:id/actions`
 * - `getBoard`: `GET /api/workshops/:id/board`
 * - `followEvents` → `WorkshopFollower`: an SSE reader collecting received states
 * - `setUpWorkshop` → `WorkshopSetup`: a facilitator, N participants joined, each with a new letter
 * - `markEndedInDatabase`: sets `ended_at` in the server's database (tests that need an ended workshop, not the ending)
 * - `uniqueWorkshopTitle`
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { DatabaseLocation } from '../../server/db/database';
import type { AgendaStep, BoardParticipant, Workshop, WorkshopAction, WorkshopState } from '../../shared/workshops';
import type { TestUser } from './accounts';
import { createUser } from './accounts';
import { withTestDatabase } from './database';
import type { HttpTarget, Session } from './http';
import { expectJson, requestJson } from './http';
import type { TestResources } from './resources';
import { waitUntil } from './wait';

let sequence = 0;

/** A workshop title no other workshop in this run has. */
export function uniqueWorkshopTitle(prefix = 'Workshop'): string {
  sequence += 1;
  return `${prefix} ${sequence} ${randomUUID().slice(0, 8)}`;
}

/** Fields of a new workshop; left out: a unique title, today's date, the default agenda. */
export interface WorkshopOverrides {
  title?: string;
  date?: string;
  agenda?: (Omit<AgendaStep, 'id' | 'guidance' | 'focusSections'> & Partial<Pick<AgendaStep, 'id' | 'guidance' | 'focusSections'>>)[];
}

/** `POST /api/workshops` with exactly `body` (for bad-input tests), returning the raw response. */
export function createWorkshopRequest(server: HttpTarget, session: Session | null, body: unknown): Promise<Response> {
  return requestJson(server, '/api/workshops', { method: 'POST', session, body });
}

/** Creates a workshop as `session` (who becomes its facilitator), asserting 201. */
export async function createWorkshop(server: HttpTarget, session: Session, overrides: WorkshopOverrides = {}): Promise<Workshop> {
  const body = {
    title: overrides.title ?? uniqueWorkshopTitle(),
    date: overrides.date ?? new Date().toISOString().slice(0, 10),
    ...(overrides.agenda ? { agenda: overrides.agenda } : {}),
  };
  return (await expectJson<{ workshop: Workshop }>(createWorkshopRequest(server, session, body), 201)).workshop;
}

/** `POST /api/workshops/join {code}`, returning the raw response. */
export function joinWorkshopRequest(server: HttpTarget, session: Session | null, code: string): Promise<Response> {
  return requestJson(server, '/api/workshops/join', { method: 'POST', session, body: { code } });
}

/** Joins a workshop by its code as `session`, asserting 200. */
export async function joinWorkshop(server: HttpTarget, session: Session, code: string): Promise<Workshop> {
  return (await expectJson<{ workshop: Workshop }>(joinWorkshopRequest(server, session, code), 200)).workshop;
}

/** `POST /api/workshops/:id/letter` with `body`, returning the raw response. */
export function attachLetterRequest(server: HttpTarget, session: Session | null, workshopId: string, body: unknown): Promise<Response> {
  return requestJson(server, `/api/workshops/${workshopId}/letter`, { method: 'POST', session, body });
}

/** A participant starts a new letter from the template for the workshop (asserting 201); returns the workshop with `myLetterId`. */
export async function attachNewLetter(server: HttpTarget, session: Session, workshopId: string, title?: string): Promise<Workshop> {
  const body = { mode: 'new', ...(title === undefined ? {} : { title }) };
  return (await expectJson<{ workshop: Workshop }>(attachLetterRequest(server, session, workshopId, body), 201)).workshop;
}

/** A participant brings one of their own letters to the workshop (asserting 201). */
export async function attachLetter(server: HttpTarget, session: Session, workshopId: string, letterId: string): Promise<Workshop> {
  return (await expectJson<{ workshop: Workshop }>(attachLetterRequest(server, session, workshopId, { mode: 'attach', letterId }), 201)).workshop;
}

/** `GET /api/workshops/:id` as `session`, asserting 200. */
export async function getWorkshop(server: HttpTarget, session: Session, workshopId: string): Promise<Workshop> {
  return (await expectJson<{ workshop: Workshop }>(requestJson(server, `/api/workshops/${workshopId}`, { session }), 200)).workshop;
}

/** `GET /api/workshops/:id/state` as `session`, asserting 200. */
export async function getState(server: HttpTarget, session: Session, workshopId: string): Promise<WorkshopState> {
  return (await expectJson<{ state: WorkshopState }>(requestJson(server, `/api/workshops/${workshopId}/state`, { session }), 200)).state;
}

/** `POST /api/workshops/:id/actions` with `action` (any JSON, for bad-input tests), returning the raw response. */
export function actRequest(server: HttpTarget, session: Session | null, workshopId: string, action: unknown): Promise<Response> {
  return requestJson(server, `/api/workshops/${workshopId}/actions`, { method: 'POST', session, body: action });
}

/** Performs one action as `session`, asserting 200; returns the new state. */
export async function act(server: HttpTarget, session: Session, workshopId: string, action: WorkshopAction): Promise<WorkshopState> {
  return (await expectJson<{ state: WorkshopState }>(actRequest(server, session, workshopId, action), 200)).state;
}

/** `GET /api/workshops/:id/board` as the facilitator, asserting 200. */
export async function getBoard(server: HttpTarget, session: Session, workshopId: string): Promise<BoardParticipant[]> {
  return (await expectJson<{ participants: BoardParticipant[] }>(requestJson(server, `/api/workshops/${workshopId}/board`, { session }), 200)).participants;
}

/** One open event stream and everything it received. */
export interface WorkshopFollower {
  /** Every `state` event received, in order. */
  readonly states: WorkshopState[];
  /** `Date.now()` when each state arrived (same indexes as `states`). */
  readonly receivedAt: number[];
  /** Every SSE comment line received (keep-alives), without the leading colon. */
  readonly comments: string[];
  /** The names of the light events received (`spotlight`, `board`), in order. */
  readonly signals: string[];
  /** The newest state, failing the test if none arrived yet. */
  latest(): WorkshopState;
  /** Waits until a received state satisfies `predicate`; returns it. */
  waitFor(predicate: (state: WorkshopState) => boolean): Promise<WorkshopState>;
  /** Aborts the request (also done in cleanup); resolves once the reader stopped. */
  close(): Promise<void>;
  /** Resolves when the stream ended: null when the server ended it, else the error (an abort, a dropped connection). */
  readonly ended: Promise<unknown>;
}

/**
 * Opens `GET /api/workshops/:id/events` with the session's cookie and parses `event:`/`data:`
 * lines as they arrive. Resolves once the response headers came (status 200 asserted) and the
 * first state has arrived. The request is aborted in `resources`' cleanup.
 */
export async function followEvents(resources: TestResources, server: HttpTarget, session: Session, workshopId: string): Promise<WorkshopFollower> {
  const controller = new AbortController();
  const response = await fetch(new URL(`/api/workshops/${workshopId}/events`, server.url), {
    headers: { Cookie: session.cookie, Accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const states: WorkshopState[] = [];
  const receivedAt: number[] = [];
  const comments: string[] = [];
  const signals: string[] = [];
  if (response.status !== 200 || !response.body) {
    controller.abort();
    expect(response.status, `GET …/events answered ${response.status}`).toBe(200);
  }
  expect(response.headers.get('content-type') ?? '').toMatch(/text\/event-stream/);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader(); // checked non-null above
  const ended = readEvents(reader, (event, data) => {
    if (event !== 'state') {
      signals.push(event);
      return;
    }
    states.push(JSON.parse(data) as WorkshopState); // the server's contract: `state` events carry a WorkshopState
    receivedAt.push(Date.now());
  }, comments);
  const close = async () => {
    controller.abort();
    await ended;
  };
  resources.defer(close);
  const follower: WorkshopFollower = {
    states,
    receivedAt,
    comments,
    signals,
    ended,
    close,
    latest() {
      const state = states.at(-1);
      expect(state, 'the stream has sent no state yet').toBeDefined();
      return state as WorkshopState; // asserted just above
    },
    async waitFor(predicate) {
      return waitUntil(() => {
        const found = states.find(predicate);
        expect(found, `no matching state among ${states.length} received`).toBeDefined();
        return found as WorkshopState; // asserted just above
      });
    },
  };
  await waitUntil(() => expect(states.length).toBeGreaterThan(0));
  return follower;
}

/** Reads an SSE body until it ends or is aborted, calling `onEvent` for every complete event. */
async function readEvents(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  onEvent: (event: string, data: string) => void,
  comments: string[],
): Promise<unknown> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = 'message';
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return null;
      buffer += decoder.decode(value, { stream: true });
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
        if (line === '') {
          if (data.length > 0) onEvent(event, data.join('\n'));
          event = 'message';
          data = [];
        } else if (line.startsWith(':')) {
          comments.push(line.slice(1).trim());
        } else {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = value;
          else if (field === 'data') data.push(value);
        }
      }
    }
  } catch (error) {
    // An abort (how every follower stops) or the server closing the connection (a restart) ends the
    // read with an error; either way the stream is over, and the caller sees it through `ended`.
    return error;
  }
}

/** A workshop with its facilitator and participants, each participant with a new letter. */
export interface WorkshopSetup {
  workshop: Workshop;
  facilitator: TestUser;
  participants: { user: TestUser; letterId: string }[];
}

/** Signs up a facilitator and `participantCount` participants, creates a workshop, joins everyone and gives each a new letter. */
export async function setUpWorkshop(server: HttpTarget, participantCount = 2, overrides: WorkshopOverrides = {}): Promise<WorkshopSetup> {
  const facilitator = await createUser(server);
  const workshop = await createWorkshop(server, facilitator, overrides);
  const participants: WorkshopSetup['participants'] = [];
  for (let index = 0; index < participantCount; index += 1) {
    const user = await createUser(server);
    await joinWorkshop(server, user, workshop.joinCode);
    const joined = await attachNewLetter(server, user, workshop.id);
    expect(joined.myLetterId).toEqual(expect.any(String));
    participants.push({ user, letterId: joined.myLetterId ?? '' });
  }
  return { workshop, facilitator, participants };
}

/**
 * Marks a workshop ended straight in the server's database, as `POST …/end` would record it (for
 * tests of what "ended" means to joining and actions that do not need the ending itself).
 */
export async function markEndedInDatabase(location: DatabaseLocation, workshopId: string): Promise<void> {
  await withTestDatabase(
    location,
    (writer) => writer.db.updateTable('workshops').set({ ended_at: new Date().toISOString() }).where('id', '=', workshopId).execute(),
    { writable: true },
  );
}
