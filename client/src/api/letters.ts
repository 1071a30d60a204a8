/** The letters API. */
import { z } from 'zod';
import type { Letter, LetterStatus, LetterSummary } from '../../../shared/letters';
import { pick, request } from './http';
import { LetterSchema, LetterSummarySchema } from './schemas';

const letterPath = (id: string) => `/api/letters/${encodeURIComponent(id)}`;

/** `GET /api/letters`: my letters, most recently edited first. */
export async function listLetters(signal?: AbortSignal): Promise<LetterSummary[]> {
  return pick(await request('/api/letters', { signal }), 'letters', z.array(LetterSummarySchema));
}

/** `GET /api/letters/:id`, with my role. */
export async function getLetter(id: string, signal?: AbortSignal): Promise<Letter> {
  return pick(await request(letterPath(id), { signal }), 'letter', LetterSchema);
}

/** `POST /api/letters`: I become its owner. */
export async function createLetter(title: string): Promise<Letter> {
  return pick(await request('/api/letters', { method: 'POST', json: { title } }), 'letter', LetterSchema);
}

/** `PATCH /api/letters/:id`: title (owner, editor) or status (owner). */
export async function updateLetter(id: string, changes: { title?: string; status?: LetterStatus }): Promise<Letter> {
  return pick(await request(letterPath(id), { method: 'PATCH', json: changes }), 'letter', LetterSchema);
}
