/**
 * Account factories and session cookies: tests sign up and sign in over HTTP, the way a browser
 * or a script would, and carry the session cookie into every request and socket.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Profession, User } from '../../shared/auth';
import { PROFESSIONS, SESSION_COOKIE } from '../../shared/auth';
import type { HttpTarget, Session } from './http';
import { requestJson } from './http';

let sequence = 0;

/** A signed-in account: its user, its session cookie and the password it was created with. */
export interface TestUser extends Session {
  user: User;
  password: string;
  /** The session token (`<id>.<secret>`), the cookie's value. */
  token: string;
}

/** Fields of a new account; anything left out gets a unique value. */
export interface UserOverrides {
  email?: string;
  password?: string;
  name?: string;
  profession?: Profession;
  inviteToken?: string;
}

/** An email address no other account in this run has. */
export function uniqueEmail(prefix = 'person'): string {
  sequence += 1;
  return `${prefix}-${sequence}-${randomUUID().slice(0, 8)}@casewrite.test`;
}

/** A password no other account in this run has, well over the minimum length. */
export function uniquePassword(): string {
  return `pw-${randomUUID()}`;
}

/** The values a signup would send, unique unless overridden. */
export function signupBody(overrides: UserOverrides = {}) {
  sequence += 1;
  return {
    email: overrides.email ?? uniqueEmail(),
    password: overrides.password ?? uniquePassword(),
    name: overrides.name ?? `Person ${sequence} ${randomUUID().slice(0, 6)}`,
    profession: overrides.profession ?? PROFESSIONS[sequence % PROFESSIONS.length] ?? 'other',
    ...(overrides.inviteToken === undefined ? {} : { inviteToken: overrides.inviteToken }),
  };
}

/** The session token a response set, or null if it set none (or cleared it). */
export function sessionTokenOf(response: Response): string | null {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const separator = pair?.indexOf('=') ?? -1;
    if (!pair || separator < 0) continue;
    if (pair.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(separator + 1).trim();
    return value === '' ? null : value;
  }
  return null;
}

/** The raw `Set-Cookie` header of the session cookie, or null. */
export function sessionSetCookieOf(response: Response): string | null {
  return response.headers.getSetCookie().find((header) => header.trimStart().startsWith(`${SESSION_COOKIE}=`)) ?? null;
}

/** A session built from a token, as a `Cookie` header value. */
export function sessionFromToken(token: string): Session {
  return { cookie: `${SESSION_COOKIE}=${token}` };
}

/** Reads a `201/200 {user}` + Set-Cookie response into a TestUser. */
async function signedIn(response: Response, password: string, what: string): Promise<TestUser> {
  const text = await response.text();
  expect([200, 201], `${what} answered ${response.status}: ${text}`).toContain(response.status);
  const token = sessionTokenOf(response);
  expect(token, `${what} set no session cookie`).not.toBeNull();
  const { user } = JSON.parse(text) as { user: User }; // status checked above; callers assert the shape
  return { user, password, token: token ?? '', ...sessionFromToken(token ?? '') };
}

/** Creates an account through `POST /api/auth/signup` (unique values unless overridden) and returns it signed in. */
export async function createUser(server: HttpTarget, overrides: UserOverrides = {}): Promise<TestUser> {
  const body = signupBody(overrides);
  const response = await requestJson(server, '/api/auth/signup', { method: 'POST', body });
  return signedIn(response, body.password, 'POST /api/auth/signup');
}

/** Signs an existing account in again through `POST /api/auth/login`: a second, separate session. */
export async function signIn(server: HttpTarget, account: { user: { email: string }; password: string }): Promise<TestUser> {
  const response = await requestJson(server, '/api/auth/login', {
    method: 'POST',
    body: { email: account.user.email, password: account.password },
  });
  return signedIn(response, account.password, 'POST /api/auth/login');
}
