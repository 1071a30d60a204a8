/** SQL for letters. */
import type { Kysely, Selectable } from 'kysely';
import type { Letter } from '../../shared/letters';
import type { Database, LettersTable } from '../db/schema';

function toLetter(row: Selectable<LettersTable>): Letter {
  return { id: row.id, title: row.title, template: row.template, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Inserts a letter row. */
export async function insertLetter(db: Kysely<Database>, letter: { id: string; title: string; template: string }): Promise<Letter> {
  const now = new Date().toISOString();
  const row = { ...letter, created_at: now, updated_at: now };
  await db.insertInto('letters').values(row).execute();
  return toLetter(row);
}

/** Deletes a letter row (used to undo a creation whose body could not be stored). */
export async function deleteLetter(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('letters').where('id', '=', id).execute();
}

/** One letter, or null. */
export async function findLetter(db: Kysely<Database>, id: string): Promise<Letter | null> {
  const row = await db.selectFrom('letters').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toLetter(row) : null;
}

/** Every letter, most recently edited first. */
export async function listLetters(db: Kysely<Database>): Promise<Letter[]> {
  const rows = await db.selectFrom('letters').selectAll().orderBy('updated_at', 'desc').orderBy('id').execute();
  return rows.map(toLetter);
}

/** Sets a letter's `updated_at` to now (its body was edited). */
export async function touchLetter(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('letters').set({ updated_at: new Date().toISOString() }).where('id', '=', id).execute();
}
