/** SQL for letter members. */
import type { Kysely } from 'kysely';
import type { Member } from '../../shared/members';
import type { LetterRole } from '../../shared/roles';
import { toProfession } from '../auth/users';
import type { Database } from '../db/schema';
import { toRole } from '../letters/store';

/** Everyone on a letter, owners first, then by name. */
export async function listMembers(db: Kysely<Database>, letterId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('letter_members')
    .innerJoin('users', 'users.id', 'letter_members.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.profession', 'letter_members.role', 'letter_members.added_at'])
    .where('letter_members.letter_id', '=', letterId)
    .execute();
  const rank = (role: LetterRole) => ['owner', 'editor', 'commenter', 'viewer'].indexOf(role);
  return rows
    .map((row) => ({
      userId: row.id,
      email: row.email,
      name: row.name,
      profession: toProfession(row.profession),
      role: toRole(row.role),
      addedAt: row.added_at,
    }))
    .sort((a, b) => rank(a.role) - rank(b.role) || a.name.localeCompare(b.name));
}

/** One member, or undefined. */
export async function findMember(db: Kysely<Database>, letterId: string, userId: string): Promise<Member | undefined> {
  return (await listMembers(db, letterId)).find((member) => member.userId === userId);
}

/** Whether someone with this (normalised) email is on the letter. */
export async function isMemberEmail(db: Kysely<Database>, letterId: string, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('letter_members')
    .innerJoin('users', 'users.id', 'letter_members.user_id')
    .select('users.id')
    .where('letter_members.letter_id', '=', letterId)
    .where('users.email', '=', email)
    .executeTakeFirst();
  return row !== undefined;
}

/** Changes a member's role. */
export async function setMemberRole(db: Kysely<Database>, letterId: string, userId: string, role: LetterRole): Promise<void> {
  await db.updateTable('letter_members').set({ role }).where('letter_id', '=', letterId).where('user_id', '=', userId).execute();
}

/** Removes a member. */
export async function removeMember(db: Kysely<Database>, letterId: string, userId: string): Promise<void> {
  await db.deleteFrom('letter_members').where('letter_id', '=', letterId).where('user_id', '=', userId).execute();
}

/** How many owners a letter has. */
export async function countOwners(db: Kysely<Database>, letterId: string): Promise<number> {
  const row = await db
    .selectFrom('letter_members')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('letter_id', '=', letterId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
