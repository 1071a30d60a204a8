/** SQL for workshops as their members see them: the workshop, its agenda, its members and their letters. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AgendaStep, Workshop, WorkshopRole, WorkshopSummary } from '../../shared/workshops';
import type { Database } from '../db/schema';
import { generateJoinCode, JOIN_CODE_ATTEMPTS } from './code';
import { idleTimer } from './timer';

/** A step as a request gives it: an id only if it names an existing step. */
export type StepInput = Omit<AgendaStep, 'id'> & { id?: string | undefined };

/** A stored role, narrowed (only our code writes the column). */
export function toWorkshopRole(value: string): WorkshopRole {
  return value === 'facilitator' ? 'facilitator' : 'participant';
}

function parseFocus(value: string): string[] {
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed.filter((key): key is string => typeof key === 'string') : [];
}

/** The agenda of a workshop, in order. */
export async function listSteps(db: Kysely<Database>, workshopId: string): Promise<AgendaStep[]> {
  const rows = await db.selectFrom('workshop_steps').selectAll().where('workshop_id', '=', workshopId).orderBy('position').execute();
  return rows.map((row) => ({ id: row.id, title: row.title, minutes: row.minutes, guidance: row.guidance, focusSections: parseFocus(row.focus_sections) }));
}

/** A join code no workshop has yet (call inside the creating transaction, which serializes writers). */
async function unusedJoinCode(db: Kysely<Database>): Promise<string> {
  for (let attempt = 0; attempt < JOIN_CODE_ATTEMPTS; attempt += 1) {
    const code = generateJoinCode();
    const taken = await db.selectFrom('workshops').select('id').where('join_code', '=', code).executeTakeFirst();
    if (!taken) return code;
  }
  throw new Error(`no unused join code after ${JOIN_CODE_ATTEMPTS} attempts`);
}

/**
 * Replaces a workshop's agenda: steps keep the ids they were given if those are this workshop's,
 * others get new ids; order is array order. Returns the stored steps.
 */
export async function replaceAgenda(db: Kysely<Database>, workshopId: string, steps: readonly StepInput[]): Promise<AgendaStep[]> {
  const existing = new Set((await listSteps(db, workshopId)).map((step) => step.id));
  const used = new Set<string>();
  const stored = steps.map((step): AgendaStep => {
    const keep = step.id !== undefined && existing.has(step.id) && !used.has(step.id);
    const id = keep && step.id !== undefined ? step.id : randomUUID();
    used.add(id);
    return { id, title: step.title, minutes: step.minutes, guidance: step.guidance, focusSections: [...step.focusSections] };
  });
  await db.deleteFrom('workshop_steps').where('workshop_id', '=', workshopId).execute();
  await db
    .insertInto('workshop_steps')
    .values(
      stored.map((step, position) => ({
        id: step.id,
        workshop_id: workshopId,
        position,
        title: step.title,
        minutes: step.minutes,
        guidance: step.guidance,
        focus_sections: JSON.stringify(step.focusSections),
      })),
    )
    .execute();
  return stored;
}

/** Creates a workshop with its agenda, its facilitator and its live state (call inside a transaction). */
export async function insertWorkshop(
  db: Kysely<Database>,
  input: { title: string; date: string; createdBy: string; agenda: readonly StepInput[] },
): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  const joinCode = await unusedJoinCode(db);
  await db.insertInto('workshops').values({ id, title: input.title, date: input.date, join_code: joinCode, created_by: input.createdBy, created_at: now, ended_at: null }).execute();
  const steps = await replaceAgenda(db, id, input.agenda);
  await db
    .insertInto('workshop_members')
    .values({ workshop_id: id, user_id: input.createdBy, role: 'facilitator', letter_id: null, current_section: null, hand_raised_at: null, joined_at: now })
    .execute();
  const timer = idleTimer(steps[0]?.minutes ?? 0);
  await db
    .insertInto('workshop_state')
    .values({ workshop_id: id, timer_state: timer.state, timer_duration_ms: timer.durationMs, timer_ends_at: null, timer_remaining_ms: timer.remainingMs, broadcast_text: null, broadcast_at: null, broadcast_by: null, spotlight_letter_id: null, updated_at: now })
    .execute();
  return id;
}

