/**
 * Who may do what to a letter, for HTTP routes: non-members get 404 (a letter id reveals nothing),
 * members without the capability get 403.
 */
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { LetterIdSchema } from '../../shared/letters';
import type { LetterCapability, LetterRole } from '../../shared/roles';
import { can } from '../../shared/roles';
import { requireAuth } from '../auth/middleware';
import type { Database } from '../db/schema';
import type { Auth, AppEnv } from '../http/context';
import { ApiException, notFound } from '../http/errors';
import { findRole } from './store';

/** A signed-in member's access to one letter. */
export interface LetterAccess {
  auth: Auth;
  letterId: string;
  role: LetterRole;
}

/** Requires a session (401), membership (404) and, if given, a capability (403). */
export async function requireLetterAccess(
  c: Context<AppEnv>,
  db: Kysely<Database>,
  rawLetterId: string,
  capability: LetterCapability = 'read',
): Promise<LetterAccess> {
  const auth = requireAuth(c);
  const parsed = LetterIdSchema.safeParse(rawLetterId);
  const role = parsed.success ? await findRole(db, parsed.data, auth.user.id) : null;
  if (!parsed.success || !role) throw notFound('No such letter.');
  if (!can(role, capability)) throw forbidden();
  return { auth, letterId: parsed.data, role };
}

/** 409 while the letter is sent: it is read-only until an owner reopens it. */
export async function requireNotFrozen(db: Kysely<Database>, letterId: string): Promise<void> {
  const row = await db.selectFrom('letters').select('status').where('id', '=', letterId).executeTakeFirst();
  if (row?.status === 'sent') throw letterSent();
}

/** 409: the letter was sent (or is being sent) and is read-only. */
export function letterSent(): ApiException {
  return new ApiException(409, 'letter_sent', 'This letter was sent and is read-only. An owner can reopen it.');
}

/** 403 for a member whose role does not allow the action. */
export function forbidden(message = 'Your role on this letter does not allow that.'): ApiException {
  return new ApiException(403, 'forbidden', message);
}
