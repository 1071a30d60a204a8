/**
 * Guided drafting sessions (workshops): every endpoint of /api/workshops, answers checked with zod
 * against the shared DTOs (each schema is `z.ZodType<Dto>`, so a drift in shared/ fails to compile).
 */
import { z } from 'zod';
import { PROFESSIONS } from '../../../shared/auth';
import {
  WORKSHOP_ROLES,
  type AgendaStep,
  type BoardParticipant,
  type SpotlightContent,
  type Workshop,
  type WorkshopAction,
  type WorkshopState,
  type WorkshopSummary,
  type WorkshopTimer,
} from '../../../shared/workshops';
import { pick, request } from './http';

const role = z.enum(WORKSHOP_ROLES);

const AgendaStepSchema: z.ZodType<AgendaStep> = z.object({
  id: z.string(),
  title: z.string(),
  minutes: z.number(),
  guidance: z.string(),
  focusSections: z.array(z.string()),
});

/** A workshop as one of its members sees it. */
export const WorkshopSchema: z.ZodType<Workshop> = z.object({
  id: z.string(),
  title: z.string(),
  date: z.string(),
  joinCode: z.string(),
  role,
  agenda: z.array(AgendaStepSchema),
  facilitator: z.object({ userId: z.string(), name: z.string() }),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
  myLetterId: z.string().nullable(),
  sharesText: z.boolean(),
});

/** A row of `GET /api/workshops`. */
export const WorkshopSummarySchema: z.ZodType<WorkshopSummary> = z.object({
  id: z.string(),
  title: z.string(),
  date: z.string(),
  role,
  participantCount: z.number(),
  endedAt: z.string().nullable(),
});

const TimerSchema: z.ZodType<WorkshopTimer> = z.object({
  state: z.enum(['idle', 'running', 'paused']),
  durationMs: z.number(),
  endsAt: z.string().nullable(),
  remainingMs: z.number().nullable(),
});

/** The live session. */
export const WorkshopStateSchema: z.ZodType<WorkshopState> = z.object({
  workshopId: z.string(),
  revision: z.number(),
  stepIndex: z.number(),
  timer: TimerSchema,
  broadcast: z.object({ text: z.string(), at: z.string(), by: z.string() }).nullable(),
  hands: z.array(z.object({ userId: z.string(), name: z.string(), raisedAt: z.string() })),
  pairs: z.array(z.object({ a: z.string(), b: z.string() })),
  spotlight: z.object({ letterId: z.string(), ownerName: z.string(), title: z.string() }).nullable(),
  ended: z.boolean(),
  serverNow: z.string(),
});

/** One participant on the facilitator's board. */
export const BoardParticipantSchema: z.ZodType<BoardParticipant> = z.object({
  userId: z.string(),
  name: z.string(),
  profession: z.enum(PROFESSIONS),
  online: z.boolean(),
  letterId: z.string().nullable(),
  letterTitle: z.string().nullable(),
  currentSection: z.string().nullable(),
  checklistDone: z.number(),
  checklistTotal: z.number(),
  sectionsStarted: z.number(),
  sectionsTotal: z.number(),
  wordCount: z.number(),
  handRaisedAt: z.string().nullable(),
  sharesText: z.boolean(),
  partnerId: z.string().nullable(),
});

/** The spotlighted letter, already de-identified by the server. */
export const SpotlightContentSchema: z.ZodType<SpotlightContent> = z.object({
  letterId: z.string(),
  title: z.string(),
  ownerName: z.string(),
  // ProseMirror JSON; only its presence is checked here, the renderer reads it defensively.
  body: z.custom<unknown>((value) => value !== undefined),
});

/** An agenda step as sent to the server: steps without an id are new. */
export type AgendaStepInput = Omit<AgendaStep, 'id'> & { id?: string };

/** `POST /api/workshops` body. */
export interface WorkshopCreateInput {
  title: string;
  /** YYYY-MM-DD */
  date: string;
  agenda?: AgendaStepInput[];
}

/** `PATCH /api/workshops/:id` body. */
export interface WorkshopUpdateInput {
  title?: string;
  date?: string;
  agenda?: AgendaStepInput[];
}

/** `POST /api/workshops/:id/letter` body: a new letter from the default template, or one of mine. */
export type ParticipantLetterInput = { mode: 'new'; title?: string } | { mode: 'attach'; letterId: string };

/** An action as the client sends it (the same union the server validates). */
export type WorkshopActionInput = WorkshopAction;

const workshopPath = (id: string) => `/api/workshops/${encodeURIComponent(id)}`;

/** The `state` of a body when the server sent one (some changes answer 204), else null. */
function optionalState(body: unknown): WorkshopState | null {
  if (typeof body !== 'object' || body === null || !('state' in body)) return null;
  return pick(body, 'state', WorkshopStateSchema);
}

