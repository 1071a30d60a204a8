/** The letters API. */
import { z } from 'zod';
import type { Letter, LetterSend, LetterStatus, LetterSummary } from '../../../shared/letters';
import { SendCheckSchema, type SendCheck } from '../../../shared/sendCheck';
import type { TEMPLATE_IDS } from '../../../shared/templates';
import { pick, queryString, request } from './http';
import { LetterSchema, LetterSendSchema, LetterSummarySchema } from './schemas';

const letterPath = (id: string) => `/api/letters/${encodeURIComponent(id)}`;

/** How the dashboard orders letters: soonest deadline first, or most recently edited first. */
export type LetterSort = 'deadline' | 'updated';

/** What `GET /api/letters` filters and sorts by; the server does the searching. */
export interface LetterListQuery {
  status?: LetterStatus;
  /** Matches titles and facilities, case-insensitively. */
  q?: string;
  sort?: LetterSort;
}

/** `GET /api/letters`: my letters, filtered and sorted by `query` (most recently edited first by default). */
export async function listLetters(query: LetterListQuery = {}, signal?: AbortSignal): Promise<LetterSummary[]> {
  const search = queryString({ status: query.status, q: query.q?.trim(), sort: query.sort });
  return pick(await request(`/api/letters${search}`, { signal }), 'letters', z.array(LetterSummarySchema));
}

/** `GET /api/letters/:id`, with my role. */
export async function getLetter(id: string, signal?: AbortSignal): Promise<Letter> {
  return pick(await request(letterPath(id), { signal }), 'letter', LetterSchema);
}

/** A template a new letter may start from. */
export type TemplateId = (typeof TEMPLATE_IDS)[number];

/** `POST /api/letters`: I become its owner; the body starts with `template`'s sections. */
export async function createLetter(title: string, template?: TemplateId): Promise<Letter> {
  return pick(await request('/api/letters', { method: 'POST', json: { title, template } }), 'letter', LetterSchema);
}

/**
 * `PATCH /api/letters/:id`: title (owner, editor) or status (owner). Marking sent carries
 * `acknowledged`, the fingerprint of the send check the owner confirmed.
 */
export async function updateLetter(id: string, changes: { title?: string; status?: LetterStatus; acknowledged?: string }): Promise<Letter> {
  return pick(await request(letterPath(id), { method: 'PATCH', json: changes }), 'letter', LetterSchema);
}

/** `GET /api/letters/:id/sends`: every time the letter was marked sent. */
export async function listSends(id: string, signal?: AbortSignal): Promise<LetterSend[]> {
  return pick(await request(`${letterPath(id)}/sends`, { signal }), 'sends', z.array(LetterSendSchema));
}

/** `GET /api/letters/:id/send-check`: what is outstanding before the letter is marked sent (owners). */
export async function getSendCheck(id: string, signal?: AbortSignal): Promise<SendCheck> {
  return pick(await request(`${letterPath(id)}/send-check`, { signal }), 'sendCheck', SendCheckSchema);
}

/** The address of a letter's export as a Word document or a PDF. */
export function exportUrl(id: string, format: 'docx' | 'pdf'): string {
  return `${letterPath(id)}/export?format=${format}`;
}
