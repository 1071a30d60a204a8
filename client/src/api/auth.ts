/** The account API: sign up, sign in, sign out, who am I, profile. */
import type { Profession, User } from '../../../shared/auth';
import { z } from 'zod';
import { ApiRequestError, pick, request } from './http';
import { UserSchema } from './schemas';

/** What the sign-up form sends. */
export interface SignupInput {
  email: string;
  password: string;
  name: string;
  profession: Profession;
  inviteToken?: string;
}

/** What a sign-up led to: an account, signed in (`letterId`: the letter an invite let it join), or a mail to confirm the address. */
export type SignUpResult = { kind: 'signed-in'; user: User; letterId: string | null } | { kind: 'check-email'; email: string };

/** `POST /api/auth/signup`: creates the account and signs in, or (when the server sends mail) mails a confirmation link. */
export async function signUp(input: SignupInput): Promise<SignUpResult> {
  const body = await request('/api/auth/signup', { method: 'POST', json: input });
  if (typeof body === 'object' && body !== null && 'verification' in body) {
    return { kind: 'check-email', email: pick(body, 'verification', z.object({ email: z.string() })).email };
  }
  return { kind: 'signed-in', user: pick(body, 'user', UserSchema), letterId: pick(body, 'letterId', z.string().optional()) ?? null };
}

/** `POST /api/auth/verify`: finishes a sign-up from its mailed link, with the password chosen then; signs in. */
export async function verifySignUp(token: string, password: string): Promise<User> {
  return pick(await request('/api/auth/verify', { method: 'POST', json: { token, password } }), 'user', UserSchema);
}

/** `POST /api/auth/login`. */
export async function signIn(email: string, password: string): Promise<User> {
  return pick(await request('/api/auth/login', { method: 'POST', json: { email, password } }), 'user', UserSchema);
}

/** `POST /api/auth/logout`; an already-ended session counts as signed out. */
export async function signOut(): Promise<void> {
  try {
    await request('/api/auth/logout', { method: 'POST' });
  } catch (error) {
    if (!(error instanceof ApiRequestError && error.status === 401)) throw error;
  }
}

/**
 * `GET /api/auth/session`: the signed-in user, or null when there is no session. It answers 200
 * either way, so that a signed-out visit logs no failed request (`GET /api/me` answers 401).
 */
export async function fetchMe(signal?: AbortSignal): Promise<User | null> {
  return pick(await request('/api/auth/session', { signal }), 'user', UserSchema.nullable());
}

/** `PATCH /api/me`. */
export async function updateProfile(changes: { name?: string; profession?: Profession }): Promise<User> {
  return pick(await request('/api/me', { method: 'PATCH', json: changes }), 'user', UserSchema);
}
