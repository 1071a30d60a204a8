/** SQL for accounts. */
import type { Kysely, Selectable } from 'kysely';
import { PROFESSIONS, type Profession, type User } from '../../shared/auth';
import type { Database, UsersTable } from '../db/schema';

/** The API's view of an account row (never the password hash). */
export function toUser(row: Pick<Selectable<UsersTable>, 'id' | 'email' | 'name' | 'profession' | 'is_admin'>): User {
  return { id: row.id, email: row.email, name: row.name, profession: toProfession(row.profession), isAdmin: row.is_admin === 1 };
}

/** A stored profession, or 'other' for anything unexpected. */
export function toProfession(value: string): Profession {
  return (PROFESSIONS as readonly string[]).includes(value) ? (value as Profession) : 'other'; // checked just before
}

/** The account with this (normalised) email, with its password hash, or undefined. */
export function findUserByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** The account with this id, or undefined. */
export async function findUserById(db: Kysely<Database>, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** Changes the name and/or profession of an account. */
export async function updateProfile(db: Kysely<Database>, id: string, changes: { name?: string; profession?: Profession }): Promise<User | undefined> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
  return findUserById(db, id);
}
