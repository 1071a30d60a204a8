/** SQL for letters, as seen by one member. */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Letter, LetterPerson, LetterStatus, LetterSummary } from '../../shared/letters';
import { LETTER_STATUSES } from '../../shared/letters';
import type { LetterRole } from '../../shared/roles';
import { LETTER_ROLES } from '../../shared/roles';
import { toProfession } from '../auth/users';
import type { DocStore } from '../collab/docStore';
import type { Database } from '../db/schema';
import { deidentifiedTitle } from '../workshops/deidentify';

interface LetterRow {
  id: string;
  title: string;
  template: string;
  status: string;
  created_at: string;
  updated_at: string;
}

/** A stored role, narrowed (only our code writes the column, always from LETTER_ROLES). */
export function toRole(value: string): LetterRole {
  return (LETTER_ROLES as readonly string[]).includes(value) ? (value as LetterRole) : 'viewer'; // checked just before
}

function toStatus(value: string): LetterStatus {
  return (LETTER_STATUSES as readonly string[]).includes(value) ? (value as LetterStatus) : 'draft'; // checked just before
}

function toLetter(row: LetterRow & { owner_name?: string | null }, role: LetterRole, grantedByWorkshop: string | null = null): Letter {
  return {
    id: row.id,
    // A workshop grant is de-identified: never the title, which people type names into.
    title: grantedByWorkshop === null ? row.title : deidentifiedTitle(row.owner_name),
    template: row.template,
    status: toStatus(row.status),
    frozen: row.status === 'sent',
    role,
    deidentified: grantedByWorkshop !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The name of a letter's first owner (by their own right), for the title a de-identified member sees. */
export function ownerName(eb: ExpressionBuilder<Database, 'letters'>) {
  return eb
    .selectFrom('letter_members as first_owner')
    .innerJoin('users as owner_user', 'owner_user.id', 'first_owner.user_id')
    .select('owner_user.name')
    .whereRef('first_owner.letter_id', '=', 'letters.id')
    .where('first_owner.role', '=', 'owner')
    .where('first_owner.granted_by_workshop', 'is', null)
    .orderBy('first_owner.added_at')
    .limit(1)
    .as('owner_name');
}

/** Inserts a letter with its creator as owner (call inside a transaction with the body append). */
export async function insertLetter(
  db: Kysely<Database>,
  letter: { id: string; title: string; template: string; ownerId: string },
): Promise<Letter> {
  const now = new Date().toISOString();
  const row = { id: letter.id, title: letter.title, template: letter.template, status: 'draft', created_at: now, updated_at: now };
  await db.insertInto('letters').values(row).execute();
  await db.insertInto('letter_members').values({ letter_id: letter.id, user_id: letter.ownerId, role: 'owner', added_at: now }).execute();
  return toLetter(row, 'owner');
}

/**
 * Deletes a letter and everything that belongs to it, inside the caller's transaction: its body
 * (the DocStore's rows, under the room's lock so no append slips in) and, by foreign keys, its
 * members, invites, case, checklist, comments, reviews, versions, sends and inbox items; a
 * workshop that had it attached or spotlighted keeps going without it. Only the audit log's
 * entries about it remain.
 */
export async function deleteLetter(trx: Kysely<Database>, docStore: DocStore, id: string): Promise<void> {
  await docStore.delete(trx, id);
  await trx.deleteFrom('letters').where('id', '=', id).execute();
}

/** A member's role on a letter, or null when not a member (or no such letter). */
export async function findRole(db: Kysely<Database>, letterId: string, userId: string): Promise<LetterRole | null> {
  const row = await db
    .selectFrom('letter_members')
    .select('role')
    .where('letter_id', '=', letterId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? toRole(row.role) : null;
}

/** One letter as `userId` sees it, or null when they are not a member. */
export async function findLetterForUser(db: Kysely<Database>, id: string, userId: string): Promise<Letter | null> {
  const row = await db
    .selectFrom('letters')
    .innerJoin('letter_members', 'letter_members.letter_id', 'letters.id')
    .selectAll('letters')
    .select(['letter_members.role', 'letter_members.granted_by_workshop'])
    .select(ownerName)
    .where('letters.id', '=', id)
    .where('letter_members.user_id', '=', userId)
    .executeTakeFirst();
  return row ? toLetter(row, toRole(row.role), row.granted_by_workshop) : null;
}

/** Whether `userId`'s membership of a letter was granted by a workshop (they see it de-identified). */
export async function isWorkshopGrant(db: Kysely<Database>, letterId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('letter_members')
    .select('granted_by_workshop')
    .where('letter_id', '=', letterId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined && row.granted_by_workshop !== null;
}

/** Which of a member's letters to list, and in what order. */
export interface LetterListFilter {
  status?: LetterStatus;
  /** Matches titles and facilities, case-insensitively. */
  q?: string;
  sort: 'updated' | 'deadline';
}

/** The letters `userId` is a member of, filtered and sorted, with everyone on each and the deadline. */
export async function listLettersForUser(
  db: Kysely<Database>,
  userId: string,
  filter: LetterListFilter,
  isOnline: (letterId: string, userId: string) => boolean,
): Promise<LetterSummary[]> {
  // A case detail: hidden (also from sorting) from members a workshop granted access to.
  const deadline = sql<string>`case when letter_members.granted_by_workshop is null then coalesce(json_extract(case_details.data, '$.deadline'), '') else '' end`;
  let query = db
    .selectFrom('letters')
    .innerJoin('letter_members', 'letter_members.letter_id', 'letters.id')
    .leftJoin('case_details', 'case_details.letter_id', 'letters.id')
    .selectAll('letters')
    .select([
      'letter_members.role',
      'letter_members.granted_by_workshop',
      deadline.as('deadline'),
    ])
    .select(ownerName)
    .where('letter_members.user_id', '=', userId);
  if (filter.status) query = query.where('letters.status', '=', filter.status);
  if (filter.q) {
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    query = query.where((eb) =>
      eb.or([
        // Titles too: a search must not confirm a name typed into a title they are shown masked.
        eb.and([eb('letter_members.granted_by_workshop', 'is', null), eb(sql`casefold(letters.title)`, 'like', sql`${pattern} escape '\\'`)]),
        // Facilities are case details: searching them must not reveal them to workshop-granted members.
        eb.and([
          eb('letter_members.granted_by_workshop', 'is', null),
          eb(sql`casefold(coalesce(json_extract(case_details.data, '$.facility'), ''))`, 'like', sql`${pattern} escape '\\'`),
        ]),
      ]),
    );
  }
  query =
    filter.sort === 'deadline'
      ? // Soonest deadline first; letters without one last.
        // (The expression, not its alias: PostgreSQL orders by an output column only by its bare name.)
        query.orderBy(sql`${deadline} = ''`).orderBy('deadline').orderBy('letters.updated_at', 'desc')
      : query.orderBy('letters.updated_at', 'desc');
  const rows = await query.orderBy('letters.id').execute();
  if (rows.length === 0) return [];
  const people = await db
    .selectFrom('letter_members')
    .innerJoin('users', 'users.id', 'letter_members.user_id')
    .select(['letter_members.letter_id', 'letter_members.role', 'users.id', 'users.name', 'users.profession'])
    .where(
      'letter_members.letter_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('users.name')
    .execute();
  const byLetter = new Map<string, LetterPerson[]>();
  for (const person of people) {
    const list = byLetter.get(person.letter_id) ?? [];
    list.push({
      userId: person.id,
      name: person.name,
      profession: toProfession(person.profession),
      role: toRole(person.role),
      online: isOnline(person.letter_id, person.id),
    });
    byLetter.set(person.letter_id, list);
  }
  return rows.map((row) => ({ ...toLetter(row, toRole(row.role), row.granted_by_workshop), people: byLetter.get(row.id) ?? [], deadline: row.deadline }));
}

/** Changes title and/or status; returns whether the letter exists. */
export async function updateLetter(db: Kysely<Database>, id: string, changes: { title?: string; status?: LetterStatus }): Promise<void> {
  await db
    .updateTable('letters')
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}

/** A letter's status, or null when there is no such letter. */
export async function findStatus(db: Kysely<Database>, id: string): Promise<LetterStatus | null> {
  const row = await db.selectFrom('letters').select('status').where('id', '=', id).executeTakeFirst();
  return row ? toStatus(row.status) : null;
}

/** Whether a letter row exists (whoever asks). */
export async function letterExists(db: Kysely<Database>, id: string): Promise<boolean> {
  return (await db.selectFrom('letters').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Sets a letter's `updated_at` to now (its body was edited). */
export async function touchLetter(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('letters').set({ updated_at: new Date().toISOString() }).where('id', '=', id).execute();
}
