/**
 * Who may do what in a workshop, for HTTP routes: non-members get 404 (a workshop id reveals
 * nothing), participants asking for a facilitator's action get 403.
 */
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { WorkshopRole } from '../../shared/workshops';
import { requireAuth } from '../auth/middleware';
import type { Database } from '../db/schema';
import type { Auth, AppEnv } from '../http/context';
import { ApiException, notFound } from '../http/errors';

/** A signed-in member's access to one workshop. */
export interface WorkshopAccess {
  auth: Auth;
  workshopId: string;
  role: WorkshopRole;
  /** Whether the facilitator ended the session. */
  ended: boolean;
}

const WorkshopIdSchema = z.uuid();

/** Requires a session (401), membership (404) and, if asked, the facilitator's role (403). */
export async function requireWorkshopAccess(
  c: Context<AppEnv>,
  db: Kysely<Database>,
  rawWorkshopId: string,
  need: 'member' | 'facilitator' = 'member',
): Promise<WorkshopAccess> {
  const auth = requireAuth(c);
  const parsed = WorkshopIdSchema.safeParse(rawWorkshopId);
  const row = parsed.success
    ? await db
        .selectFrom('workshop_members')
        .innerJoin('workshops', 'workshops.id', 'workshop_members.workshop_id')
        .select(['workshop_members.role', 'workshops.ended_at'])
        .where('workshop_members.workshop_id', '=', parsed.data)
        .where('workshop_members.user_id', '=', auth.user.id)
        .executeTakeFirst()
    : undefined;
  if (!parsed.success || !row) throw notFound('No such workshop.');
  const role: WorkshopRole = row.role === 'facilitator' ? 'facilitator' : 'participant';
  if (need === 'facilitator' && role !== 'facilitator') {
    throw new ApiException(403, 'forbidden', 'Only the facilitator can do that.');
  }
  return { auth, workshopId: parsed.data, role, ended: row.ended_at !== null };
}

/** 409 once the session has ended: its live state no longer changes. */
export function requireNotEnded(access: WorkshopAccess): void {
  if (access.ended) throw new ApiException(409, 'workshop_ended', 'This workshop has ended.');
}
