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

/** `POST /api/auth/signup`: creates the account and signs in; `letterId` is the letter an invite let it join. */
export async function signUp(input: SignupInput): Promise<{ user: User; letterId: string | null }> {
  const body = await request('/api/auth/signup', { method: 'POST', json: input });
  return { user: pick(body, 'user', UserSchema), letterId: pick(body, 'letterId', z.string().optional()) ?? null };
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

/** `GET /api/me`: the signed-in user, or null when there is no session. */
export async function fetchMe(signal?: AbortSignal): Promise<User | null> {
  try {
    return pick(await request('/api/me', { signal }), 'user', UserSchema);
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401) return null;
    throw error;
  }
}

/** `PATCH /api/me`. */
export async function updateProfile(changes: { name?: string; profession?: Profession }): Promise<User> {
  return pick(await request('/api/me', { method: 'PATCH', json: changes }), 'user', UserSchema);
}