/** `POST /api/workshops`: the caller becomes its facilitator. */
export async function createWorkshop(input: WorkshopCreateInput): Promise<Workshop> {
  return pick(await request('/api/workshops', { method: 'POST', json: input }), 'workshop', WorkshopSchema);
}

/** `GET /api/workshops`: the workshops I facilitate or joined. */
export async function listWorkshops(signal?: AbortSignal): Promise<WorkshopSummary[]> {
  return pick(await request('/api/workshops', { signal }), 'workshops', z.array(WorkshopSummarySchema));
}

/** `GET /api/workshops/:id`. */
export async function getWorkshop(id: string, signal?: AbortSignal): Promise<Workshop> {
  return pick(await request(workshopPath(id), { signal }), 'workshop', WorkshopSchema);
}

/** `PATCH /api/workshops/:id` (facilitator): title, date, or the whole agenda. */
export async function updateWorkshop(id: string, input: WorkshopUpdateInput): Promise<Workshop> {
  return pick(await request(workshopPath(id), { method: 'PATCH', json: input }), 'workshop', WorkshopSchema);
}

/** `POST /api/workshops/join`: idempotent; unknown codes answer 404 `unknown_code`. */
export async function joinWorkshop(code: string): Promise<Workshop> {
  return pick(await request('/api/workshops/join', { method: 'POST', json: { code: code.trim().toUpperCase() } }), 'workshop', WorkshopSchema);
}

/** `POST /api/workshops/:id/letter` (participant): start a new letter or attach one of mine. */
export async function setParticipantLetter(id: string, input: ParticipantLetterInput): Promise<Workshop> {
  return pick(await request(`${workshopPath(id)}/letter`, { method: 'POST', json: input }), 'workshop', WorkshopSchema);
}

/** `GET /api/workshops/:id/state`. */
export async function getWorkshopState(id: string, signal?: AbortSignal): Promise<WorkshopState> {
  return pick(await request(`${workshopPath(id)}/state`, { signal }), 'state', WorkshopStateSchema);
}

/** `POST /api/workshops/:id/actions`: one change to the live session; answers the new state. */
export async function sendWorkshopAction(id: string, action: WorkshopActionInput): Promise<WorkshopState> {
  return pick(await request(`${workshopPath(id)}/actions`, { method: 'POST', json: action }), 'state', WorkshopStateSchema);
}

/** `PUT /api/workshops/:id/presence` (participant): the section I am working in. */
export async function reportPresence(id: string, section: string | null): Promise<void> {
  await request(`${workshopPath(id)}/presence`, { method: 'PUT', json: { section } });
}

/** `GET /api/workshops/:id/board` (facilitator): progress figures, never letter text. */
export async function getBoard(id: string, signal?: AbortSignal): Promise<BoardParticipant[]> {
  return pick(await request(`${workshopPath(id)}/board`, { signal }), 'participants', z.array(BoardParticipantSchema));
}

/** `PUT /api/workshops/:id/pairs` (facilitator): replaces the peer-review pairs. */
export async function setPairs(id: string, pairs: { a: string; b: string }[]): Promise<WorkshopState | null> {
  return optionalState(await request(`${workshopPath(id)}/pairs`, { method: 'PUT', json: { pairs } }));
}

/** `DELETE /api/workshops/:id/pairs` (facilitator): ends peer review, revoking partners' access. */
export async function clearPairs(id: string): Promise<WorkshopState | null> {
  return optionalState(await request(`${workshopPath(id)}/pairs`, { method: 'DELETE' }));
}

/** `PUT /api/workshops/:id/spotlight` (facilitator): a participant's letter on the shared screen, or null. */
export async function setSpotlight(id: string, letterId: string | null): Promise<WorkshopState | null> {
  return optionalState(await request(`${workshopPath(id)}/spotlight`, { method: 'PUT', json: { letterId } }));
}

/** `GET /api/workshops/:id/spotlight`: the masked letter; 404 `no_spotlight` when none. */
export async function getSpotlight(id: string, signal?: AbortSignal): Promise<SpotlightContent> {
  return pick(await request(`${workshopPath(id)}/spotlight`, { signal }), 'spotlight', SpotlightContentSchema);
}

/** `PUT /api/workshops/:id/share` (participant): let the facilitator read my letter. */
export async function setShareText(id: string, shared: boolean): Promise<void> {
  await request(`${workshopPath(id)}/share`, { method: 'PUT', json: { shared } });
}

/** `POST /api/workshops/:id/end` (facilitator): ends the session and every access it granted. */
export async function endWorkshop(id: string): Promise<WorkshopState | null> {
  return optionalState(await request(`${workshopPath(id)}/end`, { method: 'POST' }));
}

/** The address of the live state stream (Server-Sent Events, event `state`). */
export function workshopEventsUrl(id: string): string {
  return `${workshopPath(id)}/events`;
}

/** The join link participants open: `/workshops/join/<CODE>` on this site. */
export function joinLink(code: string, origin: string = window.location.origin): string {
  return `${origin}/workshops/join/${encodeURIComponent(code)}`;
}
