/**
 * The letter workspace over the real API: case details, the checklist, status changes, sends, and
 * the `letterEvent` notices (MessageType.letterEvent) that ack-enabled sockets receive.
 */
import * as decoding from 'lib0/decoding';
import { expect } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { DatabaseLocation } from '../../server/db/database';
import type { CaseDetails } from '../../shared/caseDetails';
import type { ChecklistItem } from '../../shared/checklist';
import type { Letter, LetterSend, LetterStatus, LetterSummary } from '../../shared/letters';
import { STATUS_TRANSITIONS } from '../../shared/letters';
import { REVIEW_STATUSES } from '../../shared/reviews';
import type { LetterEventTopic } from '../../shared/protocol';
import { LETTER_EVENT_TOPICS, MessageType } from '../../shared/protocol';
import type { TestUser } from './accounts';
import { createUser } from './accounts';
import { trackAcks } from './acks';
import { withTestDatabase } from './database';
import type { HttpTarget, Session } from './http';
import { expectJson, requestJson } from './http';
import { addMember } from './letters';
import type { TestResources, TestServer } from './resources';
import { finishReview, listReviews, requestReview } from './reviews';
import { waitForSynced } from './wait';

/** `GET /api/letters/:id/case` as `session` (asserting 200). */
export async function getCase(server: HttpTarget, session: Session, letterId: string): Promise<CaseDetails> {
  return (await expectJson<{ case: CaseDetails }>(requestJson(server, `/api/letters/${letterId}/case`, { session }), 200)).case;
}

/** `PATCH /api/letters/:id/case` as `session`, returning the raw response. */
export function patchCaseRequest(server: HttpTarget, session: Session | null, letterId: string, body: unknown): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}/case`, { method: 'PATCH', session, body });
}

/** `PATCH /api/letters/:id/case` as `session` (asserting 200); returns the case afterwards. */
export async function patchCase(server: HttpTarget, session: Session, letterId: string, changes: Partial<CaseDetails>): Promise<CaseDetails> {
  return (await expectJson<{ case: CaseDetails }>(patchCaseRequest(server, session, letterId, changes), 200)).case;
}

/** `GET /api/letters/:id/checklist` as `session` (asserting 200). */
export async function getChecklist(server: HttpTarget, session: Session, letterId: string): Promise<ChecklistItem[]> {
  return (await expectJson<{ items: ChecklistItem[] }>(requestJson(server, `/api/letters/${letterId}/checklist`, { session }), 200)).items;
}

/** `PATCH /api/letters/:id/checklist/:itemId` as `session`, returning the raw response. */
export function patchItemRequest(server: HttpTarget, session: Session | null, letterId: string, itemId: string, body: unknown): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}/checklist/${itemId}`, { method: 'PATCH', session, body });
}

/** `PATCH /api/letters/:id/checklist/:itemId` as `session` (asserting 200); returns the item. */
export async function patchItem(server: HttpTarget, session: Session, letterId: string, itemId: string, body: unknown): Promise<ChecklistItem> {
  return (await expectJson<{ item: ChecklistItem }>(patchItemRequest(server, session, letterId, itemId, body), 200)).item;
}

/** The item at `index` of a checklist, failing the test if there is none. */
export function itemAt(items: readonly ChecklistItem[], index: number): ChecklistItem {
  const item = items[index];
  expect(item, `checklist item ${index} of ${items.length}`).toBeDefined();
  return item as ChecklistItem; // asserted defined just above
}

/** `GET /api/letters/:id` as `session` (asserting 200). */
export async function getLetter(server: HttpTarget, session: Session, letterId: string): Promise<Letter> {
  return (await expectJson<{ letter: Letter }>(requestJson(server, `/api/letters/${letterId}`, { session }), 200)).letter;
}