/** Changes a workshop's title or date. */
export async function updateWorkshopFields(db: Kysely<Database>, workshopId: string, changes: { title?: string | undefined; date?: string | undefined }): Promise<void> {
  const set = { ...(changes.title !== undefined ? { title: changes.title } : {}), ...(changes.date !== undefined ? { date: changes.date } : {}) };
  if (Object.keys(set).length > 0) await db.updateTable('workshops').set(set).where('id', '=', workshopId).execute();
}

/** A workshop as `userId` (a member) sees it, or null if they are not one. */
export async function findWorkshopForUser(db: Kysely<Database>, workshopId: string, userId: string): Promise<Workshop | null> {
  const row = await db
    .selectFrom('workshops')
    .innerJoin('workshop_members as me', (join) => join.onRef('me.workshop_id', '=', 'workshops.id').on('me.user_id', '=', userId))
    .innerJoin('users as facilitator', 'facilitator.id', 'workshops.created_by')
    .select(['workshops.id', 'workshops.title', 'workshops.date', 'workshops.join_code', 'workshops.created_by', 'workshops.created_at', 'workshops.ended_at'])
    .select(['me.role', 'me.letter_id', 'me.shares_text', 'facilitator.name as facilitator_name'])
    .where('workshops.id', '=', workshopId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    title: row.title,
    date: row.date,
    joinCode: row.join_code,
    role: toWorkshopRole(row.role),
    agenda: await listSteps(db, workshopId),
    facilitator: { userId: row.created_by, name: row.facilitator_name },
    createdAt: row.created_at,
    endedAt: row.ended_at,
    myLetterId: row.letter_id,
    sharesText: row.shares_text === 1,
  };
}

/** The workshops `userId` facilitates or joined, the newest date first. */
export async function listWorkshopsForUser(db: Kysely<Database>, userId: string): Promise<WorkshopSummary[]> {
  const rows = await db
    .selectFrom('workshops')
    .innerJoin('workshop_members as me', 'me.workshop_id', 'workshops.id')
    .select(['workshops.id', 'workshops.title', 'workshops.date', 'workshops.ended_at', 'me.role'])
    .select((eb) =>
      eb
        .selectFrom('workshop_members as p')
        .select(eb.fn.countAll<number>().as('count'))
        .whereRef('p.workshop_id', '=', 'workshops.id')
        .where('p.role', '=', 'participant')
        .as('participant_count'),
    )
    .where('me.user_id', '=', userId)
    .orderBy('workshops.date', 'desc')
    .orderBy('workshops.created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    date: row.date,
    role: toWorkshopRole(row.role),
    participantCount: Number(row.participant_count ?? 0),
    endedAt: row.ended_at,
  }));
}

/** The workshop with join code `code` (already upper-case), or undefined. */
export async function findWorkshopByCode(db: Kysely<Database>, code: string) {
  return db.selectFrom('workshops').select(['id', 'ended_at']).where('join_code', '=', code).executeTakeFirst();
}

/** One member's row, or undefined. */
export async function findMember(db: Kysely<Database>, workshopId: string, userId: string) {
  return db.selectFrom('workshop_members').selectAll().where('workshop_id', '=', workshopId).where('user_id', '=', userId).executeTakeFirst();
}

/** Adds `userId` as a participant. */
export async function addParticipant(db: Kysely<Database>, workshopId: string, userId: string): Promise<void> {
  await db
    .insertInto('workshop_members')
    .values({ workshop_id: workshopId, user_id: userId, role: 'participant', letter_id: null, current_section: null, hand_raised_at: null, joined_at: new Date().toISOString() })
    .execute();
}

/** Sets (replaces) a participant's letter in the workshop. */
export async function setMemberLetter(db: Kysely<Database>, workshopId: string, userId: string, letterId: string): Promise<void> {
  await db.updateTable('workshop_members').set({ letter_id: letterId, current_section: null }).where('workshop_id', '=', workshopId).where('user_id', '=', userId).execute();
}

/** Records the section a participant reports working in. */
export async function setCurrentSection(db: Kysely<Database>, workshopId: string, userId: string, section: string | null): Promise<void> {
  await db.updateTable('workshop_members').set({ current_section: section }).where('workshop_id', '=', workshopId).where('user_id', '=', userId).execute();
}

/** Raises (at `raisedAt`) or lowers (null) a member's hand. */
export async function setHand(db: Kysely<Database>, workshopId: string, userId: string, raisedAt: string | null): Promise<void> {
  await db.updateTable('workshop_members').set({ hand_raised_at: raisedAt }).where('workshop_id', '=', workshopId).where('user_id', '=', userId).execute();
}
