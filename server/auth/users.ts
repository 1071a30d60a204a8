/** SQL for accounts. */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { PROFESSIONS, type Profession, type User } from '../../shared/auth';
import { recordAudit } from '../audit/store';
import type { Database, UsersTable } from '../db/schema';
import { ApiException } from '../http/errors';
import type { InviteRow } from '../members/invites';
import { acceptInvite } from '../members/invites';

/**
 * Creates an account (the very first one administers the installation), audits it and, given an
 * invite for its email, joins that letter, all in one transaction. 409 if the email is taken, also
 * when two sign-ups race: the unique index decides.
 */
export async function createAccount(
  db: Kysely<Database>,
  account: { email: string; name: string; profession: Profession; passwordHash: string },
  ip: string | null,
  invite: InviteRow | null,
): Promise<User> {
  try {
    return await db.transaction().execute(async (trx) => {
      const { count } = await trx.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      const row = {
        id: randomUUID(),
        email: account.email,
        name: account.name,
        profession: account.profession,
        password_hash: account.passwordHash,
        is_admin: Number(count) === 0 ? 1 : 0,
        created_at: new Date().toISOString(),
      };
      await trx.insertInto('users').values(row).execute();
      await recordAudit(trx, { action: 'auth.signup', actorId: row.id, ip });
      if (invite) await acceptInvite(trx, invite, row.id, ip);
      return toUser(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

/** A unique constraint refused the row: SQLite's code, or PostgreSQL's SQLSTATE 23505. */
function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === '23505');
}

/** 409 for an email that already has an account. */
export function emailTaken(): ApiException {
  return new ApiException(409, 'email_taken', 'An account with this email already exists: sign in instead.');
}

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
