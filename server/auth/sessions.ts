/**
 * Sessions after Lucia's design: the token is `<id>.<secret>`, the database keeps the id and a
 * SHA-256 of the secret, the comparison is constant-time, and a session expires after a period of
 * inactivity, refreshed as it is used.
 */
import type { Kysely } from 'kysely';
import type { User } from '../../shared/auth';
import type { Database } from '../db/schema';
import { generateSecureRandomString, hashSecret, secretMatches } from './tokens';
import { toUser } from './users';

/** A session ends after this long without use. */
export const SESSION_INACTIVITY_MS = 14 * 24 * 60 * 60 * 1000;
/** How often a session in use has its inactivity clock reset (not on every request). */
const ACTIVITY_REFRESH_MS = 60 * 60 * 1000;

/** Whether a session last used at `lastVerifiedAt` (epoch ms) has expired by `now`. */
export function sessionExpired(lastVerifiedAt: number, now = Date.now()): boolean {
  return now - lastVerifiedAt >= SESSION_INACTIVITY_MS;
}

/** A valid session. */
export interface Session {
  id: string;
  userId: string;
  /** Whether this validation extended the session (the cookie should be sent again). */
  refreshed: boolean;
}

/** Creates a session for a user; the token goes in the cookie and nowhere else. */
export async function createSession(db: Kysely<Database>, userId: string): Promise<{ token: string; session: Session }> {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  const now = Date.now();
  await db
    .insertInto('sessions')
    .values({ id, user_id: userId, secret_hash: hashSecret(secret), created_at: now, last_verified_at: now })
    .execute();
  return { token: `${id}.${secret}`, session: { id, userId, refreshed: true } };
}

/** The session and user a token belongs to, or null if it is malformed, unknown, wrong or expired. */
export async function validateSessionToken(db: Kysely<Database>, token: string): Promise<{ session: Session; user: User } | null> {
  const [id, secret, ...rest] = token.split('.');
  if (!id || !secret || rest.length > 0 || id.length > 64 || secret.length > 64) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as sessionId', 'sessions.secret_hash', 'sessions.last_verified_at'])
    .selectAll('users')
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row || !secretMatches(secret, row.secret_hash)) return null;
  const now = Date.now();
  if (sessionExpired(row.last_verified_at, now)) {
    await invalidateSession(db, id);
    return null;
  }
  const refreshed = now - row.last_verified_at >= ACTIVITY_REFRESH_MS;
  if (refreshed) await db.updateTable('sessions').set({ last_verified_at: now }).where('id', '=', id).execute();
  return { session: { id, userId: row.id, refreshed }, user: toUser(row) };
}

/** Ends one session. */
export async function invalidateSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}
