/**
 * Sign-ups waiting for their address to be confirmed (when the server sends mail). Nothing is an
 * account until the link mailed to the address is used together with the password chosen at
 * sign-up: the link proves the mailbox, the password proves it is the person who signed up (so a
 * stranger's sign-up with someone's address cannot be confirmed by its holder clicking in good faith).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Profession } from '../../shared/auth';
import { SignupVerification } from '../../shared/auth';
import type { Database, SignupVerificationsTable } from '../db/schema';
import { generateSecureRandomString, hashSecret } from './tokens';

/** A stored pending sign-up. */
export type PendingSignup = Selectable<SignupVerificationsTable>;

/** Stores a pending sign-up; returns its one-time token (only a hash is stored) and expiry. */
export async function createPendingSignup(
  db: Kysely<Database>,
  signup: { email: string; name: string; profession: Profession; passwordHash: string },
): Promise<{ id: string; token: string; expiresAt: string }> {
  const token = generateSecureRandomString() + generateSecureRandomString();
  const now = Date.now();
  const row: PendingSignup = {
    id: randomUUID(),
    email: signup.email,
    name: signup.name,
    profession: signup.profession,
    password_hash: signup.passwordHash,
    token_hash: hashSecret(token),
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + SignupVerification.lifetimeMs).toISOString(),
  };
  // Stale sign-ups go as new ones arrive, so the table holds about a day's worth.
  await db.deleteFrom('signup_verifications').where('expires_at', '<=', row.created_at).execute();
  await db.insertInto('signup_verifications').values(row).execute();
  return { id: row.id, token, expiresAt: row.expires_at };
}

/** The unexpired pending sign-up a token belongs to, or null. */
export async function findPendingSignup(db: Kysely<Database>, token: string): Promise<PendingSignup | null> {
  const row = await db
    .selectFrom('signup_verifications')
    .selectAll()
    .where('token_hash', '=', hashSecret(token))
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirst();
  return row ?? null;
}

/** Deletes one pending sign-up (its mail could not be sent). */
export async function deletePendingSignup(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('signup_verifications').where('id', '=', id).execute();
}

/** Deletes every pending sign-up of an address: once it has an account, none of them may make another. */
export async function deletePendingSignupsFor(db: Kysely<Database>, email: string): Promise<void> {
  await db.deleteFrom('signup_verifications').where('email', '=', email).execute();
}