/** `PATCH /api/letters/:id {status}` as `session`, returning the raw response. */
export function changeStatusRequest(server: HttpTarget, session: Session | null, letterId: string, status: LetterStatus): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}`, { method: 'PATCH', session, body: { status } });
}

/** The shortest chain of allowed transitions from `from` to `to` (excluding `from`), by STATUS_TRANSITIONS. */
export function statusPath(to: LetterStatus, from: LetterStatus = 'draft'): LetterStatus[] {
  const previous = new Map<LetterStatus, LetterStatus | null>([[from, null]]);
  const queue: LetterStatus[] = [from];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    if (current === to) break;
    for (const next of STATUS_TRANSITIONS[current]) {
      if (previous.has(next)) continue;
      previous.set(next, current);
      queue.push(next);
    }
  }
  if (!previous.has(to)) throw new Error(`STATUS_TRANSITIONS has no way from ${from} to ${to}`);
  const path: LetterStatus[] = [];
  for (let step: LetterStatus | null | undefined = to; step && step !== from; step = previous.get(step)) path.unshift(step);
  return path;
}

/** The reviewer moveToStatus added to each letter, so later steps finish that reviewer's request. */
const stepReviewers = new Map<string, TestUser>();

/** One step the way people take it: the review statuses through a review by a commenter, the others by a status change. */
async function takeStep(server: HttpTarget, owner: Session, letterId: string, step: LetterStatus): Promise<Letter> {
  if (!REVIEW_STATUSES.includes(step)) return (await expectJson<{ letter: Letter }>(changeStatusRequest(server, owner, letterId, step), 200)).letter;
  let reviewer = stepReviewers.get(letterId);
  if (step === 'in_review') {
    if (!reviewer) {
      reviewer = await createUser(server, { name: 'Step Reviewer' });
      await addMember(server, owner, letterId, reviewer, 'commenter');
      stepReviewers.set(letterId, reviewer);
    }
    await requestReview(server, owner, letterId, reviewer.user.id);
    return getLetter(server, owner, letterId);
  }
  if (!reviewer) throw new Error('moveToStatus can finish only a review it requested itself');
  const pending = (await listReviews(server, owner, letterId)).find((review) => review.state === 'pending' && review.reviewer.userId === reviewer.user.id);
  if (!pending) throw new Error('no pending review to finish');
  await finishReview(server, reviewer, letterId, pending.id, step === 'approved' ? 'approve' : 'request_changes', 'Reviewed.');
  return getLetter(server, owner, letterId);
}

/**
 * Moves a letter (as its owner) through allowed steps until it has `to`, asserting every step;
 * returns the letter. The review statuses are reached through a review by a commenter the helper
 * adds to the letter (a plain status change refuses them).
 */
export async function moveToStatus(server: HttpTarget, owner: Session, letterId: string, to: LetterStatus): Promise<Letter> {
  let letter = await getLetter(server, owner, letterId);
  for (const step of statusPath(to, letter.status)) {
    letter = await takeStep(server, owner, letterId, step);
    expect(letter.status).toBe(step);
  }
  return letter;
}

/** `GET /api/letters` with `query` as `session` (asserting 200). */
export async function listLetters(server: HttpTarget, session: Session, query: Record<string, string> = {}): Promise<LetterSummary[]> {
  const search = new URLSearchParams(query).toString();
  const response = requestJson(server, `/api/letters${search ? `?${search}` : ''}`, { session });
  return (await expectJson<{ letters: LetterSummary[] }>(response, 200)).letters;
}

/** `GET /api/letters/:id/sends` as `session` (asserting 200). */
export async function getSends(server: HttpTarget, session: Session, letterId: string): Promise<LetterSend[]> {
  return (await expectJson<{ sends: LetterSend[] }>(requestJson(server, `/api/letters/${letterId}/sends`, { session }), 200)).sends;
}

/** The document states stored with a letter's sends, read straight from the server's database, oldest first, as Y.Docs. */
export async function readSentStates(location: DatabaseLocation, letterId: string): Promise<Y.Doc[]> {
  const rows = await withTestDatabase(location, (reader) =>
    reader.db.selectFrom('letter_sends').select('state').where('letter_id', '=', letterId).orderBy('sent_at').execute(),
  );
  return rows.map((row) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(row.state));
    return doc;
  });
}

/** Every row of the audit log as JSON text, read straight from the server's database. */
export async function readAuditRows(location: DatabaseLocation): Promise<string[]> {
  const rows = await withTestDatabase(location, (reader) => reader.db.selectFrom('audit_log').selectAll().orderBy('id').execute());
  return rows.map((row) => JSON.stringify(row));
}

function isTopic(value: unknown): value is LetterEventTopic {
  return typeof value === 'string' && (LETTER_EVENT_TOPICS as readonly string[]).includes(value);
}

/** Reads a letterEvent payload (after its message type): the topic, or throws if the JSON is not `{topic}` with a known topic. */
function readLetterEventPayload(decoder: decoding.Decoder): LetterEventTopic {
  const payload: unknown = JSON.parse(decoding.readVarString(decoder));
  const topic: unknown = typeof payload === 'object' && payload !== null && 'topic' in payload ? payload.topic : undefined;
  if (!isTopic(topic)) throw new Error(`letterEvent payload without a known topic: ${JSON.stringify(payload)}`);
  return topic;
}

/** The topics of every letterEvent frame among raw frames, in order. */
export function letterEventTopics(frames: readonly Uint8Array[]): LetterEventTopic[] {
  return frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame);
    return decoding.readVarUint(decoder) === MessageType.letterEvent ? [readLetterEventPayload(decoder)] : [];
  });
}

/** Records the letterEvent topics a stock provider receives. Register before it connects. */
export function trackLetterEvents(provider: WebsocketProvider): { readonly topics: LetterEventTopic[] } {
  const topics: LetterEventTopic[] = [];
  provider.messageHandlers[MessageType.letterEvent] = (_encoder, decoder) => {
    topics.push(readLetterEventPayload(decoder));
  };
  return { topics };
}

/**
 * A synced stock provider that asked for acknowledgements and records the letterEvent topics it
 * receives (acknowledgements are read too, so it logs no unknown message).
 */
export async function listenForLetterEvents(resources: TestResources, server: TestServer, letterId: string, session: Session) {
  const client = resources.connect(server, letterId, { session, ack: true, connect: false });
  const events = trackLetterEvents(client.provider);
  trackAcks(client.provider);
  client.provider.connect();
  await waitForSynced(client.provider);
  return { ...client, events };
}

/** Records the close codes a stock provider sees. */
export function watchProviderCloses(provider: WebsocketProvider): { readonly codes: number[] } {
  const codes: number[] = [];
  provider.on('connection-close', (event) => codes.push(event?.code ?? -1));
  return { codes };
}
