/**
 * The session routes over the real API (pairs, spotlight, sharing, the end), and what the session
 * tests watch: close codes of providers, and how a partner's socket settles.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { SpotlightContent, WorkshopState } from '../../../shared/workshops';
import type { AckTracker } from '../../helpers/acks';
import type { HttpTarget, Session } from '../../helpers/http';
import { expectJson, requestJson } from '../../helpers/http';
import type { TestClient } from '../../helpers/resources';
import { waitUntil } from '../../helpers/wait';
import { appendParagraph } from '../../helpers/ydoc';

/** `PUT /api/workshops/:id/pairs`, returning the raw response. */
export function putPairsRequest(server: HttpTarget, session: Session | null, workshopId: string, body: unknown): Promise<Response> {
  return requestJson(server, `/api/workshops/${workshopId}/pairs`, { method: 'PUT', session, body });
}

/** Pairs participants as the facilitator (asserting 200); returns the new state. */
export async function putPairs(server: HttpTarget, session: Session, workshopId: string, pairs: { a: string; b: string }[]): Promise<WorkshopState> {
  return (await expectJson<{ state: WorkshopState }>(putPairsRequest(server, session, workshopId, { pairs }), 200)).state;
}

/** `DELETE /api/workshops/:id/pairs`, returning the raw response. */
export function deletePairsRequest(server: HttpTarget, session: Session | null, workshopId: string): Promise<Response> {
  return requestJson(server, `/api/workshops/${workshopId}/pairs`, { method: 'DELETE', session });
}

/** `PUT /api/workshops/:id/spotlight {letterId}`, returning the raw response. */
export function putSpotlightRequest(server: HttpTarget, session: Session | null, workshopId: string, body: unknown): Promise<Response> {
  return requestJson(server, `/api/workshops/${workshopId}/spotlight`, { method: 'PUT', session, body });
}

/** Puts a letter (or null: none) on the shared screen as the facilitator (asserting 200). */
export async function putSpotlight(server: HttpTarget, session: Session, workshopId: string, letterId: string | null): Promise<WorkshopState> {
  return (await expectJson<{ state: WorkshopState }>(putSpotlightRequest(server, session, workshopId, { letterId }), 200)).state;
}

/** `GET /api/workshops/:id/spotlight`, returning the raw response. */
export function getSpotlightRequest(server: HttpTarget, session: Session | null, workshopId: string): Promise<Response> {
  return requestJson(server, `/api/workshops/${workshopId}/spotlight`, { session });
}

/** The spotlight as `session` reads it (asserting 200), and the raw JSON text it came in. */
export async function getSpotlight(server: HttpTarget, session: Session, workshopId: string): Promise<{ spotlight: SpotlightContent; raw: string }> {
  const response = await getSpotlightRequest(server, session, workshopId);
  const raw = await response.text();
  expect(response.status, raw).toBe(200);
  return { spotlight: (JSON.parse(raw) as { spotlight: SpotlightContent }).spotlight, raw }; // status asserted; the tests check the shape
}

/** `PUT /api/workshops/:id/share {shared}`, returning the raw response. */
export function shareRequest(server: HttpTarget, session: Session | null, workshopId: string, body: unknown): Promise<Response> {
  return requestJson(server, `/api/workshops/${workshopId}/share`, { method: 'PUT', session, body });
}

/** `POST /api/workshops/:id/end`, returning the raw response. */
export function endRequest(server: HttpTarget, session: Session | null, workshopId: string): Promise<Response> {
  return requestJson(server, `/api/workshops/${workshopId}/end`, { method: 'POST', session });
}

/** `GET /api/letters/:id` as `session`: its status only (200 for a member, 404 otherwise). */
export async function letterStatus(server: HttpTarget, session: Session, letterId: string): Promise<number> {
  const response = await requestJson(server, `/api/letters/${letterId}`, { session });
  await response.body?.cancel();
  return response.status;
}

/** Every close code a stock provider sees, and the final close (after which it stops reconnecting). */
export function watchCloses(client: TestClient): { codes: number[]; final: Promise<{ code: number }> } {
  const codes: number[] = [];
  client.provider.on('connection-close', (event) => codes.push(event?.code ?? -1));
  const final = new Promise<{ code: number }>((resolve) => client.provider.once('closed', (event) => resolve(event)));
  return { codes, final };
}

/**
 * Waits until the server has handled everything `from` sent and anything of it would be stored:
 * `from`'s presence change (sent after its frames) reaches the owner, then an owner edit is acknowledged.
 */
export async function settle(from: TestClient, owner: TestClient, ownerAcks: AckTracker): Promise<void> {
  const probe = randomUUID();
  from.provider.awareness.setLocalStateField('probe', probe);
  await waitUntil(() => expect(owner.provider.awareness.getStates().get(from.doc.clientID)?.probe).toBe(probe));
  appendParagraph(owner.doc, `owner marker ${probe}`);
  await ownerAcks.waitForSaved(owner.doc);
}
