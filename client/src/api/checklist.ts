/** A letter's own checklist: list, tick, add, reword, reorder and remove items. */
import { z } from 'zod';
import { SUGGESTION_KINDS, type ChecklistItem } from '../../../shared/checklist';
import { pick, request } from './http';

const checklistPath = (letterId: string) => `/api/letters/${encodeURIComponent(letterId)}/checklist`;
const itemPath = (letterId: string, itemId: string) => `${checklistPath(letterId)}/${encodeURIComponent(itemId)}`;

/** A checklist item as the API returns it. */
export const ChecklistItemSchema: z.ZodType<ChecklistItem> = z.object({
  id: z.string(),
  sectionKey: z.string(),
  text: z.string(),
  position: z.number(),
  suggestion: z.enum(SUGGESTION_KINDS).nullable(),
  tickedBy: z.object({ userId: z.string(), name: z.string() }).nullable(),
  tickedAt: z.string().nullable(),
});

/** `GET /api/letters/:id/checklist`: the items in order. */
export async function listChecklist(letterId: string, signal?: AbortSignal): Promise<ChecklistItem[]> {
  return pick(await request(checklistPath(letterId), { signal }), 'items', z.array(ChecklistItemSchema));
}

/** `PATCH` an item: `{ticked}` (owners, editors, commenters) or `{text, sectionKey, position}` (owners). */
export async function updateChecklistItem(
  letterId: string,
  itemId: string,
  changes: { ticked?: boolean; text?: string; sectionKey?: string; position?: number },
): Promise<ChecklistItem> {
  return pick(await request(itemPath(letterId, itemId), { method: 'PATCH', json: changes }), 'item', ChecklistItemSchema);
}

/** `POST /api/letters/:id/checklist` (owners). */
export async function addChecklistItem(letterId: string, sectionKey: string, text: string): Promise<ChecklistItem> {
  return pick(await request(checklistPath(letterId), { method: 'POST', json: { sectionKey, text } }), 'item', ChecklistItemSchema);
}

/** `DELETE /api/letters/:id/checklist/:itemId` (owners). */
export async function removeChecklistItem(letterId: string, itemId: string): Promise<void> {
  await request(itemPath(letterId, itemId), { method: 'DELETE' });
}
