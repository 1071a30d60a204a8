/** SQL for a letter's own checklist: seeded from the default, then edited per letter. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ChecklistItem, ChecklistTemplateItem, SuggestionKind } from '../../shared/checklist';
import { SUGGESTION_KINDS } from '../../shared/checklist';
import type { Database } from '../db/schema';

function toSuggestion(value: string | null): SuggestionKind | null {
  return value !== null && (SUGGESTION_KINDS as readonly string[]).includes(value) ? (value as SuggestionKind) : null; // checked just before
}

/** Copies template items into a new letter's checklist (inside the creating transaction). */
export async function seedChecklist(db: Kysely<Database>, letterId: string, items: readonly ChecklistTemplateItem[]): Promise<void> {
  if (items.length === 0) return;
  await db
    .insertInto('checklist_items')
    .values(
      items.map((item, position) => ({
        id: randomUUID(),
        letter_id: letterId,
        section_key: item.sectionKey,
        text: item.text,
        position,
        suggestion: item.suggestion ?? null,
        ticked_by: null,
        ticked_at: null,
      })),
    )
    .execute();
}

/** A letter's items in order, with who ticked each. */
export async function listChecklist(db: Kysely<Database>, letterId: string): Promise<ChecklistItem[]> {
  const rows = await db
    .selectFrom('checklist_items')
    .leftJoin('users', 'users.id', 'checklist_items.ticked_by')
    .selectAll('checklist_items')
    .select('users.name as ticked_by_name')
    .where('checklist_items.letter_id', '=', letterId)
    .orderBy('checklist_items.position')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    sectionKey: row.section_key,
    text: row.text,
    position: row.position,
    suggestion: toSuggestion(row.suggestion),
    tickedBy: row.ticked_by ? { userId: row.ticked_by, name: row.ticked_by_name ?? '' } : null,
    tickedAt: row.ticked_at,
  }));
}

/** One item of a letter, or undefined. */
export async function findChecklistItem(db: Kysely<Database>, letterId: string, itemId: string): Promise<ChecklistItem | undefined> {
  return (await listChecklist(db, letterId)).find((item) => item.id === itemId);
}

/** Appends an item at the end. */
export async function addChecklistItem(db: Kysely<Database>, letterId: string, item: { sectionKey: string; text: string }): Promise<string> {
  const last = await db
    .selectFrom('checklist_items')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('letter_id', '=', letterId)
    .executeTakeFirst();
  const id = randomUUID();
  await db
    .insertInto('checklist_items')
    .values({ id, letter_id: letterId, section_key: item.sectionKey, text: item.text, position: (last?.max ?? -1) + 1, suggestion: null, ticked_by: null, ticked_at: null })
    .execute();
  return id;
}

/** Ticks (by `userId`) or unticks an item. */
export async function setTicked(db: Kysely<Database>, itemId: string, userId: string | null): Promise<void> {
  await db
    .updateTable('checklist_items')
    .set({ ticked_by: userId, ticked_at: userId ? new Date().toISOString() : null })
    .where('id', '=', itemId)
    .execute();
}

/** Rewords an item or moves it to another section. */
export async function editChecklistItem(db: Kysely<Database>, itemId: string, changes: { text?: string; sectionKey?: string }): Promise<void> {
  const set = { ...(changes.text !== undefined ? { text: changes.text } : {}), ...(changes.sectionKey !== undefined ? { section_key: changes.sectionKey } : {}) };
  if (Object.keys(set).length > 0) await db.updateTable('checklist_items').set(set).where('id', '=', itemId).execute();
}

/** Moves an item to `position` (0-based, clamped), renumbering the others. */
export async function moveChecklistItem(db: Kysely<Database>, letterId: string, itemId: string, position: number): Promise<void> {
  const ids = (await listChecklist(db, letterId)).map((item) => item.id).filter((id) => id !== itemId);
  ids.splice(Math.min(position, ids.length), 0, itemId);
  await renumber(db, ids);
}

async function renumber(db: Kysely<Database>, orderedIds: readonly string[]): Promise<void> {
  for (const [index, id] of orderedIds.entries()) {
    await db.updateTable('checklist_items').set({ position: index }).where('id', '=', id).execute();
  }
}

/** Removes an item and closes the gap it leaves in the positions. */
export async function removeChecklistItem(db: Kysely<Database>, letterId: string, itemId: string): Promise<void> {
  await db.deleteFrom('checklist_items').where('id', '=', itemId).execute();
  await renumber(db, (await listChecklist(db, letterId)).map((item) => item.id));
}
